"""The server-rendered crisis slot (a reload still shows the card), the deep screening pass, and removal of a
reported message through the conversations app's service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from peercircle.conversations.models import Message
from peercircle.conversations.services import message_send
from peercircle.core.testing.factories import UserFactory
from peercircle.safety import moderation, tasks
from peercircle.safety.crisis import crisis_handle_message, escalation_mark_not_crisis
from peercircle.safety.models import Escalation
from peercircle.safety.screening import ScreenResult
from peercircle.safety.services import report_create
from peercircle.safety.tests.helpers import CALM, CONCERN, URGENT, add_message, pair

pytestmark = pytest.mark.django_db


def _slot(user, conversation_id) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load safety_tags %}{% crisis_slot conversation_id %}")
    return template.render(Context({"request": request, "conversation_id": conversation_id}))


def test_slot_renders_the_open_card_for_writer_and_guidance_for_peer(member, peer):
    conversation = pair(member, peer)
    escalation = crisis_handle_message(message=add_message(conversation, member, URGENT))
    assert escalation is not None
    mine = _slot(member, conversation.pk)
    assert "You don't have to face this alone" in mine and "Samaritans" in mine
    assert "safety/crisis.js" in mine and f'data-conversation-id="{conversation.pk}"' in mine
    theirs = _slot(peer, conversation.pk)
    assert "Your peer may be going through a crisis" in theirs and "Samaritans" not in theirs
    assert "crisis-card" not in _slot(UserFactory(), conversation.pk)


def test_slot_after_not_a_crisis_keeps_help_but_drops_the_button(member, peer):
    conversation = pair(member, peer)
    escalation = crisis_handle_message(message=add_message(conversation, member, URGENT))
    assert escalation is not None
    escalation_mark_not_crisis(member=member, escalation_id=escalation.pk)
    html = _slot(member, conversation.pk)
    assert "Samaritans" in html and "This is not a crisis</button>" not in html
    assert "Thank you for telling us this is not a crisis" in html


def test_slot_is_empty_once_closed(member, peer, moderator):
    conversation = pair(member, peer)
    escalation = crisis_handle_message(message=add_message(conversation, member, URGENT))
    assert escalation is not None
    moderation.escalation_close(escalation_id=escalation.pk, moderator=moderator, outcome="true_risk")
    assert "crisis-card" not in _slot(member, conversation.pk)
    assert "crisis-card" not in _slot(peer, conversation.pk)


def _settled(message: Message) -> Message:
    """Age a stored message past the batch's settle delay, as if it was sent a minute ago."""
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    return message


def _deep(level: str, reason: str = "") -> Any:
    def fake(texts, context=()):
        return [
            ScreenResult(level, 0.6 if level != "none" else 0.0, [reason] if reason else []) for _ in texts
        ]

    return fake


@pytest.fixture(autouse=True)
def _no_deep_mark() -> None:
    # The batch task keeps its high-water mark in the cache, which outlives a test's database.
    cache.delete(tasks.DEEP_SCREEN_MARK)


def test_batch_deep_pass_raises_an_alert_the_fast_pass_missed(member, peer, monkeypatch):
    conversation = pair(member, peer)
    message = _settled(add_message(conversation, member, CALM))
    assert message.risk_level == "none"
    monkeypatch.setattr(
        "peercircle.safety.screening.screen_deep_many",
        _deep("concern", "model: resembles risk messages (0.80)"),
    )
    assert tasks.screen_recent_messages_deep.enqueue().return_value == 1
    escalation = Escalation.objects.get(member=member)
    assert escalation.level == "concern" and "model: resembles risk messages (0.80)" in escalation.reasons
    assert escalation.content_type == "message" and escalation.content_id == message.pk
    # The next run starts after that message: it is not screened, nor its escalation signalled, twice.
    assert tasks.screen_recent_messages_deep.enqueue().return_value == 0
    assert Escalation.objects.get(member=member).signal_count == 1


def test_batch_deep_pass_that_agrees_does_nothing(member, peer, monkeypatch):
    _settled(add_message(pair(member, peer), member, CALM))
    monkeypatch.setattr("peercircle.safety.screening.screen_deep_many", _deep("none"))
    assert tasks.screen_recent_messages_deep.enqueue().return_value == 0
    assert not Escalation.objects.exists()


def test_batch_deep_pass_screens_each_stored_message_once_with_its_risky_context(member, peer, monkeypatch):
    quiet = pair(member, peer)
    calm = [_settled(add_message(quiet, member, f"{CALM} {i}")) for i in range(3)]
    worried = pair(peer, UserFactory())
    _settled(add_message(worried, peer, CONCERN))
    after_concern = _settled(add_message(worried, peer, CALM))
    fresh = add_message(quiet, member, "still being written to the database")  # inside the settle delay
    calls: list[tuple[list[str], list[str]]] = []

    def record(texts, context=()):
        calls.append((list(texts), list(context)))
        return [ScreenResult("none", 0.0, []) for _ in texts]

    monkeypatch.setattr("peercircle.safety.screening.screen_deep_many", record)
    assert tasks.screen_recent_messages_deep.enqueue().return_value == 0
    screened = [text for texts, _context in calls for text in texts]
    assert sorted(screened) == sorted([m.text for m in calm] + [after_concern.text])
    # The message after a flagged one is screened with that context; the quiet ones share one batch.
    assert ([after_concern.text], [CONCERN]) in calls
    assert ([m.text for m in calm], []) in calls
    _settled(fresh)
    calls.clear()
    assert tasks.screen_recent_messages_deep.enqueue().return_value == 0
    assert [texts for texts, _context in calls] == [[fresh.text]]


def test_calm_message_takes_no_crisis_path_query(member, peer, django_assert_num_queries):
    message = add_message(pair(member, peer), member, CALM)
    with django_assert_num_queries(0):
        assert crisis_handle_message(message=message) is None


def test_urgent_chat_message_opens_an_escalation_at_once(member, peer, django_capture_on_commit_callbacks):
    conversation = pair(member, peer)
    with django_capture_on_commit_callbacks(execute=True):
        message, created = message_send(conversation=conversation, sender=member, text=URGENT, client_id="u1")
    assert created and message.risk_level == "urgent"
    escalation = Escalation.objects.get(member=member)
    assert escalation.level == "urgent" and escalation.content_id == message.pk


def test_remove_a_reported_message_through_the_conversations_service(member, peer, moderator):
    conversation = pair(member, peer)
    message = add_message(conversation, peer, "send me your address or else")
    report = report_create(
        reporter=member, target_type="message", target_id=message.pk, category="harassment"
    )
    moderation.moderation_act(moderator=moderator, action="remove", reason="Threats", report_id=report.pk)
    message.refresh_from_db()
    assert message.is_removed
    assert Message.objects.filter(pk=message.pk).exists()  # hidden, not deleted: evidence stays


def test_safety_reports_rank_above_other_reports(moderator, member):
    first = report_create(reporter=member, target_type="user", target_id=UserFactory().pk, category="spam")
    worried = report_create(
        reporter=member, target_type="user", target_id=UserFactory().pk, category="self_harm"
    )
    from peercircle.safety.selectors import moderation_queue

    assert [item.id for item in moderation_queue(moderator=moderator)] == [worried.pk, first.pk]
