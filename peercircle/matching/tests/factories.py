"""Members ready to be matched, for the matching tests (real profiles, real embeddings)."""

from __future__ import annotations

from typing import Any

from peercircle.accounts.models import Profile, User
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.matching.services import situation_embed

GRIEF_A = "My mum died in March after a short illness and I keep picking up the phone to call her."
GRIEF_B = "I lost my father to a heart attack last month and I can't concentrate on anything."
DEMENTIA = "Caring for my husband with dementia; he doesn't always recognise me any more."
EXAMS = "Final exams are coming and I have panic attacks before every one."


def member(
    handle: str,
    situation: str = GRIEF_A,
    *,
    topics: tuple[str, ...] = ("grief-and-loss",),
    relation: str = "living_with",
    intent: str = "get",
    **user_fields: Any,
) -> User:
    """A member with a situation, topics and a stored vector."""
    user: User = UserFactory(handle=handle, **user_fields)  # type: ignore[assignment]
    profile = Profile.objects.get(user=user)
    profile.situation = situation
    profile.relation = relation
    profile.intent = intent
    profile.save()
    profile.topics.set(list(profile.topics.model.objects.filter(slug__in=topics)))
    situation_embed(user=user)
    return user


def supporter(handle: str, situation: str = GRIEF_B, *, capacity: int = 2, **fields: Any) -> User:
    """An approved peer supporter who has been through it and offers support."""
    user = member(handle, situation, relation="been_through", intent="give", **fields)
    grant(user, "peer_supporter")
    Profile.objects.filter(user=user).update(capacity=capacity)
    return user
