from __future__ import annotations

import pytest

from peercircle.accounts import demo as accounts_demo
from peercircle.safety import demo
from peercircle.safety.models import Escalation, Report, SafetyPlan
from peercircle.safety.selectors import moderation_queue

pytestmark = pytest.mark.django_db


def test_demo_seed_fills_the_queue_and_is_idempotent():
    users = accounts_demo.seed()
    demo.seed(users)
    demo.seed(users)
    assert SafetyPlan.objects.get(user=users["sam"]).people_to_ask.startswith("My aunt June")
    assert Escalation.objects.filter(status="open", level="concern").count() == 1
    closed = Escalation.objects.get(status="closed")
    assert closed.outcome == "false_alarm" and "Messaged Dana" in closed.notes
    assert Report.objects.count() == 1
    kinds = [item.kind for item in moderation_queue(moderator=users["morgan"])]
    assert kinds == ["escalation", "report"]
