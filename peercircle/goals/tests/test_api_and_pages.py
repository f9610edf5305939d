import pytest

from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.goals import services
from peercircle.goals.models import Encouragement, Goal, GoalCheckIn, Worksheet
from peercircle.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_api_set_goal_check_in_and_partner_encourages(member, peer):
    owner, partner = logged_in(member), logged_in(peer)
    response = api(owner, "post", "/goals/", {"title": "Walk", "rhythm": "daily", "partner_ids": [peer.pk]})
    assert response.status_code == 201, response.json()
    goal_id = response.json()["id"]
    assert api(owner, "get", "/goals/peers").json() == [{"id": peer.pk, "handle": peer.handle}]

    response = api(
        owner, "post", f"/goals/{goal_id}/checkins", {"progress": "did_it", "mood": 4, "note": "Done"}
    )
    assert response.status_code == 201
    checkin_id = response.json()["id"]

    shared = api(partner, "get", "/goals/shared-with-me").json()
    assert [g["title"] for g in shared] == ["Walk"]
    detail = api(partner, "get", f"/goals/{goal_id}").json()
    assert [c["note"] for c in detail["checkins"]] == ["Done"]
    assert detail["is_mine"] is False

    response = api(
        partner, "post", f"/goals/{goal_id}/encouragements", {"kind": "keep_going", "checkin_id": checkin_id}
    )
    assert response.status_code == 201
    assert (
        api(owner, "get", f"/goals/{goal_id}").json()["encouragements"][0]["sender"]["handle"] == peer.handle
    )
    assert api(owner, "get", f"/goals/{goal_id}").json()["streak"]["current"] == 1


def test_api_someone_elses_goal_is_404_and_unchanged(member, other_member):
    goal = services.goal_create(owner=member, title="Walk")
    stranger = logged_in(other_member)
    assert api(stranger, "get", f"/goals/{goal.pk}").status_code == 404
    assert api(stranger, "patch", f"/goals/{goal.pk}", {"title": "Hacked"}).status_code == 404
    assert (
        api(stranger, "post", f"/goals/{goal.pk}/checkins", {"progress": "did_it", "mood": 3}).status_code
        == 404
    )
    assert api(stranger, "post", f"/goals/{goal.pk}/status", {"status": "archived"}).status_code == 404
    assert api(stranger, "post", f"/goals/{goal.pk}/encouragements", {"kind": "proud"}).status_code == 404
    assert api(stranger, "get", f"/goals/{goal.pk}/history").status_code == 404
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Walk", "active")
    assert not GoalCheckIn.objects.exists() and not Encouragement.objects.exists()
    assert api(stranger, "get", "/goals/shared-with-me").json() == []


def test_api_partner_cannot_change_the_goal_or_see_private_checkins(member, peer):
    from peercircle.goals.tests.conftest import make_peers

    second = UserFactory()
    make_peers(member, second)
    goal = services.goal_create(owner=member, title="Walk", partner_ids=[peer.pk, second.pk])
    services.goal_checkin_create(
        goal=goal, user=member, progress="partly", mood=2, note="secret", is_shared=False
    )
    partner = logged_in(peer)
    assert api(partner, "patch", f"/goals/{goal.pk}", {"title": "Changed"}).status_code == 404
    assert (
        api(partner, "post", f"/goals/{goal.pk}/checkins", {"progress": "did_it", "mood": 3}).status_code
        == 404
    )
    assert api(partner, "put", f"/goals/{goal.pk}/partners", {"partner_ids": []}).status_code == 404
    detail = api(partner, "get", f"/goals/{goal.pk}").json()
    assert detail["checkins"] == []
    # who else supports the owner is not the partner's business
    assert [p["handle"] for p in detail["partners"]] == [peer.handle]
    goal.refresh_from_db()
    assert goal.title == "Walk" and set(goal.partners.all()) == {peer, second}
    assert GoalCheckIn.objects.count() == 1


def test_api_validation_errors_use_the_error_shape(member):
    client = logged_in(member)
    response = api(client, "post", "/goals/", {"title": "x" * 500})
    assert response.status_code == 422
    assert "title" in response.json()["error"]["fields"]
    response = api(client, "post", "/goals/", {"title": "ok", "rhythm": "hourly"})
    assert response.status_code == 400 and "rhythm" in response.json()["error"]["fields"]
    assert not Goal.objects.exists()


def test_api_edit_status_and_history(member):
    client = logged_in(member)
    goal_id = api(client, "post", "/goals/", {"title": "Walk"}).json()["id"]
    assert api(client, "patch", f"/goals/{goal_id}", {"why": "Fresh air"}).json()["why"] == "Fresh air"
    assert (
        api(client, "post", f"/goals/{goal_id}/status", {"status": "completed"}).json()["status"]
        == "completed"
    )
    history = api(client, "get", f"/goals/{goal_id}/history").json()
    assert [h["action"] for h in history] == ["completed", "changed", "created"]


