"""Retention of conversations (called daily by peercircle.core.retention).

`policy.ended_conversation_days` after a conversation ended, its messages are deleted. The conversation
and participant rows stay (no text in them but an optional closing note, cleared too): matching's
"never again" rules and the program's counts of conversations read them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from peercircle.conversations.models import Conversation, Message
from peercircle.core.models import RetentionSettings


def enforce(*, now: datetime, policy: RetentionSettings) -> dict[str, int]:
    """Delete the messages of conversations that ended more than `ended_conversation_days` ago."""
    if not policy.ended_conversation_days:
        return {}
    cutoff = now - timedelta(days=policy.ended_conversation_days)
    ended = Conversation.objects.filter(status=Conversation.Status.ENDED, ended_at__lt=cutoff)
    deleted, _per_model = Message.objects.filter(conversation__in=ended).delete()
    notes = ended.exclude(closing_note="").update(closing_note="", updated_at=now)
    return {"messages": deleted, "closing_notes": notes}
