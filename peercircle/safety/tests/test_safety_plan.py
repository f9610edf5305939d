"""A safety plan is private: only its owner can read it, through pages, the API or the Django admin."""

from __future__ import annotations

import pytest
from django.db import connection

from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.safety.crisis import escalation_raise
from peercircle.safety.models import PLAN_FIELD_MAX, SafetyPlan
from peercircle.safety.screening import ScreenResult
from peercircle.safety.services import safety_plan_update

pytestmark = pytest.mark.django_db

SECRET = "When I start giving things away, call my sister Ana"


@pytest.fixture
def sams_plan(member):
    return safety_plan_update(user=member, data={"warning_signs": SECRET, "coping_strategies": "Long walk"})


def test_owner_edits_views_and_prints_the_plan(member, member_client):
    response = member_client.post(
        "/safety/plan/",
        dict.fromkeys(SafetyPlan.STEPS, "") | {"warning_signs": SECRET, "safe_environment": "Keys to Ana"},
    )
    assert response.status_code == 302
    page = member_client.get("/safety/plan/")
    assert SECRET in page.content.decode()
    printable = member_client.get("/safety/plan/print/").content.decode()
    assert SECRET in printable and "Keys to Ana" in printable
    assert "Samaritans" in printable  # crisis services on the printout


def test_empty_plan_suggests_crisis_lines_for_step_five(member_client):
    page = member_client.get("/safety/plan/").content.decode()
    assert "Samaritans: call 116 123 (24/7)" in page
    assert SafetyPlan.objects.count() == 0  # a suggestion, not saved until the member saves


def test_plan_is_encrypted_at_rest(sams_plan):
    with connection.cursor() as cursor:
        cursor.execute("SELECT warning_signs FROM safety_safetyplan WHERE id = %s", [sams_plan.pk])
        (raw,) = cursor.fetchone()
    assert "Ana" not in raw


@pytest.mark.parametrize("who", ["other", "moderator", "admin"])
def test_nobody_else_reads_the_plan_through_pages_or_api(who, sams_plan, other_member, moderator, admin_user):
    viewer = {"other": other_member, "moderator": moderator, "admin": admin_user}[who]
    client = logged_in(viewer)
    for path in ("/safety/plan/", "/safety/plan/print/"):
        assert SECRET not in client.get(path).content.decode()
    data = api(client, "get", "/safety/plan").json()
    assert data["warning_signs"] == "" and SECRET not in str(data)
    # there is no route that takes someone else's plan id
    for path in (f"/safety/plan/{sams_plan.pk}/", f"/api/v1/safety/plan/{sams_plan.pk}"):
        assert client.get(path).status_code == 404
    # saving their own plan never touches sam's
    api(client, "put", "/safety/plan", {"warning_signs": "mine"})
    sams_plan.refresh_from_db()
    assert sams_plan.warning_signs == SECRET


def test_admin_site_does_not_expose_plans(sams_plan, admin_user):
    client = logged_in(admin_user)
    assert client.get("/admin/safety/safetyplan/").status_code == 404
    assert client.get(f"/admin/safety/safetyplan/{sams_plan.pk}/change/").status_code == 404
    index = client.get("/admin/").content.decode()
    assert "Safety plans" not in index and "Crisis resources" in index


def test_moderators_escalation_view_never_contains_the_plan(sams_plan, member, moderator):
    escalation, _ = escalation_raise(
        member=member,
        content_type="story",
        content_id=1,
        result=ScreenResult("urgent", 0.9, ["x"]),
        context=[
            {"content_type": "story", "content_id": 1, "author": "sam", "text": "flagged", "is_flagged": True}
        ],
    )
    client = logged_in(moderator)
    page = client.get(f"/safety/moderation/escalations/{escalation.pk}/").content.decode()
    assert "flagged" in page and SECRET not in page
    detail = api(client, "get", f"/safety/moderation/escalations/{escalation.pk}")
    assert detail.status_code == 200 and detail.json()["context"][0]["text"] == "flagged"
    assert SECRET not in detail.content.decode()


def test_api_round_trip_and_length_limits(member_client, member):
    response = api(member_client, "put", "/safety/plan", {"warning_signs": SECRET, "professionals": "GP"})
    assert response.status_code == 200
    assert response.json()["warning_signs"] == SECRET
    too_long = api(member_client, "put", "/safety/plan", {"warning_signs": "x" * (PLAN_FIELD_MAX + 1)})
    assert too_long.status_code == 422
    unknown = api(member_client, "put", "/safety/plan", {"diary": "x"})
    assert unknown.status_code == 422
    assert SafetyPlan.objects.get(user=member).warning_signs == SECRET


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/safety/plan/").status_code == 302
    assert api(client, "get", "/safety/plan").status_code == 401


def test_plan_reachable_in_one_tap_from_the_crisis_card(member, peer):
    from peercircle.safety.crisis import crisis_handle_message
    from peercircle.safety.selectors import crisis_card_for
    from peercircle.safety.tests.helpers import URGENT, add_message, pair

    conversation = pair(member, peer)
    crisis_handle_message(message=add_message(conversation, member, URGENT))
    client = logged_in(member)
    card = api(client, "get", f"/safety/crisis/card?conversation_id={conversation.pk}").json()["card"]
    assert card["safety_plan_url"] == "/safety/plan/"
    assert crisis_card_for(user=UserFactory(), conversation_id=conversation.pk) is None
