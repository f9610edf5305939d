"""Fixtures shared by every test."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.test import Client

from peercircle.core.testing import logged_in
from peercircle.core.testing.factories import PASSWORD, UserFactory, grant

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Rate-limit counters live in the cache; tests must not leak them to each other.
    cache.clear()


@pytest.fixture
def member(db):  # type: ignore[no-untyped-def]
    return UserFactory(handle="sam")


@pytest.fixture
def other_member(db):  # type: ignore[no-untyped-def]
    return UserFactory(handle="robin")


@pytest.fixture
def minor(db):  # type: ignore[no-untyped-def]
    return UserFactory(handle="mia", age_bracket="minor")


@pytest.fixture
def moderator(db):  # type: ignore[no-untyped-def]
    return grant(UserFactory(handle="morgan"), "moderator")


@pytest.fixture
def admin_user(db):  # type: ignore[no-untyped-def]
    return grant(UserFactory(handle="ada", is_superuser=True), "admin")


@pytest.fixture
def member_client(member) -> Client:  # type: ignore[no-untyped-def]
    return logged_in(member)


@pytest.fixture
def password() -> str:
    return PASSWORD


pytest_plugins = ["peercircle.core.testing.browser"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run browser tests last: Playwright's sync API keeps an event loop running in the main thread while
    a browser is open, which async tests collected after it would trip over."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
