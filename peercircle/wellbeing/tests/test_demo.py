from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.accounts import demo as accounts_demo
from peercircle.goals import demo as goals_demo
from peercircle.goals.models import Goal
from peercircle.wellbeing import demo as wellbeing_demo
from peercircle.wellbeing import report as outcome_report
from peercircle.wellbeing.models import Response

pytestmark = pytest.mark.django_db


def test_demo_community_makes_a_meaningful_report_and_is_idempotent():
    users = accounts_demo.seed()
    goals_demo.seed(users)
    wellbeing_demo.seed(users)
    counts = (Response.objects.count(), Goal.objects.count())
    goals_demo.seed(users)
    wellbeing_demo.seed(users)
    assert (Response.objects.count(), Goal.objects.count()) == counts

    sam_goal = Goal.objects.get(owner=users["sam"])
    assert sam_goal.checkins.count() >= 3
    assert list(sam_goal.partners.all()) == [users["alex"]]
    assert Response.objects.filter(user=users["sam"], instrument="who5").count() == 2

    today = timezone.localdate()
    table = outcome_report.outcome_table(
        outcome_report.build_report(since=today - timedelta(days=90), until=today)
    )
    overall = [r for r in table if r["breakdown"] == "all"]
    assert all(not r["suppressed"] and r["ci95_low"] is not None for r in overall)
    who5 = next(r for r in overall if r["measure"] == "WHO-5")
    assert who5["mean_change"] > 0
    assert any(r["suppressed"] for r in table)
    assert any(not r["suppressed"] for r in table if r["breakdown"] == "role")
