from __future__ import annotations

import pytest

from peercircle.conversations.models import Conversation
from peercircle.conversations.services import conversation_create


@pytest.fixture
def pair(member, other_member) -> Conversation:  # type: ignore[no-untyped-def]
    return conversation_create(participants=[member, other_member])
