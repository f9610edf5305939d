"""Shared setup for the safety tests: a real conversation between two members and screened messages."""

from __future__ import annotations

import itertools
from typing import Any

from peercircle.accounts.models import User
from peercircle.conversations.models import Conversation, Message
from peercircle.conversations.services import conversation_create
from peercircle.safety.screening import screen

URGENT = "I have saved up my pills and I am going to take them all tonight"
URGENT_2 = "I bought rope today. goodbye everyone"
CONCERN = "I feel like such a burden, everyone would be better off without me"
CALM = "thanks for listening, the walk helped a bit"

_seq = itertools.count(1)


def pair(a: User, b: User) -> Conversation:
    return conversation_create(participants=[a, b])


def add_message(conversation: Conversation, sender: User | None, text: str, **extra: Any) -> Message:
    """Store a screened message the way the conversations app does (without its rate limit or hook)."""
    conversation.last_seq += 1
    conversation.save(update_fields=["last_seq"])
    result = screen(text)
    return Message.objects.create(
        conversation=conversation,
        sender=sender,
        seq=conversation.last_seq,
        client_id=f"t-{next(_seq)}",
        text=text,
        kind=extra.pop("kind", Message.Kind.USER),
        risk_level=result.level,
        risk_score=result.score,
        risk_reasons=result.reasons,
        **extra,
    )
