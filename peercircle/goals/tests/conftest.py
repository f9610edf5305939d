from __future__ import annotations

import pytest

from peercircle.accounts.models import User


def make_peers(a: User, b: User) -> None:
    """Put two members in one conversation (how people become peers), skipping if conversations is absent."""
    models = pytest.importorskip("peercircle.conversations.models")
    conversation = models.Conversation.objects.create()
    models.Participant.objects.create(conversation=conversation, user=a)
    models.Participant.objects.create(conversation=conversation, user=b)


@pytest.fixture
def peer(member, other_member):
    make_peers(member, other_member)
    return other_member
