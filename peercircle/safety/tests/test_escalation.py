"""The crisis path, exhaustively through its services: one escalation per cool-down, later signals attach,
re-alerts on time (controllable clock), follow-ups, outcomes, and an audit row for every moderator step."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.conversations.models import Message, Participant
from peercircle.core.exceptions import Conflict, PermissionDenied
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.notifications.models import Notification
from peercircle.safety import moderation
from peercircle.safety.crisis import (
    crisis_handle_content,
    crisis_handle_message,
    escalation_mark_not_crisis,
    escalation_raise,
)
from peercircle.safety.models import AuditLog, Escalation
from peercircle.safety.screening import ScreenResult
from peercircle.safety.selectors import crisis_card_for, escalation_context, escalation_precision
from peercircle.safety.tests.helpers import CALM, CONCERN, URGENT, URGENT_2, add_message, pair

pytestmark = pytest.mark.django_db


def _urgent(member, peer, django_capture_on_commit_callbacks, text=URGENT):
    conversation = pair(member, peer)
    add_message(conversation, peer, "how was your day?")
    message = add_message(conversation, member, text)
    with django_capture_on_commit_callbacks(execute=True):
        escalation = crisis_handle_message(message=message)
    return conversation, message, escalation


def test_urgent_message_opens_escalation_with_context_card_guidance_and_alert(
    member, peer, captured_events, django_capture_on_commit_callbacks
):
    conversation, message, escalation = _urgent(member, peer, django_capture_on_commit_callbacks)

    assert escalation is not None
    assert (escalation.level, escalation.status, escalation.content_type) == ("urgent", "open", "message")
    assert escalation.content_id == message.pk and escalation.conversation_id == conversation.pk
    assert "means: stockpiled" in escalation.reasons
    context = escalation_context(escalation)
    assert [entry["text"] for entry in context] == ["how was your day?", URGENT]
    assert [entry["is_flagged"] for entry in context] == [False, True]
    # nobody is dropped: the conversation stays active and both members are still in it
    conversation.refresh_from_db()
    assert conversation.is_active
    assert Participant.objects.filter(conversation=conversation, left_at__isnull=True).count() == 2

    groups = dict(captured_events)
    card = groups[f"user.{member.pk}"]
    assert card["type"] == "crisis.card"
    assert card["card"]["suggested"]["name"] == "Samaritans"  # sam is in GB
    assert "116 123" in card["html"] and "A trained moderator has been told" in card["html"]
    assert "/safety/plan/" in card["html"]
    guidance = groups[f"user.{peer.pk}"]
    assert guidance["type"] == "crisis.guidance"
    assert "You are not responsible for fixing this" in guidance["html"]
    alert = groups["moderators"]
    assert alert["type"] == "moderation.alert" and alert["escalation"]["id"] == escalation.pk
    assert URGENT not in json.dumps(alert)  # the member's words are only read by opening the item (audited)


def test_calm_and_moderator_and_system_messages_raise_nothing(member, peer, moderator):
    conversation = pair(member, peer)
    Participant.objects.create(conversation=conversation, user=moderator, role=Participant.Role.MODERATOR)
    for sender, text, kind in [
        (member, CALM, Message.Kind.USER),
        (moderator, URGENT, Message.Kind.USER),
        (None, URGENT, Message.Kind.SYSTEM),
    ]:
        message = add_message(conversation, sender, text, kind=kind)
        assert crisis_handle_message(message=message) is None
    assert not Escalation.objects.exists()


def test_later_signals_in_the_cooldown_attach_to_one_escalation(member, peer, captured_events):
    conversation = pair(member, peer)
    first = crisis_handle_message(message=add_message(conversation, member, URGENT))
    second = crisis_handle_message(message=add_message(conversation, member, URGENT_2))
    third = crisis_handle_message(message=add_message(conversation, member, CONCERN))

    assert first is not None and second is not None and third is not None
    assert first.pk == second.pk == third.pk
    assert Escalation.objects.count() == 1
    escalation = Escalation.objects.get()
    assert escalation.signal_count == 3
    assert {"means: stockpiled", "means: acquired"} <= set(escalation.reasons)
    assert AuditLog.objects.filter(action="escalation.attach", target_id=str(escalation.pk)).count() == 2


def test_cooldown_is_per_conversation(member, peer):
    other = UserFactory()
    first = crisis_handle_message(message=add_message(pair(member, peer), member, URGENT))
    second = crisis_handle_message(message=add_message(pair(member, other), member, URGENT))
    assert first is not None and second is not None and first.pk != second.pk


def test_after_close_a_new_signal_reopens_within_cooldown_and_opens_new_after(member, peer, moderator):
    conversation = pair(member, peer)
    start = timezone.now()
    result = ScreenResult("urgent", 0.9, ["means: stockpiled"])
    escalation, created = escalation_raise(
        member=member,
        conversation_id=conversation.pk,
        content_type="message",
        content_id=1,
        result=result,
        context=[],
        now=start,
    )
    assert created
    moderation.escalation_close(escalation_id=escalation.pk, moderator=moderator, outcome="false_alarm")

    # within the cool-down a moderator's decision never hides a new signal: it reopens and alerts again
    again, created = escalation_raise(
        member=member,
        conversation_id=conversation.pk,
        content_type="message",
        content_id=2,
        result=result,
        context=[],
        now=start + timedelta(minutes=10),
    )
    assert not created and again.pk == escalation.pk
    assert again.status == "open" and again.acknowledged_by is None
    assert AuditLog.objects.filter(action="escalation.reopen").count() == 1

    moderation.escalation_close(escalation_id=escalation.pk, moderator=moderator, outcome="false_alarm")
    later, created = escalation_raise(
        member=member,
        conversation_id=conversation.pk,
        content_type="message",
        content_id=3,
        result=result,
        context=[],
        now=start + timedelta(minutes=31),
    )
    assert created and later.pk != escalation.pk


def test_open_escalation_keeps_attaching_even_after_the_cooldown(member, peer):
    conversation = pair(member, peer)
    start = timezone.now()
    result = ScreenResult("concern", 0.6, ["burden"])
    first, _ = escalation_raise(
        member=member,
        conversation_id=conversation.pk,
        content_type="message",
        content_id=1,
        result=result,
        context=[],
        now=start,
    )
    second, created = escalation_raise(
        member=member,
        conversation_id=conversation.pk,
        content_type="message",
        content_id=2,
        result=result,
        context=[],
        now=start + timedelta(hours=3),
    )
    assert not created and second.pk == first.pk


def test_concern_then_urgent_upgrades_and_alerts_again(
    member, peer, captured_events, django_capture_on_commit_callbacks
):
    conversation = pair(member, peer)
    with django_capture_on_commit_callbacks(execute=True):
        concern = crisis_handle_message(message=add_message(conversation, member, CONCERN))
    assert concern is not None and concern.level == "concern"
    # concern: a gentle check-in for the writer, no guidance for the peer
    cards = [e for g, e in captured_events if g == f"user.{member.pk}"]
    assert [e["type"] for e in cards] == ["crisis.card"]
    assert "Checking in: how are you doing?" in cards[0]["html"]
    assert "This is not a crisis" in cards[0]["html"]
    assert not [e for g, e in captured_events if g == f"user.{peer.pk}"]
    assert concern.followup_due_at is None
    captured_events.clear()

    with django_capture_on_commit_callbacks(execute=True):
        urgent = crisis_handle_message(message=add_message(conversation, member, URGENT))
    assert urgent is not None and urgent.pk == concern.pk
    urgent.refresh_from_db()
    assert (urgent.level, urgent.first_level) == ("urgent", "concern")
    assert urgent.followup_due_at is not None
    alerts = [e for g, e in captured_events if g == "moderators" and e["type"] == "moderation.alert"]
    assert alerts and alerts[0]["reason"] == "upgraded"
    assert [e["type"] for g, e in captured_events if g == f"user.{peer.pk}"] == ["crisis.guidance"]


def test_realert_after_timeout_and_not_before_with_a_controllable_clock(
    member, peer, moderator, admin_user, settings, captured_events, django_capture_on_commit_callbacks
):
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "ESCALATION_ACK_MINUTES": 5}
    other_member = UserFactory()
    start = timezone.now()
    escalation, _ = escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
        now=start,
    )

    assert moderation.escalations_realert_due(now=start + timedelta(minutes=4, seconds=59)) == []
    assert not Notification.objects.filter(kind="moderator_alert").exists()

    with django_capture_on_commit_callbacks(execute=True):
        realerted = moderation.escalations_realert_due(now=start + timedelta(minutes=5))
    live = [e for g, e in captured_events if g == "moderators" and e["type"] == "moderation.alert"]
    assert [e["reason"] for e in live][-1] == "realert"
    assert [e.pk for e in realerted] == [escalation.pk]
    alerted = set(Notification.objects.filter(kind="moderator_alert").values_list("user__handle", flat=True))
    assert alerted == {moderator.handle, admin_user.handle}  # every moderator AND admin, no member
    assert other_member.handle not in alerted
    assert AuditLog.objects.filter(action="escalation.realert", target_id=str(escalation.pk)).count() == 1

    # not again until another timeout has passed
    assert moderation.escalations_realert_due(now=start + timedelta(minutes=9)) == []
    assert len(moderation.escalations_realert_due(now=start + timedelta(minutes=10))) == 1
    escalation.refresh_from_db()
    assert escalation.realert_count == 2


def test_acknowledged_or_concern_escalations_are_not_realerted(member, peer, moderator):
    start = timezone.now()
    urgent, _ = escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
        now=start,
    )
    escalation_raise(
        member=peer,
        conversation_id=None,
        content_type="story",
        content_id=9,
        result=ScreenResult("concern", 0.6, ["burden"]),
        context=[],
        now=start,
    )
    moderation.escalation_acknowledge(escalation_id=urgent.pk, moderator=moderator)
    assert moderation.escalations_realert_due(now=start + timedelta(hours=1)) == []


def test_realert_timeout_is_a_setting(member, peer, settings):
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "ESCALATION_ACK_MINUTES": 1}
    start = timezone.now()
    escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
        now=start,
    )
    assert len(moderation.escalations_realert_due(now=start + timedelta(seconds=61))) == 1


def test_followup_is_scheduled_and_sent_once_when_due(member, peer):
    start = timezone.now()
    escalation, _ = escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
        now=start,
    )
    assert escalation.followup_due_at == start + timedelta(hours=24)
    assert moderation.escalation_followups_send(now=start + timedelta(hours=23)) == 0
    assert moderation.escalation_followups_send(now=start + timedelta(hours=24)) == 1
    notice = Notification.objects.get(user=member)
    assert notice.kind == "account" and notice.title == "Checking in on you"
    assert notice.url == "/safety/plan/"
    assert moderation.escalation_followups_send(now=start + timedelta(hours=48)) == 0


def test_periodic_tasks_are_registered_and_run(member, peer):
    from peercircle.core.schedule import PERIODIC
    from peercircle.safety import tasks

    registered = {p.task for p in PERIODIC}
    assert tasks.realert_unacknowledged_escalations in registered
    assert tasks.send_escalation_followups in registered
    escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
        now=timezone.now() - timedelta(hours=25),
    )
    assert tasks.send_escalation_followups.enqueue().return_value == 1
    assert tasks.realert_unacknowledged_escalations.enqueue().return_value == 1


def test_moderator_flow_acknowledge_join_note_close_each_audited(
    member, peer, moderator, captured_events, django_capture_on_commit_callbacks
):
    conversation, _message, escalation = _urgent(member, peer, django_capture_on_commit_callbacks)
    captured_events.clear()

    viewed = moderation.escalation_view(moderator=moderator, escalation_id=escalation.pk)
    assert viewed.pk == escalation.pk
    with django_capture_on_commit_callbacks(execute=True):
        moderation.escalation_acknowledge(escalation_id=escalation.pk, moderator=moderator)
    card = next(e for g, e in captured_events if g == f"user.{member.pk}")
    assert "A trained moderator is with you" in card["html"]

    with django_capture_on_commit_callbacks(execute=True):
        moderation.escalation_join(escalation_id=escalation.pk, moderator=moderator)
    joined = Participant.objects.get(conversation=conversation, user=moderator)
    assert joined.role == "moderator" and joined.left_at is None
    notice = Message.objects.filter(conversation=conversation, kind="system").last()
    assert notice is not None and "moderator" in notice.text and moderator.handle in notice.text

    moderation.escalation_note_add(
        escalation_id=escalation.pk, moderator=moderator, text="Talked; safe with sister."
    )
    closed = moderation.escalation_close(
        escalation_id=escalation.pk, moderator=moderator, outcome="true_risk"
    )
    assert (closed.status, closed.outcome, closed.closed_by) == ("closed", "true_risk", moderator)
    assert "safe with sister" in closed.notes

    actions = list(
        AuditLog.objects.filter(actor=moderator).order_by("created_at", "id").values_list("action", flat=True)
    )
    assert actions == [
        "escalation.view",
        "escalation.acknowledge",
        "escalation.join",
        "escalation.note",
        "escalation.close",
    ]
    # notes are encrypted at rest and never copied into the (plain-text) audit log
    assert not AuditLog.objects.filter(reason__contains="sister").exists()
    assert not AuditLog.objects.filter(details__icontains="sister").exists()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT notes, context FROM safety_escalation WHERE id = %s", [escalation.pk])
        raw_notes, raw_context = cursor.fetchone()
    assert "sister" not in raw_notes and "pills" not in raw_context


def test_second_moderator_cannot_take_an_acknowledged_escalation(member, peer, moderator):
    other = grant(UserFactory(), "moderator")
    escalation, _ = escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
    )
    moderation.escalation_acknowledge(escalation_id=escalation.pk, moderator=moderator)
    with pytest.raises(Conflict):
        moderation.escalation_acknowledge(escalation_id=escalation.pk, moderator=other)
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == moderator


def test_members_cannot_run_moderator_services(member, peer):
    escalation, _ = escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
    )
    for call in (
        lambda: moderation.escalation_view(moderator=peer, escalation_id=escalation.pk),
        lambda: moderation.escalation_acknowledge(escalation_id=escalation.pk, moderator=peer),
        lambda: moderation.escalation_close(
            escalation_id=escalation.pk, moderator=peer, outcome="false_alarm"
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
    escalation.refresh_from_db()
    assert escalation.status == "open" and not AuditLog.objects.filter(actor=peer).exists()


def test_member_says_not_a_crisis_is_stored_and_still_queued(member, peer, moderator):
    escalation, _ = escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
    )
    escalation_mark_not_crisis(member=member, escalation_id=escalation.pk)
    escalation.refresh_from_db()
    assert escalation.member_said_not_crisis and escalation.status == "open"
    from peercircle.safety.selectors import moderation_queue

    item = next(i for i in moderation_queue(moderator=moderator) if i.kind == "escalation")
    assert item.member_said_not_crisis


def test_someone_elses_escalation_is_not_found_and_unchanged(member, peer):
    from peercircle.core.exceptions import NotFound

    escalation, _ = escalation_raise(
        member=member,
        conversation_id=pair(member, peer).pk,
        content_type="message",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["plan"]),
        context=[],
    )
    with pytest.raises(NotFound):
        escalation_mark_not_crisis(member=peer, escalation_id=escalation.pk)
    escalation.refresh_from_db()
    assert not escalation.member_said_not_crisis


def test_crisis_card_for_member_and_peer_and_nobody_else(member, peer):
    conversation = pair(member, peer)
    stranger = UserFactory()
    crisis_handle_message(message=add_message(conversation, member, URGENT))

    mine = crisis_card_for(user=member, conversation_id=conversation.pk)
    theirs = crisis_card_for(user=peer, conversation_id=conversation.pk)
    assert mine is not None and mine.role == "member"
    assert mine.suggested is not None and mine.suggested["name"] == "Samaritans"
    assert theirs is not None and theirs.role == "peer"
    assert crisis_card_for(user=stranger, conversation_id=conversation.pk) is None
    # the peer's card uses their own country's services (robin is in the US)
    assert theirs.suggested is not None and theirs.suggested["name"].startswith("988")


def test_story_content_path_opens_escalation_with_the_post(member):
    from peercircle.accounts.models import Topic
    from peercircle.stories.models import Story

    story = Story.objects.create(author=member, title="Tonight", body=URGENT)
    Topic.objects.all()
    escalation = crisis_handle_content(
        user=member, content_type="story", content_id=story.pk, result=ScreenResult("urgent", 0.9, ["plan"])
    )
    assert escalation is not None and escalation.conversation_id is None
    assert escalation_context(escalation)[0]["text"].endswith(URGENT)
    # a later answer from the same member within the cool-down joins it
    again = crisis_handle_content(
        user=member, content_type="answer", content_id=77, result=ScreenResult("concern", 0.6, ["burden"])
    )
    assert again is not None and again.pk == escalation.pk
    assert (
        crisis_handle_content(
            user=member, content_type="story", content_id=story.pk, result=ScreenResult("none", 0.0, [])
        )
        is None
    )


def test_precision_by_level_from_outcomes(member, peer, moderator):
    outcomes = [
        ("urgent", "true_risk"),
        ("urgent", "emergency_services"),
        ("urgent", "false_alarm"),
        ("concern", "false_alarm"),
        ("concern", "other"),
    ]
    for index, (level, outcome) in enumerate(outcomes):
        escalation, _ = escalation_raise(
            member=UserFactory(),
            conversation_id=None,
            content_type="story",
            content_id=index + 1,
            result=ScreenResult(level, 0.9, ["x"]),
            context=[],
        )
        moderation.escalation_close(escalation_id=escalation.pk, moderator=moderator, outcome=outcome)
    escalation_raise(
        member=member,
        conversation_id=None,
        content_type="story",
        content_id=99,
        result=ScreenResult("urgent", 0.9, ["x"]),
        context=[],
    )  # still open: not counted
    precision = escalation_precision()
    assert precision["urgent"] == {"closed": 3, "judged": 3, "true": 2, "false_alarm": 1, "precision": 0.667}
    assert precision["concern"]["precision"] == 0.0 and precision["concern"]["closed"] == 2


def test_message_send_end_to_end_reaches_the_crisis_path(
    member, peer, captured_events, django_capture_on_commit_callbacks
):
    from peercircle.conversations.services import message_send

    conversation = pair(member, peer)
    with django_capture_on_commit_callbacks(execute=True):
        message, created = message_send(conversation=conversation, sender=member, text=URGENT, client_id="c1")
    assert created and message.risk_level == "urgent"
    escalation = Escalation.objects.get(member=member)
    assert escalation.content_id == message.pk
    delivered = [e for g, e in captured_events if g == f"conversation.{conversation.pk}"]
    assert delivered and delivered[0]["message"]["text"] == URGENT  # the message is still delivered


def test_private_journal_words_never_reach_moderators(
    member, captured_events, django_capture_on_commit_callbacks
):
    from peercircle.stories.models import Story, Visibility

    journal = Story.objects.create(author=member, title="Tonight", body=URGENT, visibility=Visibility.PRIVATE)
    with django_capture_on_commit_callbacks(execute=True):
        escalation = crisis_handle_content(
            user=member,
            content_type="story",
            content_id=journal.pk,
            result=ScreenResult("urgent", 0.9, ["x"]),
        )
    assert escalation is not None
    assert URGENT not in json.dumps(escalation_context(escalation))
    assert escalation_context(escalation)[0]["text"] == "(private journal entry: not shown)"
    # the writer still gets help at once, and moderators still know someone may need them
    assert any(e["type"] == "crisis.card" for g, e in captured_events if g == f"user.{member.pk}")
    assert any(e["type"] == "moderation.alert" for g, e in captured_events if g == "moderators")
