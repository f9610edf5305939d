"""The matching page through the HTTP client: ask, live status panel, proposal, accept, end, reconnect."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from peercircle.accounts.models import Profile
from peercircle.core.testing import logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.matching import services
from peercircle.matching.models import Match, MatchRequest, MatchSide
from peercircle.matching.tests.factories import GRIEF_A, GRIEF_B, member, supporter

pytestmark = pytest.mark.django_db


def test_a_member_without_a_situation_is_asked_to_describe_it_first():
    client = logged_in(UserFactory(handle="quiet"))
    page = client.get("/matching/")
    assert page.status_code == 200
    assert "First describe your situation" in page.content.decode()
    response = client.post("/matching/request/", {"intent": "get"}, follow=True)
    assert "Describe your situation in your profile first" in response.content.decode()
    assert not MatchRequest.objects.exists()


def test_ask_then_the_polled_panel_shows_the_proposal_and_why():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    ana_client = logged_in(ana)
    page = ana_client.post("/matching/request/", {"intent": "get"}, follow=True).content.decode()
    assert "We are looking for a peer for you." in page
    assert 'hx-trigger="every 2s"' in page

    # nothing changed: the poll answers 204 and htmx leaves the page alone
    panel = ana_client.get("/matching/status/", headers={"HX-Request": "true"})
    token = re.search(r"\?v=([0-9a-f]+)", panel.content.decode()).group(1)
    assert ana_client.get(f"/matching/status/?v={token}").status_code == 204

    services.match_request_create(member=ben)
    panel = ana_client.get(f"/matching/status/?v={token}")
    html = panel.content.decode()
    assert panel.status_code == 200
    assert "We suggest you talk with ben" in html and "Why this peer" in html
    assert "Grief and loss" in html
    assert GRIEF_B not in html and "heart attack" not in html
    assert "<html" not in html  # only the partial


def test_both_accept_on_the_page_and_land_on_the_conversation():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana)
    services.match_request_create(member=ben)
    match = Match.objects.get()
    ana_client, ben_client = logged_in(ana), logged_in(ben)

    first = ana_client.post(f"/matching/{match.pk}/accept/", follow=True)
    assert "Waiting for ben to answer" in first.content.decode()

    second = ben_client.post(f"/matching/{match.pk}/accept/")
    match.refresh_from_db()
    assert match.status == "active"
    assert second.status_code == 302 and second["Location"].endswith(
        f"/conversations/{match.conversation_id}/"
    )

    # ana's next poll tells htmx to go to the conversation
    poll = ana_client.get(f"/matching/status/?pending={match.pk}&v=x", headers={"HX-Request": "true"})
    assert poll["HX-Redirect"].endswith(f"/conversations/{match.conversation_id}/")
    page = ana_client.get("/matching/").content.decode()
    assert "Open your conversation with ben" in page


def test_htmx_accept_redirects_with_hx_redirect():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana)
    services.match_request_create(member=ben)
    match = Match.objects.get()
    services.match_accept(match=match, user=ana)
    response = logged_in(ben).post(f"/matching/{match.pk}/accept/", headers={"HX-Request": "true"})
    match.refresh_from_db()
    assert response["HX-Redirect"].endswith(f"/conversations/{match.conversation_id}/")


def test_end_with_feedback_on_the_page_then_reconnect_from_past_peers():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana)
    services.match_request_create(member=ben)
    match = Match.objects.get()
    services.match_accept(match=match, user=ana)
    services.match_accept(match=match, user=ben)
    client = logged_in(ana)

    page = client.post(f"/matching/{match.pk}/end/", {"helpful": "5"}, follow=True).content.decode()

    assert "The match has ended" in page
    assert "You rated it 5 of 5." in page and "Ask ben to reconnect" in page
    assert MatchSide.objects.get(match=match, user=ana).helpful == 5
    page = client.post(f"/matching/{match.pk}/reconnect/", follow=True).content.decode()
    assert "We asked your past peer" in page
    reconnect = Match.objects.get(status="proposed")
    assert reconnect.origin == "reconnect"


def test_decline_and_skip_buttons():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana)
    services.match_request_create(member=ben)
    match = Match.objects.get()
    page = logged_in(ana).post(f"/matching/{match.pk}/decline/", {"skip": "1"}, follow=True).content.decode()
    assert "We are looking for someone else for you." in page
    assert MatchRequest.objects.get(member=ana).status == "waiting"
    match.refresh_from_db()
    assert match.status == "declined"


def test_another_members_match_is_a_404_page_and_unchanged():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana)
    services.match_request_create(member=ben)
    match = Match.objects.get()
    outsider = logged_in(UserFactory(handle="olly"))
    for action in ("accept", "decline", "end", "reconnect", "rematch"):
        assert outsider.post(f"/matching/{match.pk}/{action}/").status_code == 404
    match.refresh_from_db()
    assert match.status == "proposed"
    assert not MatchSide.objects.filter(accepted_at__isnull=False).exists()


def test_accepting_an_expired_proposal_on_the_page_says_so():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana)
    services.match_request_create(member=ben)
    match = Match.objects.get()
    Match.objects.filter(pk=match.pk).update(expires_at=match.created_at)
    page = logged_in(ana).post(f"/matching/{match.pk}/accept/", follow=True).content.decode()
    assert "This proposal has expired" in page


def test_a_peer_supporter_sees_active_matches_against_capacity():
    helper = supporter("helper", capacity=3)
    seeker = member("seeker", GRIEF_A)
    services.match_request_create(member=seeker)
    match = Match.objects.get()
    services.match_accept(match=match, user=seeker)
    services.match_accept(match=match, user=helper)
    page = logged_in(helper).get("/matching/").content.decode()
    assert "You are supporting 1 of up to 3 peers." in page
    Profile.objects.filter(user=helper).update(capacity=1)
    assert "You are supporting 1 of up to 1 peers." in logged_in(helper).get("/matching/").content.decode()


def test_pages_need_login_and_an_expired_session_sends_the_poller_to_log_in():
    response = Client().get("/matching/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    poll = Client().get("/matching/status/?v=x", headers={"HX-Request": "true"})
    assert poll.status_code == 204 and poll["HX-Redirect"].startswith("/accounts/login/")
    assert Client().post("/matching/request/").status_code == 302
    assert not MatchRequest.objects.exists()
