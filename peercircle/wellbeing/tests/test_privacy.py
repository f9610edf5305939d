import pytest

from peercircle.core.privacy import account_delete, account_export
from peercircle.goals import services as goal_services
from peercircle.goals.models import Encouragement, Goal, GoalShare
from peercircle.goals.tests.conftest import make_peers
from peercircle.wellbeing.models import Response
from peercircle.wellbeing.services import response_submit

pytestmark = pytest.mark.django_db


def test_export_and_erasure_cover_goals_and_wellbeing(member, other_member):
    make_peers(member, other_member)
    goal = goal_services.goal_create(owner=member, title="Walk", partner_ids=[other_member.pk])
    goal_services.goal_checkin_create(goal=goal, user=member, progress="did_it", mood=4, note="nice")
    goal_services.goal_encourage(goal=goal, sender=other_member, kind="proud", note="yay")
    response_submit(user=member, instrument="who5", answers=[3, 3, 3, 3, 3])

    exported = account_export(user=member)
    assert exported["goals"]["goals"][0]["checkins"][0]["note"] == "nice"
    assert exported["wellbeing"]["responses"][0]["answers"] == [3, 3, 3, 3, 3]
    assert exported["wellbeing"]["responses"][0]["score"] == 60.0

    account_delete(user=member)
    assert not Goal.objects.exists() and not Response.objects.exists()
    assert not GoalShare.objects.exists() and not Encouragement.objects.exists()
    # the peer's own data stays
    assert account_export(user=other_member)["goals"]["encouragement_sent"] == []
