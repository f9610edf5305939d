"""Reads of the conversations domain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from peercircle.accounts.models import User
from peercircle.conversations.models import Conversation, Message, Participant
from peercircle.core.exceptions import NotFound

HISTORY_PAGE = 50
HISTORY_PAGE_MAX = 200


def conversation_group(conversation_id: int) -> str:
    """The channel-layer group every open chat page of one conversation listens to."""
    return f"conversation.{conversation_id}"


def access_conversation_by_id(user: User, conversation_id: int) -> Conversation:
    """The conversation if `user` is a current participant; NotFound alike for missing and someone else's."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    conversation = Conversation.objects.filter(
        pk=conversation_id, participants__user=user, participants__left_at__isnull=True
    ).first()
    if conversation is None:
        raise NotFound()
    return conversation


def participant_ids(*, conversation: Conversation) -> list[int]:
    return list(
        Participant.objects.filter(conversation=conversation, left_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )


def visible_messages(*, conversation: Conversation, user: User) -> QuerySet[Message]:
    """Messages `user` may read: everything except what the contact guard held back from someone else,
    and, for a moderator who joined, nothing from before they joined (the flagged context they need
    comes through the safety app, not the members' whole history)."""
    queryset = (
        Message.objects.filter(conversation=conversation)
        .filter(Q(is_held=False) | Q(sender=user))
        .select_related("sender")
        .order_by("seq")
    )
    joined_at = (
        Participant.objects.filter(conversation=conversation, user=user, role=Participant.Role.MODERATOR)
        .values_list("joined_at", flat=True)
        .first()
    )
    if joined_at is not None:
        queryset = queryset.filter(created_at__gte=joined_at)
    return queryset


def message_page(
    *,
    conversation: Conversation,
    user: User,
    after_seq: int | None = None,
    before_seq: int | None = None,
    limit: int = HISTORY_PAGE,
) -> tuple[list[Message], bool]:
    """A page of visible messages in seq order, and whether more exist in the direction of paging.

    With `after_seq`, the oldest messages after it (catching up); otherwise the newest before `before_seq`
    (or the newest of all), so a page opens at the bottom of the conversation.
    """
    limit = max(1, min(limit, HISTORY_PAGE_MAX))
    queryset = visible_messages(conversation=conversation, user=user)
    if after_seq is not None:
        rows = list(queryset.filter(seq__gt=after_seq)[: limit + 1])
        return rows[:limit], len(rows) > limit
    if before_seq is not None:
        queryset = queryset.filter(seq__lt=before_seq)
    rows = list(queryset.order_by("-seq")[: limit + 1])
    has_more = len(rows) > limit
    return list(reversed(rows[:limit])), has_more


@dataclass(frozen=True)
class SendState:
    can_send: bool
    code: str = ""
    reason: str = ""


def conversation_send_state(
    *,
    conversation: Conversation,
    user: User,
    member_ids: list[int] | None = None,
    blocked_ids: set[int] | None = None,
) -> SendState:
    """Whether `user` may write here now, and if not, a reason that is safe and kind to show them.

    `member_ids` and `blocked_ids` (members blocked either way) save queries for a caller that read them.
    """
    from peercircle.safety.selectors import blocked_user_ids

    if not conversation.is_active:
        return SendState(
            False, "conversation_ended", _("This conversation has ended. Nothing more can be sent.")
        )
    if user.is_suspended:
        return SendState(False, "suspended", _("Your account is suspended, so you cannot send messages."))
    if user.is_muted:
        return SendState(False, "muted", _("You are muted for now, so you cannot send messages."))
    if member_ids is None:
        member_ids = participant_ids(conversation=conversation)
    others = set(member_ids) - {user.pk}
    if blocked_ids is None:
        blocked_ids = blocked_user_ids(user=user)
    if others & blocked_ids:
        return SendState(
            False, "blocked", _("A block is in place in this conversation, so no new messages can be sent.")
        )
    return SendState(True)


def read_state(*, conversation: Conversation) -> dict[int, int]:
    """How far each participant has read (user id -> last read seq), for "seen" receipts."""
    return dict(
        Participant.objects.filter(conversation=conversation, left_at__isnull=True).values_list(
            "user_id", "last_read_seq"
        )
    )


def _unread_filter(user: User) -> Q:
    # One filter() call so the participant conditions apply to the same membership row.
    return Q(
        conversation__participants__user=user,
        conversation__participants__left_at__isnull=True,
        seq__gt=F("conversation__participants__last_read_seq"),
        # A moderator who joined late has nothing unread from before they joined (they cannot see it).
        created_at__gte=F("conversation__participants__joined_at"),
        is_held=False,
    ) & ~Q(sender=user)


def unread_total(*, user: User) -> int:
    """Messages from others the member has not read yet, across all their conversations."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Message.objects.filter(_unread_filter(user)).count()


def conversation_list(*, user: User) -> list[Conversation]:
    """The member's conversations, newest activity first, each with `unread` and `others` attached."""
    conversations = list(
        Conversation.objects.filter(participants__user=user, participants__left_at__isnull=True)
        .prefetch_related("participants__user")
        .order_by("status", "-updated_at", "-id")
    )
    unread = dict(
        Message.objects.filter(_unread_filter(user))
        .values("conversation_id")
        .annotate(n=Count("id"))
        .values_list("conversation_id", "n")
    )
    for conversation in conversations:
        conversation.unread = unread.get(conversation.pk, 0)  # type: ignore[attr-defined]
        conversation.others = [  # type: ignore[attr-defined]
            p.user for p in conversation.participants.all() if p.user_id != user.pk and p.left_at is None
        ]
    return conversations


def message_is_cleared(message: Message) -> bool:
    """Whether a message shows a placeholder instead of its text (moderated, sender gone, or expired)."""
    return message.is_removed or message.is_deleted or message.is_expired


def message_payload(message: Message) -> dict[str, Any]:
    """The wire shape of a message (WebSocket protocol v1 and the JSON API share it)."""
    sender = message.sender
    return {
        "id": message.pk,
        "conversation_id": message.conversation_id,
        "seq": message.seq,
        "client_id": message.client_id,
        "sender_id": message.sender_id,
        "sender_handle": sender.handle if sender is not None else "",
        "kind": message.kind,
        "text": "" if message_is_cleared(message) else message.text,
        "is_held": message.is_held,
        "is_removed": message.is_removed,
        "is_deleted": message.is_deleted,
        "is_expired": message.is_expired,
        "created_at": message.created_at.isoformat(),
    }


def unread_in(*, conversation: Conversation, user: User) -> int:
    """Unread messages from others in one conversation."""
    return Message.objects.filter(_unread_filter(user), conversation=conversation).count()
