"""The moderator queue and actions: permissions, limited context, audit rows and reasons shown to members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.notifications.models import Notification
from peercircle.safety import moderation
from peercircle.safety.crisis import escalation_raise
from peercircle.safety.models import AuditLog, Escalation, Report
from peercircle.safety.screening import ScreenResult
from peercircle.safety.services import report_create
from peercircle.safety.tests.helpers import add_message, pair

pytestmark = pytest.mark.django_db


def _escalation(member, level="urgent", **kwargs):
    escalation, _ = escalation_raise(
        member=member,
        content_type="story",
        content_id=kwargs.pop("content_id", 1),
        result=ScreenResult(level, 0.9, ["signal"]),
        context=[],
        **kwargs,
    )
    return escalation


def test_members_get_403_or_404_on_moderator_routes_and_nothing_changes(member, other_member):
    escalation = _escalation(other_member)
    report = report_create(reporter=other_member, target_type="user", target_id=member.pk, category="spam")
    client = logged_in(member)
    pages = [
        "/safety/moderation/",
        f"/safety/moderation/escalations/{escalation.pk}/",
        f"/safety/moderation/reports/{report.pk}/",
    ]
    for path in pages:
        assert client.get(path).status_code == 403
    assert client.post(pages[1], {"op": "acknowledge"}).status_code == 403
    for method, path, body in [
        ("get", "/safety/moderation/queue", None),
        ("get", f"/safety/moderation/escalations/{escalation.pk}", None),
        ("post", f"/safety/moderation/escalations/{escalation.pk}/acknowledge", None),
        ("post", f"/safety/moderation/escalations/{escalation.pk}/close", {"outcome": "false_alarm"}),
        ("post", f"/safety/moderation/reports/{report.pk}/action", {"action": "ban", "reason": "x"}),
        ("get", "/safety/moderation/precision", None),
    ]:
        assert api(client, method, path, body).status_code in (403, 404)
    escalation.refresh_from_db()
    report.refresh_from_db()
    member.refresh_from_db()
    assert escalation.status == "open" and report.status == "open" and member.is_active
    assert not AuditLog.objects.filter(actor=member).exists()


def test_queue_sorts_urgent_first_then_longest_waiting_and_shows_time(moderator):
    now = timezone.now()
    concern_old = _escalation(UserFactory(), "concern", now=now - timedelta(minutes=50))
    urgent_new = _escalation(UserFactory(), "urgent", now=now - timedelta(minutes=2))
    urgent_old = _escalation(UserFactory(), "urgent", now=now - timedelta(minutes=9))
    report_create(reporter=UserFactory(), target_type="user", target_id=UserFactory().pk, category="spam")
    items = api(logged_in(moderator), "get", "/safety/moderation/queue").json()
    assert [(i["kind"], i["id"]) for i in items[:3]] == [
        ("escalation", urgent_old.pk),
        ("escalation", urgent_new.pk),
        ("escalation", concern_old.pk),
    ]
    assert items[3]["kind"] == "report"
    assert 9 * 60 <= items[0]["waiting_seconds"] < 10 * 60
    page = logged_in(moderator).get("/safety/moderation/").content.decode()
    assert "9 min" in page and f"Escalation #{urgent_old.pk}" in page
    assert "How often alerts were right" in page


def test_opening_items_writes_audit_rows(moderator, member, other_member):
    escalation = _escalation(member)
    report = report_create(reporter=other_member, target_type="user", target_id=member.pk, category="spam")
    client = logged_in(moderator)
    client.get(f"/safety/moderation/escalations/{escalation.pk}/")
    api(client, "get", f"/safety/moderation/reports/{report.pk}")
    actions = set(AuditLog.objects.filter(actor=moderator).values_list("action", "target_id"))
    assert actions == {("escalation.view", str(escalation.pk)), ("report.view", str(report.pk))}


def test_report_detail_shows_limited_context_only(moderator, member, peer):
    conversation = pair(member, peer)
    texts = [f"message {n}" for n in range(1, 10)]
    messages = [add_message(conversation, peer if n % 2 else member, text) for n, text in enumerate(texts)]
    reported = messages[5]  # "message 6"
    report = report_create(
        reporter=member, target_type="message", target_id=reported.pk, category="harassment"
    )
    detail = api(logged_in(moderator), "get", f"/safety/moderation/reports/{report.pk}").json()
    shown = [entry["text"] for entry in detail["context"]]
    assert shown == ["message 4", "message 5", "message 6", "message 7", "message 8"]
    assert [entry["is_flagged"] for entry in detail["context"]] == [False, False, True, False, False]


@pytest.mark.parametrize(("action", "hours"), [("warn", None), ("mute", 12), ("suspend", 48), ("ban", None)])
def test_actions_on_a_report_change_the_account_tell_the_member_and_are_audited(
    action, hours, moderator, member, other_member
):
    report = report_create(
        reporter=member, target_type="user", target_id=other_member.pk, category="harassment"
    )
    body = {"action": action, "reason": "Repeated insults in chat"}
    if hours:
        body["duration_hours"] = hours
    response = api(logged_in(moderator), "post", f"/safety/moderation/reports/{report.pk}/action", body)
    assert response.status_code == 200
    other_member.refresh_from_db()
    report.refresh_from_db()
    assert (report.status, report.resolution, report.resolved_by) == ("actioned", action, moderator)
    if action == "mute":
        assert other_member.is_muted
    if action == "suspend":
        assert other_member.is_suspended and other_member.suspended_until > timezone.now() + timedelta(
            hours=47
        )
    if action == "ban":
        assert not other_member.is_active
    notice = Notification.objects.get(user=other_member, kind="account")
    assert "Repeated insults in chat" in notice.body
    row = AuditLog.objects.get(action=f"moderation.{action}")
    assert (row.actor, row.reason, row.target_ref) == (
        moderator,
        "Repeated insults in chat",
        f"u{other_member.pk}",
    )


def test_dismissed_reports_count_against_the_reporter_in_the_queue(moderator, member):
    targets = [UserFactory() for _ in range(3)]
    for target in targets[:2]:
        report = report_create(reporter=member, target_type="user", target_id=target.pk, category="spam")
        moderation.moderation_act(
            moderator=moderator, action="dismiss", reason="not spam", report_id=report.pk
        )
    report_create(reporter=member, target_type="user", target_id=targets[2].pk, category="spam")
    item = api(logged_in(moderator), "get", "/safety/moderation/queue").json()[0]
    assert item["kind"] == "report" and item["reporter_dismissed_count"] == 2
    # the dismissed member is not told anything
    assert not Notification.objects.filter(user__in=targets[:2]).exists()


def test_remove_content_hides_a_story_and_tells_the_author(moderator, member, other_member):
    from peercircle.stories.models import Story

    story = Story.objects.create(author=other_member, title="Buy now", body="cheap pills at my site")
    report = report_create(reporter=member, target_type="story", target_id=story.pk, category="spam")
    moderation.moderation_act(moderator=moderator, action="remove", reason="Advertising", report_id=report.pk)
    story.refresh_from_db()
    assert story.status == "removed"
    assert Notification.objects.filter(
        user=other_member, kind="account", body__contains="Advertising"
    ).exists()


def test_moderators_cannot_act_on_themselves_or_other_moderators(moderator, member):
    other_moderator = grant(UserFactory(), "moderator")
    for target in (moderator, other_moderator):
        report = report_create(reporter=member, target_type="user", target_id=target.pk, category="spam")
        response = api(
            logged_in(moderator),
            "post",
            f"/safety/moderation/reports/{report.pk}/action",
            {"action": "ban", "reason": "x"},
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.is_active
    assert not AuditLog.objects.filter(action="moderation.ban").exists()


def test_action_needs_a_reason_and_a_known_action(moderator, member, other_member):
    report = report_create(reporter=member, target_type="user", target_id=other_member.pk, category="spam")
    client = logged_in(moderator)
    for body in (
        {"action": "ban", "reason": ""},
        {"action": "explode", "reason": "x"},
        {"action": "mute", "reason": "x", "duration_hours": 10_000},
    ):
        assert api(client, "post", f"/safety/moderation/reports/{report.pk}/action", body).status_code == 422
    other_member.refresh_from_db()
    assert other_member.is_active and not other_member.is_muted


def test_escalation_api_flow_and_unknown_ids(moderator, member, peer):
    conversation = pair(member, peer)
    escalation = _escalation(member, conversation_id=conversation.pk)
    client = logged_in(moderator)
    base = f"/safety/moderation/escalations/{escalation.pk}"
    assert api(client, "post", f"{base}/acknowledge").json()["acknowledged_by"] == moderator.handle
    assert api(client, "post", f"{base}/join").json()["joined_at"] is not None
    assert api(client, "post", f"{base}/notes", {"text": "n" * 2001}).status_code == 422
    assert "checked in" in api(client, "post", f"{base}/notes", {"text": "checked in"}).json()["notes"]
    closed = api(client, "post", f"{base}/close", {"outcome": "emergency_services"}).json()
    assert (closed["status"], closed["outcome"]) == ("closed", "emergency_services")
    assert api(client, "post", f"{base}/close", {"outcome": "false_alarm"}).status_code == 409
    assert api(client, "get", "/safety/moderation/escalations/999999").status_code == 404
    precision = api(client, "get", "/safety/moderation/precision").json()
    assert precision["levels"]["urgent"]["true"] == 1


def test_moderator_pages_acknowledge_join_and_close(moderator, member, peer):
    conversation = pair(member, peer)
    escalation = _escalation(member, conversation_id=conversation.pk)
    client = logged_in(moderator)
    url = f"/safety/moderation/escalations/{escalation.pk}/"
    client.post(url, {"op": "acknowledge"})
    joined = client.post(url, {"op": "join"})
    assert joined.status_code == 302 and joined["Location"] == f"/conversations/{conversation.pk}/"
    client.post(url, {"op": "close", "outcome": "true_risk"})
    escalation.refresh_from_db()
    assert escalation.status == "closed" and escalation.outcome == "true_risk"
    assert escalation.joined_at is not None


def test_member_not_crisis_page_and_api(member, other_member):
    escalation = _escalation(member)
    client = logged_in(other_member)
    assert client.post(f"/safety/escalations/{escalation.pk}/not-crisis/").status_code == 404
    assert api(client, "post", f"/safety/escalations/{escalation.pk}/not-crisis").status_code == 404
    escalation.refresh_from_db()
    assert not escalation.member_said_not_crisis
    response = logged_in(member).post(
        f"/safety/escalations/{escalation.pk}/not-crisis/", HTTP_HX_REQUEST="true"
    )
    assert "Thank you for telling us" in response.content.decode()
    assert Escalation.objects.get(pk=escalation.pk).member_said_not_crisis
    assert Report.objects.count() == 0
