"""Shared factories for every app's tests."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group

from peercircle.accounts.constants import ROLE_GROUPS, PeerSupporterStatus, Role
from peercircle.accounts.models import Profile, Topic, User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test-only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    handle = factory.Sequence(lambda n: f"member{n}")
    age_bracket = "adult"
    country = "GB"
    languages = factory.LazyFunction(lambda: ["en"])
    time_zone = "Europe/London"

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def profile(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Profile.objects.get_or_create(user=self, defaults=kwargs)


def grant(user: User, role: str) -> User:
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[Role(role)])
    user.groups.add(group)
    if role == Role.PEER_SUPPORTER:
        Profile.objects.filter(user=user).update(peer_supporter_status=PeerSupporterStatus.APPROVED)
    if role in (Role.MODERATOR, Role.ADMIN):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
