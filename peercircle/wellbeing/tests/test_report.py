import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from peercircle.accounts.models import Profile, Topic
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.wellbeing import report as outcome_report
from peercircle.wellbeing.models import Response
from peercircle.wellbeing.services import response_submit

pytestmark = pytest.mark.django_db


def _cohort(n: int, *, intent: str, topic: Topic, start: int, gain: int):
    """n members with a WHO-5 baseline 70 days ago and a later one 5 days ago."""
    now = timezone.now()
    for i in range(n):
        user = UserFactory()
        Profile.objects.filter(user=user).update(intent=intent)
        user.profile.topics.add(topic)
        base = min(5, max(0, start + (i % 2)))
        later = min(5, max(0, base + gain + (i % 3 == 0)))
        response_submit(user=user, instrument="who5", answers=[base] * 5, now=now - timedelta(days=70))
        response_submit(user=user, instrument="who5", answers=[later] * 5, now=now - timedelta(days=5))


@pytest.fixture
def cohort(db):
    grief = Topic.objects.get_or_create(slug="grief-and-loss", defaults={"name": "Grief and loss"})[0]
    pain = Topic.objects.get_or_create(slug="chronic-pain", defaults={"name": "Chronic pain and illness"})[0]
    _cohort(12, intent="get", topic=grief, start=2, gain=1)
    _cohort(3, intent="give", topic=pain, start=2, gain=0)


def _period():
    """From the first day of last month to today: always holds the later check-ins, never the baselines."""
    today = timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1), today


def _row(table, breakdown, group, measure="WHO-5"):
    return next(
        r for r in table if r["measure"] == measure and r["breakdown"] == breakdown and r["group"] == group
    )


def test_outcomes_show_change_with_ci_and_suppress_small_cells(cohort):
    since, until = _period()
    table = outcome_report.outcome_table(outcome_report.build_report(since=since, until=until))
    overall = _row(table, "all", "all")
    assert overall["suppressed"] is False and overall["n"] == 15
    assert overall["mean_change"] > 0
    assert overall["ci95_low"] < overall["mean_change"] < overall["ci95_high"]
    assert overall["effect_size_dz"] is not None
    assert overall["improved_pct"] > 0
    # 3 givers are below 10; since roles add up to the total, the 12 receivers are hidden too,
    # otherwise the givers' figures could be worked out by subtraction.
    assert _row(table, "role", "giving support")["suppressed"] is True
    assert _row(table, "role", "receiving support")["suppressed"] is True
    assert _row(table, "role", "both")["suppressed"] is True
    # topics overlap, so only primary suppression applies
    assert _row(table, "topic", "Grief and loss")["n"] == 12
    assert _row(table, "topic", "Chronic pain and illness")["suppressed"] is True
    assert _row(table, "topic", "Chronic pain and illness")["mean_change"] is None
    # no cell anywhere describes fewer than the minimum group
    assert all(r["suppressed"] or r["n"] >= 10 for r in table)
    # measures nobody answered are suppressed, not zero
    assert _row(table, "all", "all", measure="BRS")["suppressed"] is True


def test_minimum_group_follows_the_setting_and_never_goes_below_five(cohort, settings):
    since, until = _period()
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "MIN_REPORT_GROUP": 16}
    table = outcome_report.outcome_table(outcome_report.build_report(since=since, until=until))
    assert _row(table, "all", "all")["suppressed"] is True
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "MIN_REPORT_GROUP": 3}
    with pytest.raises(ValueError):
        outcome_report.build_report(since=since, until=until)


def test_baseline_only_members_and_out_of_period_checkins_are_not_counted(cohort):
    UserFactory()  # no check-ins
    lone = UserFactory()
    response_submit(user=lone, instrument="who5", answers=[1] * 5, now=timezone.now() - timedelta(days=3))
    since, until = _period()
    assert (
        _row(
            outcome_report.outcome_table(outcome_report.build_report(since=since, until=until)), "all", "all"
        )["n"]
        == 15
    )
    # a period that ends before the later check-ins has no pairs at all
    months_ago = timezone.localdate() - timedelta(days=150)
    early = outcome_report.build_report(since=months_ago, until=months_ago + timedelta(days=20))
    assert _row(outcome_report.outcome_table(early), "all", "all")["suppressed"] is True


def test_activity_counts_are_suppressed_when_small_and_missing_apps_are_not_available(cohort):
    since, until = _period()
    built = outcome_report.build_report(since=since, until=until)
    metrics = {m.key: m for m in built.metrics}
    assert metrics["members"].value is not None and metrics["members"].value >= 15
    assert metrics["goals"].is_suppressed and metrics["goals"].display(10) == "fewer than 10"
    assert metrics["wellbeing_checkins"].value == 15
    assert outcome_report._count("nosuchapp.Thing", built.period) is None
    unavailable = outcome_report.Metric("x", "X", None, is_available=False)
    assert unavailable.display(10) == "not available"