def test_api_worksheet_to_goal_and_sharing_rules(member, peer):
    owner = logged_in(member)
    response = api(
        owner,
        "post",
        "/goals/worksheets",
        {
            "problem": "Lonely evenings",
            "options": [{"text": "Join a choir", "pros": "people"}],
            "chosen": 0,
            "shared_with_id": peer.pk,
        },
    )
    assert response.status_code == 201
    ws_id = response.json()["id"]
    partner = logged_in(peer)
    assert api(partner, "get", f"/goals/worksheets/{ws_id}").json()["problem"] == "Lonely evenings"
    assert api(partner, "patch", f"/goals/worksheets/{ws_id}", {"review": "x"}).status_code == 404
    assert api(partner, "post", f"/goals/worksheets/{ws_id}/goal", {}).status_code == 404
    stranger = logged_in(UserFactory())
    assert api(stranger, "get", f"/goals/worksheets/{ws_id}").status_code == 404
    assert Worksheet.objects.get().review == ""
    response = api(owner, "post", f"/goals/worksheets/{ws_id}/goal", {})
    assert response.status_code == 201
    assert response.json()["title"] == "Join a choir"


def test_pages_set_goal_check_in_and_encourage(member, peer):
    owner = logged_in(member)
    response = owner.get("/goals/new/")
    assert response.status_code == 200
    assert b"<fieldset" in response.content and b"<legend" in response.content
    response = owner.post(
        "/goals/new/",
        {"title": "Call a friend", "why": "I miss people", "rhythm": "weekly", "partner_ids": [peer.pk]},
    )
    goal = Goal.objects.get()
    assert response.status_code == 302 and response.url == f"/goals/{goal.pk}/"
    response = owner.post(
        f"/goals/{goal.pk}/checkin/",
        {"progress": "did_it", "mood": "4", "note": "Called Jo", "is_shared": "on"},
    )
    assert response.status_code == 302
    page = owner.get(f"/goals/{goal.pk}/").content.decode()
    assert "Called Jo" in page and "1 check-in so far" in page

    partner = logged_in(peer)
    assert "Call a friend" in partner.get("/goals/").content.decode()
    page = partner.get(f"/goals/{goal.pk}/").content.decode()
    assert "Called Jo" in page and "Send encouragement" in page and "Change this goal" not in page
    response = partner.post(f"/goals/{goal.pk}/encourage/", {"kind": "small_steps"})
    assert response.status_code == 302
    assert Notification.objects.filter(
        user=member, kind="encouragement", title__contains="Small steps"
    ).exists()


def test_pages_someone_elses_goal_is_404_and_unchanged(member, other_member):
    goal = services.goal_create(owner=member, title="Walk")
    stranger = logged_in(other_member)
    assert stranger.get(f"/goals/{goal.pk}/").status_code == 404
    assert stranger.get(f"/goals/{goal.pk}/edit/").status_code == 404
    assert stranger.post(f"/goals/{goal.pk}/edit/", {"title": "Hacked", "rhythm": "daily"}).status_code == 404
    assert stranger.post(f"/goals/{goal.pk}/checkin/", {"progress": "did_it", "mood": "3"}).status_code == 404
    assert stranger.post(f"/goals/{goal.pk}/status/", {"status": "archived"}).status_code == 404
    assert stranger.post(f"/goals/{goal.pk}/encourage/", {"kind": "proud"}).status_code == 404
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Walk", "active")
    assert not GoalCheckIn.objects.exists()
    assert "Walk" not in stranger.get("/goals/").content.decode()


def test_pages_worksheet_flow(member):
    client = logged_in(member)
    response = client.post(
        "/goals/worksheets/new/",
        {
            "problem": "Too much on",
            "option_0_text": "",
            "option_1_text": "Say no to one thing",
            "option_1_pros": "time",
            "chosen": "1",
            "first_step": "Email the committee",
        },
    )
    worksheet = Worksheet.objects.get()
    assert response.status_code == 302
    assert worksheet.options == [{"text": "Say no to one thing", "pros": "time", "cons": ""}]
    assert worksheet.chosen == 0
    assert (
        "Make “Say no to one thing” a goal"
        in client.get(f"/goals/worksheets/{worksheet.pk}/").content.decode()
    )
    response = client.post(f"/goals/worksheets/{worksheet.pk}/goal/")
    goal = Goal.objects.get()
    assert response.url == f"/goals/{goal.pk}/" and goal.first_step == "Email the committee"


def test_pages_need_login(client):
    assert client.get("/goals/").status_code == 302


def test_the_peer_suggests_an_idea_on_a_shared_worksheet(member, peer, other_member):
    worksheet = services.worksheet_create(
        owner=member, data={"problem": "Lonely evenings", "shared_with_id": peer.pk}
    )
    partner = logged_in(peer)
    page = partner.get(f"/goals/worksheets/{worksheet.pk}/").content.decode()
    assert "Lonely evenings" in page and "Suggest an option" in page
    assert (
        partner.post(
            f"/goals/worksheets/{worksheet.pk}/suggest/", {"text": "Try the library book club"}
        ).status_code
        == 302
    )
    owner_page = logged_in(member).get(f"/goals/worksheets/{worksheet.pk}/").content.decode()
    assert "Try the library book club" in owner_page and "Ideas from your peer" in owner_page
    assert Notification.objects.filter(user=member, title__contains="suggested an idea").exists()
    # the owner cannot "suggest" to themselves; a stranger gets 404; nothing changes
    assert (
        logged_in(member).post(f"/goals/worksheets/{worksheet.pk}/suggest/", {"text": "x"}).status_code == 404
    )
    stranger = logged_in(UserFactory())
    assert (
        api(stranger, "post", f"/goals/worksheets/{worksheet.pk}/suggestions", {"text": "x"}).status_code
        == 404
    )
    worksheet.refresh_from_db()
    assert [s["text"] for s in worksheet.suggestions] == ["Try the library book club"]
