"""The server-rendered crisis slot (a reload still shows the card), the deep screening pass, and removal of a
reported message through the conversations app's service."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from peercircle.conversations.models import Message
from peercircle.core.testing.factories import UserFactory
from peercircle.safety import moderation
from peercircle.safety.crisis import crisis_handle_message, escalation_mark_not_crisis
from peercircle.safety.models import Escalation
from peercircle.safety.screening import ScreenResult
from peercircle.safety.services import report_create
from peercircle.safety.tests.helpers import CALM, URGENT, add_message, pair

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


def test_deep_pass_raises_an_alert_the_fast_pass_missed(member, peer, monkeypatch):
    from peercircle.safety import tasks

    conversation = pair(member, peer)
    message = add_message(conversation, member, CALM)
    assert message.risk_level == "none"
    monkeypatch.setattr(
        "peercircle.safety.screening.screen_deep",
        lambda text, context=(): ScreenResult("concern", 0.6, ["model: resembles risk messages (0.80)"]),
    )
    assert tasks.screen_message_deep.enqueue(message.pk).return_value == "concern"
    escalation = Escalation.objects.get(member=member)
    assert escalation.level == "concern" and "model: resembles risk messages (0.80)" in escalation.reasons


def test_deep_pass_that_agrees_does_nothing(member, peer, monkeypatch):
    from peercircle.safety import tasks

    message = add_message(pair(member, peer), member, CALM)
    monkeypatch.setattr(
        "peercircle.safety.screening.screen_deep", lambda text, context=(): ScreenResult("none", 0.0)
    )
    assert tasks.screen_message_deep.enqueue(message.pk).return_value == "none"
    assert not Escalation.objects.exists()


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
