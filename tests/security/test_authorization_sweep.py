"""Authorisation sweep, tested from outside and kept complete automatically.

Every page in the URL conf and every operation in the OpenAPI schema is called with the ids of one member's
private objects, as a second member and as a moderator. No response may reveal the private text, no
mutating call may change anything of the first member's, and nothing answers 500. New routes are swept
without any change here.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from peercircle.accounts.services import profile_update
from peercircle.conversations.services import conversation_create, message_send
from peercircle.core.privacy import account_export
from peercircle.core.testing import logged_in
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.goals.services import goal_checkin_create, goal_create, worksheet_create
from peercircle.notifications.services import notification_send
from peercircle.safety.services import report_create, safety_plan_update
from peercircle.stories.services import story_create

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Private to the writer: nobody else may ever see these words.
PRIVATE = {
    "situation": "SECRETsituationQ1",
    "journal": "SECRETjournalQ2",
    "goal": "SECRETgoalQ3",
    "checkin": "SECRETcheckinQ4",
    "worksheet": "SECRETworksheetQ5",
    "plan": "SECRETplanQ6",
    "notification": "SECRETnotificationQ7",
}
# Seen by the two conversation participants and, once reported, by moderators: never by an outsider.
MESSAGE = "SECRETmessageQ8"
REPORT_NOTE = "SECRETreportQ9"

STRING_CANDIDATES = ["writer", "user", "message", "story", "comment", "question", "answer", "thank_you", "1"]
SKIP_PREFIXES = ("/static/", "/api/v1/docs")


def _page_paths(resolver: URLResolver, prefix: str = "") -> list[tuple[str, list[str], dict[str, Any]]]:
    """(format string, parameter names, converters) for every URL pattern, namespaces included."""
    found = []
    for _key, entries in resolver.reverse_dict.lists():
        for possibilities, _pattern, _defaults, converters in entries:
            for fmt, params in possibilities:
                found.append((prefix + fmt, params, converters))
    for _ns, (ns_prefix, sub) in resolver.namespace_dict.items():
        found.extend(_page_paths(sub, prefix + ns_prefix))
    return found


def _fill(fmt: str, params: list[str], converters: dict[str, Any], ids: list[int]) -> list[str]:
    choices = []
    for name in params:
        converter = converters.get(name)
        kind = type(converter).__name__ if converter is not None else "StringConverter"
        choices.append([str(i) for i in ids] if kind == "IntConverter" else STRING_CANDIDATES)
    return ["/" + fmt % dict(zip(params, combo, strict=True)) for combo in itertools.product(*choices)]


def _api_operations(ids: list[int]) -> list[tuple[str, str]]:
    schema = Client().get("/api/v1/openapi.json").json()
    operations = []
    for path, methods in schema["paths"].items():
        names = re.findall(r"\{([^}]+)\}", path)
        choices = []
        for name in names:
            param = next(
                (p for m in methods.values() for p in m.get("parameters", []) if p.get("name") == name), {}
            )
            is_int = param.get("schema", {}).get("type") == "integer"
            choices.append([str(i) for i in ids] if is_int else STRING_CANDIDATES)
        for combo in itertools.product(*choices) if names else [()]:
            concrete = path
            for name, value in zip(names, combo, strict=True):
                concrete = concrete.replace("{" + name + "}", value)
            for method in methods:
                operations.append((method.upper(), concrete))
    return operations


def _world() -> dict[str, Any]:
    writer = UserFactory(handle="writer")
    peer = UserFactory(handle="peer")
    outsider = UserFactory(handle="outsider")
    moderator = grant(UserFactory(handle="moddy"), "moderator")
    profile_update(user=writer, data={"situation": PRIVATE["situation"], "about_me": "public words"})
    conversation = conversation_create(participants=[writer, peer])
    message, _ = message_send(conversation=conversation, sender=writer, text=MESSAGE, client_id="sweep-1")
    journal = story_create(author=writer, title="Journal", body=PRIVATE["journal"], visibility="private")
    goal = goal_create(owner=writer, title=PRIVATE["goal"])
    checkin = goal_checkin_create(
        goal=goal, user=writer, progress="did_it", mood=3, note=PRIVATE["checkin"], is_shared=False
    )
    worksheet = worksheet_create(owner=writer, data={"problem": PRIVATE["worksheet"]})
    plan = safety_plan_update(user=writer, data={"warning_signs": PRIVATE["plan"]})
    notification = notification_send(user=writer, kind="account", title=PRIVATE["notification"])
    report = report_create(
        reporter=peer, target_type="message", target_id=message.pk, category="other", note=REPORT_NOTE
    )
    ids = sorted(
        {
            obj.pk
            for obj in [writer, peer, conversation, message, journal, goal, checkin, worksheet, plan, report]
            + ([notification] if notification else [])
        }
    )
    return {"writer": writer, "outsider": outsider, "moderator": moderator, "ids": ids}


def _leaks(body: bytes, secrets: list[str]) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    return [secret for secret in secrets if secret in text]


def _sweep(client: Client, world: dict[str, Any], secrets: list[str]) -> tuple[int, list[str]]:
    problems: list[str] = []
    count = 0
    for fmt, params, converters in _page_paths(get_resolver()):
        if fmt.startswith(SKIP_PREFIXES[0].lstrip("/")) or "api/v1/" in fmt:
            continue
        for path in _fill(fmt, params, converters, world["ids"]):
            response = client.get(path)
            count += 1
            if response.status_code >= 500:
                problems.append(f"GET {path} -> {response.status_code}")
            leaked = _leaks(response.content, secrets)
            if leaked:
                problems.append(f"GET {path} shows {leaked}")
    for method, path in _api_operations(world["ids"]):
        if path.startswith(SKIP_PREFIXES):
            continue
        if method == "GET":
            response = client.get(path)
        else:
            response = client.generic(method, path, data=json.dumps({}), content_type="application/json")
        count += 1
        if response.status_code >= 500:
            problems.append(f"{method} {path} -> {response.status_code}")
        leaked = _leaks(response.content, secrets)
        if leaked:
            problems.append(f"{method} {path} shows {leaked}")
    return count, problems


@pytest.fixture
def world(settings) -> dict[str, Any]:
    settings.RATELIMIT_ENABLE = False
    return _world()


def test_second_member_sees_nothing_private_and_changes_nothing(world):
    before = json.dumps(account_export(user=world["writer"]), sort_keys=True, default=str)
    client = logged_in(world["outsider"])
    client.raise_request_exception = False
    count, problems = _sweep(client, world, [*PRIVATE.values(), MESSAGE, REPORT_NOTE])
    after = json.dumps(account_export(user=world["writer"]), sort_keys=True, default=str)
    assert count > 200  # the sweep reached the routes
    assert problems == []
    strip = re.compile(r'"exported_at": "[^"]+"')
    assert strip.sub("", before) == strip.sub("", after)


def test_moderator_never_sees_safety_plans_journals_or_private_notes(world):
    client = logged_in(world["moderator"])
    client.raise_request_exception = False
    _count, problems = _sweep(client, world, list(PRIVATE.values()))
    assert problems == []


def test_anonymous_sees_nothing_private(world):
    client = Client(raise_request_exception=False)
    _count, problems = _sweep(client, world, [*PRIVATE.values(), MESSAGE, REPORT_NOTE])
    assert problems == []