def test_report_page_is_admin_only(cohort, member, moderator, client):
    admin = grant(UserFactory(handle="boss"), "admin")
    page = logged_in(admin).get("/wellbeing/report/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "95% CI" in html and "suppressed (fewer than 10 people)" in html
    assert html.count('role="img"') == 2
    for user in (member, moderator):
        response = logged_in(user).get("/wellbeing/report/")
        assert response.status_code == 403 and "95% CI" not in response.content.decode()
        assert logged_in(user).get("/wellbeing/report.csv").status_code == 403
        assert api(logged_in(user), "get", "/wellbeing/report?since=2020-01-01").status_code == 403
    assert client.get("/wellbeing/report/").status_code == 302
    assert client.get("/wellbeing/report.csv").status_code == 302


def test_csv_export_of_the_aggregate_table(cohort):
    admin = grant(UserFactory(handle="boss"), "admin")
    since, until = _period()
    response = logged_in(admin).get(f"/wellbeing/report.csv?since={since}&until={until}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == outcome_report.OUTCOME_COLUMNS
    overall = next(r for r in rows if r["measure"] == "WHO-5" and r["breakdown"] == "all")
    assert overall["n"] == "15" and overall["ci95_low"] and overall["suppressed"] == "false"
    pain = next(r for r in rows if r["group"] == "Chronic pain and illness")
    assert pain["suppressed"] == "true" and pain["n"] == "" and pain["mean_change"] == ""
    assert logged_in(admin).get("/wellbeing/report.csv?since=2026-02-01&until=2026-01-01").status_code == 400


def test_api_report_for_admins(cohort):
    admin = grant(UserFactory(handle="boss"), "admin")
    since, until = _period()
    body = api(logged_in(admin), "get", f"/wellbeing/report?since={since}&until={until}").json()
    assert body["min_group"] == 10
    assert next(r for r in body["outcomes"] if r["breakdown"] == "all" and r["measure"] == "WHO-5")["n"] == 15


def test_report_never_contains_individual_answers(cohort):
    since, until = _period()
    output = outcome_report.to_json(outcome_report.build_report(since=since, until=until))
    assert '"answers": [' not in output
    assert str(Response.objects.first().answers) not in output
    assert not any(handle in output for handle in Response.objects.values_list("user__handle", flat=True))


def _command(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_report_command_in_each_format(cohort):
    since, until = _period()
    text = _command("--since", str(since), "--until", str(until))
    assert "Wellbeing change" in text and "95% CI" in text and "suppressed" in text
    assert "Goals set" in text and "fewer than 10" in text
    who5 = next(line for line in text.splitlines() if line.strip().startswith("WHO-5") and " all " in line)
    assert "15" in who5 and " to " in who5

    rows = list(csv.DictReader(io.StringIO(_command("--since", str(since), "--format", "csv"))))
    assert next(r for r in rows if r["measure"] == "WHO-5" and r["breakdown"] == "all")["n"] == "15"

    data = json.loads(_command("--since", str(since), "--until", str(until), "--format", "json"))
    assert data["since"] == str(since) and data["min_group"] == 10
    assert {m["key"] for m in data["activity"]} >= {
        "members",
        "matches",
        "messages",
        "escalations",
        "match_hours_p90",
    }


def test_report_command_rejects_bad_dates_and_small_groups(cohort):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        _command("--since", "yesterday")
    with pytest.raises(CommandError):
        _command("--since", "2026-02-01", "--until", "2026-01-01")
    with pytest.raises(CommandError):
        _command("--since", "2026-01-01", "--min-group", "4")


def test_activity_counts_come_from_the_other_apps_when_they_exist(db, settings):
    conversations = pytest.importorskip("peercircle.conversations.models")
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "MIN_REPORT_GROUP": 5}
    a = UserFactory()
    for i in range(6):
        conversation = conversations.Conversation.objects.create()
        conversations.Message.objects.create(
            conversation=conversation, sender=a, seq=1, client_id=f"c{i}", text="hi"
        )
        conversations.Message.objects.create(
            conversation=conversation, sender=None, seq=2, client_id=f"s{i}", text="x", kind="system"
        )
    since, until = _period()
    metrics = {m.key: m for m in outcome_report.build_report(since=since, until=until).metrics}
    assert metrics["conversations"].value == 6
    assert metrics["messages"].value == 6  # system notices are not member messages
    assert metrics["members"].is_suppressed  # one member is far below the minimum of 5


def test_periods_are_whole_calendar_months_so_reports_cannot_be_subtracted_by_the_day():
    from datetime import date

    period = outcome_report.month_period(date(2026, 2, 10), date(2026, 2, 11))
    assert (period.since, period.until) == (date(2026, 2, 1), date(2026, 2, 28))
    period = outcome_report.month_period(date(2025, 12, 31), date(2026, 1, 1))
    assert (period.since, period.until) == (date(2025, 12, 1), date(2026, 1, 31))
