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


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush the database afterwards, taking the rows that data migrations seeded
    (topics, role groups, crisis resources) with them; put them back for every test that uses a database."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    from peercircle.accounts.constants import ROLE_GROUPS
    from peercircle.accounts.data.topics import TOPICS
    from peercircle.accounts.models import Topic

    if Topic.objects.exists():
        return  # the migrations' rows are still there (the usual case): nothing to do
    for order, (slug, name, description) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    for name in ROLE_GROUPS.values():
        Group.objects.get_or_create(name=name)
    crisis_resource = django_apps.get_model("safety", "CrisisResource")
    if not crisis_resource.objects.exists():
        import importlib

        seed = importlib.import_module("peercircle.safety.migrations.0003_seed_crisis_resources").seed
        seed(django_apps, None)
