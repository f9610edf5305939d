"""Export and erasure of a member's conversations (called by peercircle.core.privacy).

Export: every message the member wrote (held and moderated ones too: they wrote them) and the
conversations they took part in, with their peers' handles.

Erasure keeps the conversations' shape for the peers: each message the member sent stays in its place
with its text cleared and `is_deleted` set, so the peer sees "message deleted" rather than a silent gap
in the sequence. Their participant rows are marked left (read position and private feedback cleared), a
closing note they wrote is cleared, and system notices naming them ("X has closed this conversation")
name a former member instead.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.conversations.models import Conversation, Message, Participant

FORMER_MEMBER = "A former member"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(user: User) -> dict[str, Any]:
    """The member's own messages (conversation id, seq, text, time) and their conversations."""
    messages = Message.objects.filter(sender=user).order_by("conversation_id", "seq")
    memberships = (
        Participant.objects.filter(user=user)
        .select_related("conversation")
        .prefetch_related("conversation__participants__user")
        .order_by("joined_at", "id")
    )
    return {
        "messages": [
            {
                "conversation_id": m.conversation_id,
                "seq": m.seq,
                "text": m.text,
                "created_at": _iso(m.created_at),
                "is_held": m.is_held,
                "is_removed": m.is_removed,
            }
            for m in messages
        ],
        "conversations": [
            {
                "id": p.conversation_id,
                "kind": p.conversation.kind,
                "status": p.conversation.status,
                "role": p.role,
                "peers": [
                    other.user.handle
                    for other in p.conversation.participants.all()
                    if other.user_id != user.pk
                ],
                "joined_at": _iso(p.joined_at),
                "left_at": _iso(p.left_at),
                "ended_at": _iso(p.conversation.ended_at),
                "closing_note": p.conversation.closing_note if p.conversation.ended_by_id == user.pk else "",
                "feedback_rating": p.feedback_rating,
            }
            for p in memberships
        ],
    }


def erase_user_data(user: User) -> None:
    """Clear the member's words from every conversation; peers keep a "message deleted" placeholder."""
    now = timezone.now()
    _clear_messages(user)
    conversation_ids = list(Participant.objects.filter(user=user).values_list("conversation_id", flat=True))
    Participant.objects.filter(user=user, left_at__isnull=True).update(left_at=now)
    Participant.objects.filter(user=user).update(last_read_seq=0, feedback_rating=None, updated_at=now)
    Conversation.objects.filter(ended_by=user).update(closing_note="")
    _unname_in_system_messages(user, conversation_ids)
    _end_abandoned_pairs(conversation_ids)


def _end_abandoned_pairs(conversation_ids: list[int]) -> None:
    # A one-on-one with one person left would accept messages nobody can read.
    from peercircle.conversations.services import conversation_end_without_member

    for conversation in Conversation.objects.filter(
        pk__in=conversation_ids, kind=Conversation.Kind.PAIR, status=Conversation.Status.ACTIVE
    ):
        conversation_end_without_member(conversation=conversation)


def _clear_messages(user: User) -> None:
    # client_id stays: a random key the sender's browser made, not their words.
    Message.objects.filter(sender=user).update(text="", is_deleted=True, risk_reasons=[])


def _unname_in_system_messages(user: User, conversation_ids: list[int]) -> None:
    # Message text is encrypted at rest, so the handle cannot be searched in SQL; system notices are few.
    if not user.handle:
        return
    # Whole handles only: "sam" must not turn "same" into nonsense.
    handle = re.compile(rf"(?<![\w-]){re.escape(user.handle)}(?![\w-])")
    notices = Message.objects.filter(conversation_id__in=conversation_ids, sender__isnull=True).exclude(
        kind=Message.Kind.USER
    )
    for message in notices:
        text = handle.sub(FORMER_MEMBER, message.text)
        if text != message.text:
            message.text = text
            message.save(update_fields=["text"])
