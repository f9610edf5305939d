"""The match lifecycle through the JSON API: ask, propose at once, see why, accept, end, reconnect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.accounts.models import Profile
from peercircle.conversations.models import Conversation
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.matching.models import Match, MatchingSettings, MatchRequest, MatchSide
from peercircle.matching.services import proposals_expire
from peercircle.matching.tests.factories import GRIEF_A, GRIEF_B, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return member("ana", GRIEF_A), member("ben", GRIEF_B)


def ask(user, intent="get"):
    return api(logged_in(user), "post", "/matching/request", {"intent": intent})


def test_second_asker_is_proposed_at_once_and_both_see_why_without_private_text(pair):
    ana, ben = pair
    # given ana asked and nobody was available
    first = ask(ana)
    assert first.status_code == 201 and first.json()["status"] == "waiting"
    # when ben asks
    second = ask(ben)
    # then both hold the same proposal, with reasons, and neither sees the other's situation text
    assert second.status_code == 201 and second.json()["status"] == "proposed"
    ana_view = api(logged_in(ana), "get", "/matching/proposals").json()
    ben_view = api(logged_in(ben), "get", "/matching/proposals").json()
    assert len(ana_view) == len(ben_view) == 1
    assert ana_view[0]["id"] == ben_view[0]["id"]
    assert ana_view[0]["peer"]["handle"] == "ben" and ben_view[0]["peer"]["handle"] == "ana"
    assert ana_view[0]["reasons"] == ben_view[0]["reasons"]
    reasons = " ".join(ana_view[0]["reasons"])
    assert "Grief and loss" in reasons
    assert "mum" not in reasons and "father" not in reasons and "phone" not in reasons


def test_both_accept_opens_a_conversation_and_the_match_is_active(pair):
    ana, ben = pair
    ask(ana)
    ask(ben)
    match_id = api(logged_in(ana), "get", "/matching/proposals").json()[0]["id"]

    half = api(logged_in(ana), "post", f"/matching/matches/{match_id}/accept").json()
    assert half["status"] == "proposed" and half["i_accepted"] and not half["peer_accepted"]
    done = api(logged_in(ben), "post", f"/matching/matches/{match_id}/accept").json()

    assert done["status"] == "active"
    conversation = Conversation.objects.get(pk=done["conversation_id"])
    assert set(conversation.participants.values_list("user__handle", flat=True)) == {"ana", "ben"}
    assert done["conversation_url"].endswith(f"/conversations/{conversation.pk}/")
    assert set(MatchRequest.objects.values_list("status", flat=True)) == {"matched"}
    status = api(logged_in(ana), "get", "/matching/status").json()
    assert status["request"] is None and status["proposal"] is None
    assert [m["peer"]["handle"] for m in status["active"]] == ["ben"]


def test_decline_sends_the_peer_back_to_waiting_and_they_are_not_proposed_again(pair):
    ana, ben = pair
    ask(ana)
    ask(ben)
    match_id = Match.objects.get().pk

    response = api(logged_in(ben), "post", f"/matching/matches/{match_id}/decline")

    assert response.json()["status"] == "declined"
    assert MatchRequest.objects.get(member=ana).status == "waiting"
    assert MatchRequest.objects.get(member=ben).status == "cancelled"
    # ben asks again: ana is waiting but was declined, so she is not proposed to him a second time
    assert ask(ben).json()["status"] == "waiting"
    assert Match.objects.count() == 1


def test_skip_keeps_looking_for_someone_else(pair):
    ana, ben = pair
    ask(ana)
    ask(ben)
    match_id = Match.objects.get().pk
    cleo = member("cleo", "My grandmother passed away last week and I miss her terribly.")

    api(logged_in(ben), "post", f"/matching/matches/{match_id}/skip")

    # ben is still looking and the batch or a new asker can pair him with someone new
    assert MatchRequest.objects.get(member=ben, status__in=["waiting", "proposed"])
    assert ask(cleo).json()["status"] == "proposed"
    live = Match.objects.get(status="proposed")
    assert set(live.sides.values_list("user__handle", flat=True)) in ({"cleo", "ana"}, {"cleo", "ben"})


def test_double_request_is_a_conflict_and_leaves_one_request(pair):
    ana, _ben = pair
    ask(ana)
    again = ask(ana)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_requested"
    assert MatchRequest.objects.filter(member=ana).count() == 1


def test_cancel_stops_looking_and_declines_a_pending_proposal(pair):
    ana, ben = pair
    ask(ana)
    ask(ben)
    response = api(logged_in(ana), "post", "/matching/request/cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Match.objects.get().status == "declined"
    assert MatchRequest.objects.get(member=ben).status == "waiting"
    assert api(logged_in(ana), "post", "/matching/request/cancel").status_code == 409


@pytest.mark.parametrize(
    ("situation", "expected"),
    [("", "Describe your situation"), ("   \n ", "Describe your situation"), ("x" * 2001, "too long")],
)
def test_empty_or_huge_situation_is_a_clear_error_and_creates_nothing(situation, expected):
    user = UserFactory(handle="quiet")
    Profile.objects.filter(user=user).update(situation=situation)
    response = ask(user)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "situation_invalid"
    assert expected in response.json()["error"]["message"]
    assert not MatchRequest.objects.exists()


def test_unknown_intent_and_unknown_fields_are_rejected(pair):
    ana, _ben = pair
    assert ask(ana, intent="everything").status_code == 400
    extra = api(logged_in(ana), "post", "/matching/request", {"intent": "get", "peer": 3})
    assert extra.status_code == 422
    assert not MatchRequest.objects.exists()


def test_someone_elses_match_is_not_found_and_unchanged(pair):
    ana, ben = pair
    ask(ana)
    ask(ben)
    match = Match.objects.get()
    outsider = member("olly", GRIEF_B)
    for action in ("accept", "decline", "skip", "end", "reconnect", "rematch"):
        response = api(logged_in(outsider), "post", f"/matching/matches/{match.pk}/{action}", {})
        assert response.status_code == 404, action
    assert api(logged_in(outsider), "get", f"/matching/matches/{match.pk}").status_code == 404
    assert api(logged_in(ana), "get", "/matching/matches/999999").status_code == 404
    match.refresh_from_db()
    assert match.status == "proposed"
    assert not MatchSide.objects.filter(match=match, accepted_at__isnull=False).exists()


def test_accepting_an_expired_proposal_is_a_clear_error(pair):
    ana, ben = pair
    ask(ana)
    ask(ben)
    match = Match.objects.get()
    Match.objects.filter(pk=match.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = api(logged_in(ana), "post", f"/matching/matches/{match.pk}/accept")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "expired"
    assert "expired" in response.json()["error"]["message"]
    match.refresh_from_db()
    assert match.status == "expired"
    assert not Conversation.objects.exists()
    # nobody had accepted: both requests are closed and both may ask again
    assert set(MatchRequest.objects.values_list("status", flat=True)) == {"expired"}
    assert ask(ana).status_code == 201


def test_expiry_task_returns_whoever_accepted_to_the_pool(pair):
    ana, ben = pair
    ask(ana)
    ask(ben)
    match = Match.objects.get()
    api(logged_in(ana), "post", f"/matching/matches/{match.pk}/accept")

    assert (
        proposals_expire(
            now=timezone.now() + timedelta(minutes=MatchingSettings.load().proposal_expiry_minutes + 1)
        )
        == 1
    )

    match.refresh_from_db()
    assert match.status == "expired"
    assert MatchRequest.objects.get(member=ana).status == "waiting"
    assert MatchRequest.objects.get(member=ben).status == "expired"
    assert not MatchSide.objects.filter(is_pending=True).exists()


def _active(ana, ben):
    ask(ana)
    ask(ben)
    match = Match.objects.get(status="proposed")
    api(logged_in(ana), "post", f"/matching/matches/{match.pk}/accept")
    api(logged_in(ben), "post", f"/matching/matches/{match.pk}/accept")
    match.refresh_from_db()
    assert match.status == "active"
    return match


def test_end_with_feedback_then_reconnect_creates_a_proposal_the_peer_can_accept(pair):
    ana, ben = pair
    match = _active(ana, ben)

    bad = api(logged_in(ana), "post", f"/matching/matches/{match.pk}/end", {"helpful": 9})
    assert bad.status_code == 422
    match.refresh_from_db()
    assert match.status == "active"

    ended = api(logged_in(ana), "post", f"/matching/matches/{match.pk}/end", {"helpful": 4}).json()
    assert ended["status"] == "ended" and ended["my_feedback"] == 4
    assert MatchSide.objects.get(match=match, user=ben).helpful is None  # feedback is private to ana

    again = api(logged_in(ana), "post", f"/matching/matches/{match.pk}/reconnect")
    assert again.status_code == 201
    proposal = again.json()
    assert proposal["origin"] == "reconnect" and proposal["i_accepted"] and not proposal["peer_accepted"]
    accepted = api(logged_in(ben), "post", f"/matching/matches/{proposal['id']}/accept").json()
    assert accepted["status"] == "active"


def test_reconnect_after_a_safety_concern_is_refused(pair):
    ana, ben = pair
    match = _active(ana, ben)
    api(logged_in(ben), "post", f"/matching/matches/{match.pk}/end", {"safety_concern": True})

    for asker in (ana, ben):
        response = api(logged_in(asker), "post", f"/matching/matches/{match.pk}/reconnect")
        assert response.status_code == 409
    assert Match.objects.count() == 1


def test_rematch_ends_the_match_and_looks_again(pair):
    ana, ben = pair
    match = _active(ana, ben)
    response = api(logged_in(ana), "post", f"/matching/matches/{match.pk}/rematch")
    assert response.status_code == 201
    match.refresh_from_db()
    assert match.status == "ended" and match.ended_by == ana
    assert MatchRequest.objects.get(member=ana, status__in=["waiting", "proposed"])


def test_only_an_active_match_can_be_ended(pair):
    ana, ben = pair
    ask(ana)
    ask(ben)
    match = Match.objects.get()
    response = api(logged_in(ana), "post", f"/matching/matches/{match.pk}/end", {})
    assert response.status_code == 409
    match.refresh_from_db()
    assert match.status == "proposed"


def test_matching_settings_are_admin_only_and_validated(member, admin_user):
    assert api(logged_in(member), "get", "/matching/settings").status_code == 403
    denied = api(logged_in(member), "put", "/matching/settings", {"quality_vs_wait": 0.9})
    assert denied.status_code == 403
    assert MatchingSettings.load().quality_vs_wait == 0.5

    admin = logged_in(admin_user)
    changed = api(admin, "put", "/matching/settings", {"quality_vs_wait": 0.9, "proposal_expiry_minutes": 10})
    assert changed.status_code == 200 and changed.json()["quality_vs_wait"] == 0.9
    assert MatchingSettings.load().proposal_expiry_minutes == 10
    assert api(admin, "put", "/matching/settings", {"min_quality": -1}).status_code == 422
    assert api(admin, "put", "/matching/settings", {"surprise": 1}).status_code == 422
    zero = {f"{name}_weight": 0.0 for name in ("situation", "topics", "same_relation", "complementary")}
    zero |= {
        f"{name}_weight": 0.0 for name in ("interests", "availability", "timezone", "preferences", "waiting")
    }
    assert api(admin, "put", "/matching/settings", zero).status_code == 400
    assert MatchingSettings.load().situation_weight > 0
