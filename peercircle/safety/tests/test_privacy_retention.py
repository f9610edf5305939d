"""Safety data in a member's export and erasure, and retention of old escalation records and reports."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.core.models import RetentionSettings
from peercircle.core.privacy import account_delete, account_export
from peercircle.core.retention import retention_enforce
from peercircle.core.testing.factories import UserFactory
from peercircle.safety import moderation
from peercircle.safety.crisis import crisis_handle_message
from peercircle.safety.models import AuditLog, Block, Escalation, Report, SafetyPlan
from peercircle.safety.retention import enforce
from peercircle.safety.services import audit_log_record, block_create, report_create, safety_plan_update
from peercircle.safety.tests.helpers import URGENT, add_message, pair

pytestmark = pytest.mark.django_db

PLAN_WORDS = "heron-compass walk to the river"
REPORT_NOTE = "okapi-ledger they keep messaging me"
MOD_NOTE = "spoke with sam, they said: okapi-ledger"
PEER_WORDS = "walrus-kettle I am here with you"


def _urgent_escalation(member, peer) -> Escalation:
    conversation = pair(member, peer)
    add_message(conversation, peer, PEER_WORDS)
    escalation = crisis_handle_message(message=add_message(conversation, member, URGENT))
    assert escalation is not None
    return escalation


@pytest.fixture
def safety_content(member, other_member, moderator):
    """The member has a plan, blocks both ways, a report each way, and an urgent escalation with a note."""
    third = UserFactory(handle="kit")
    safety_plan_update(user=member, data={"warning_signs": PLAN_WORDS})
    block_create(blocker=member, blocked=third)
    block_create(blocker=third, blocked=member)
    made = report_create(
        reporter=member,
        target_type="user",
        target_id=other_member.pk,
        category="harassment",
        note=REPORT_NOTE,
    )
    about = report_create(
        reporter=other_member, target_type="user", target_id=member.pk, category="spam", note="sam spams me"
    )
    escalation = _urgent_escalation(member, other_member)
    moderation.escalation_note_add(escalation_id=escalation.pk, moderator=moderator, text=MOD_NOTE)
    moderation.escalation_close(escalation_id=escalation.pk, moderator=moderator, outcome="true_risk")
    audit_log_record(
        actor=moderator,
        action="moderation.warn",
        target_user=member,
        reason="sam wrote okapi-ledger",
        details={"handle": "sam"},
    )
    return {"made": made, "about": about, "escalation": escalation, "third": third}


def test_export_has_plan_blocks_reports_and_escalations_but_not_staff_notes(member, safety_content):
    safety = account_export(user=member)["safety"]
    assert safety["safety_plan"]["warning_signs"] == PLAN_WORDS
    assert safety["blocks"] == [{"handle": "kit", "created_at": safety["blocks"][0]["created_at"]}]
    assert [(r["category"], r["note"], r["status"]) for r in safety["reports_made"]] == [
        ("harassment", REPORT_NOTE, "open")
    ]
    [escalation] = safety["escalations"]
    assert (escalation["level"], escalation["status"]) == ("urgent", "closed")
    assert escalation["acknowledged_at"] is not None
    dumped = json.dumps(safety)
    assert "spoke with" not in dumped and "true_risk" not in dumped and PEER_WORDS not in dumped
    assert "sam spams me" not in dumped  # someone else's report about them is not theirs


def test_erasure_removes_words_and_keeps_pseudonymous_rows(member, other_member, moderator, safety_content):
    ref = f"u{member.pk}"
    account_delete(user=member)

    assert not SafetyPlan.objects.filter(user=member).exists()
    assert (
        not Block.objects.filter(blocker=member).exists()
        and not Block.objects.filter(blocked=member).exists()
    )
    made = Report.objects.get(pk=safety_content["made"].pk)
    assert (made.reporter_id, made.note, made.reported_user_id) == (None, "", other_member.pk)
    about = Report.objects.get(pk=safety_content["about"].pk)
    assert (about.note, about.status, about.resolution) == ("", "dismissed", "account_deleted")
    # The escalation still counts for statistics, without anyone's words in it.
    escalation = Escalation.objects.get(pk=safety_content["escalation"].pk)
    assert (escalation.level, escalation.outcome, escalation.context, escalation.notes) == (
        "urgent",
        "true_risk",
        "",
        "",
    )
    assert escalation.acknowledged_at is not None
    # Audit rows keep refs, lose links, reasons about them and their handle.
    rows = AuditLog.objects.filter(target_ref=ref).exclude(action="account.delete")
    assert rows.exists() and not rows.exclude(reason="").exists()
    assert not AuditLog.objects.filter(actor=member).exists()
    assert AuditLog.objects.filter(actor_ref=ref, action="report.create").exists()
    warn = AuditLog.objects.get(action="moderation.warn")
    assert warn.details == {"handle": ref} and warn.actor_id == moderator.pk


def test_erasure_replaces_their_words_quoted_in_someone_elses_escalation(member, other_member):
    # given: the member is the peer beside someone else's crisis
    conversation = pair(other_member, member)
    add_message(conversation, member, PEER_WORDS)
    theirs = crisis_handle_message(message=add_message(conversation, other_member, URGENT))
    assert theirs is not None and PEER_WORDS in theirs.context
    account_delete(user=member)
    context = json.loads(Escalation.objects.get(pk=theirs.pk).context)
    assert PEER_WORDS not in json.dumps(context) and "sam" not in [e["author"] for e in context]
    assert URGENT in [e["text"] for e in context]  # the other member's own words stay for moderators


def test_a_moderators_signed_notes_lose_their_handle_when_they_leave(member, other_member, moderator):
    escalation = _urgent_escalation(member, other_member)
    moderation.escalation_note_add(escalation_id=escalation.pk, moderator=moderator, text="called them")
    account_delete(user=moderator)
    notes = Escalation.objects.get(pk=escalation.pk).notes
    assert "morgan" not in notes and f"u{moderator.pk}" in notes and "called them" in notes


def _closed(member, peer, moderator, *, days_ago: int) -> Escalation:
    escalation = _urgent_escalation(member, peer)
    moderation.escalation_note_add(escalation_id=escalation.pk, moderator=moderator, text=MOD_NOTE)
    moderation.escalation_close(escalation_id=escalation.pk, moderator=moderator, outcome="false_alarm")
    Escalation.objects.filter(pk=escalation.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))
    return escalation


def test_retention_clears_old_closed_escalations_and_resolved_reports_but_keeps_rows(
    member, other_member, moderator
):
    policy = RetentionSettings.load()
    policy.escalation_days = 30
    policy.save()
    old = _closed(member, other_member, moderator, days_ago=31)
    recent = _closed(UserFactory(), UserFactory(), moderator, days_ago=29)
    still_open = _urgent_escalation(UserFactory(), UserFactory())
    report = report_create(
        reporter=member, target_type="user", target_id=other_member.pk, category="spam", note=REPORT_NOTE
    )
    moderation.moderation_act(moderator=moderator, action="dismiss", reason="not spam", report_id=report.pk)
    open_report = report_create(
        reporter=other_member, target_type="user", target_id=member.pk, category="spam", note="open note"
    )
    Report.objects.update(created_at=timezone.now() - timedelta(days=40))
    Report.objects.filter(pk=report.pk).update(resolved_at=timezone.now() - timedelta(days=31))
    count_before = Escalation.objects.count()

    removed = retention_enforce()

    assert removed["safety.escalation_texts"] == 1 and removed["safety.report_texts"] == 1
    old.refresh_from_db()
    assert (old.context, old.notes, old.outcome, old.level) == ("", "", "false_alarm", "urgent")
    assert Escalation.objects.get(pk=recent.pk).notes.endswith(MOD_NOTE)
    assert URGENT in Escalation.objects.get(pk=still_open.pk).context
    assert Escalation.objects.count() == count_before  # old report periods keep their counts
    report.refresh_from_db()
    assert (report.note, report.resolution_reason, report.reporter_id) == ("", "", member.pk)
    assert Report.objects.get(pk=open_report.pk).note == "open note"
    # A second run finds nothing left to clear.
    assert enforce(now=timezone.now(), policy=policy) == {"escalation_texts": 0, "report_texts": 0}


def test_retention_follows_the_clock_and_zero_keeps_everything(member, other_member, moderator):
    escalation = _closed(member, other_member, moderator, days_ago=0)
    policy = RetentionSettings.load()
    policy.escalation_days = 10
    assert enforce(now=timezone.now() + timedelta(days=9), policy=policy)["escalation_texts"] == 0
    policy.escalation_days = 0
    assert enforce(now=timezone.now() + timedelta(days=100), policy=policy) == {}
    assert Escalation.objects.get(pk=escalation.pk).notes.endswith(MOD_NOTE)
    policy.escalation_days = 10
    assert enforce(now=timezone.now() + timedelta(days=11), policy=policy)["escalation_texts"] == 1
    assert Escalation.objects.get(pk=escalation.pk).notes == ""
