from __future__ import annotations

import pytest

from peercircle.accounts.models import Profile, Topic, User
from peercircle.core.testing.factories import UserFactory


def with_situation(user: User, situation: str, topics: list[str], *, intent: str = "get") -> User:
    profile = Profile.objects.get(user=user)
    profile.situation = situation
    profile.intent = intent
    profile.save(update_fields=["situation", "intent"])
    profile.topics.set(Topic.objects.filter(slug__in=topics))
    return user


@pytest.fixture
def writer(db):  # type: ignore[no-untyped-def]
    return UserFactory(handle="writer")
