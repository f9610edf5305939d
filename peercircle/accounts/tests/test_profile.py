from __future__ import annotations

import pytest
from django.test import Client

from peercircle.accounts.models import Profile
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_page_saves_situation_topics_and_availability(member_client, member):
    response = member_client.post(
        "/accounts/profile/",
        {
            "situation": "My mum passed in March.",
            "about_me": "Tea and gardens.",
            "topics": ["grief-and-loss"],
            "relation": "living_with",
            "intent": "get",
            "interests": "gardening, tea",
            "availability": ["mon-evening"],
            "capacity": 2,
            "country": "IE",
            "languages": ["en"],
            "time_zone": "Europe/Dublin",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.situation == "My mum passed in March."
    assert list(profile.topics.values_list("slug", flat=True)) == ["grief-and-loss"]
    assert profile.interests == ["gardening", "tea"]
    assert profile.availability == ["mon-evening"]
    member.refresh_from_db()
    assert str(member.country) == "IE"


def test_api_profile_update_and_read_back(member_client):
    response = api(
        member_client,
        "patch",
        "/accounts/me",
        {"situation": "Caring for my dad.", "topics": ["caring-for-someone"], "relation": "supporting"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["situation"] == "Caring for my dad."
    assert body["topics"] == ["caring-for-someone"]
    assert body["roles"] == ["member"]


@pytest.mark.parametrize(
    "body",
    [
        {"topics": ["no-such-topic"]},
        {"situation": "x" * 2001},
        {"relation": "neighbour"},
        {"availability": ["someday"]},
        {"capacity": 0},
        {"handle": "renamed"},
    ],
)
def test_api_profile_rejects_bad_input_and_changes_nothing(member_client, member, body):
    response = api(member_client, "patch", "/accounts/me", body)
    assert response.status_code in (400, 422)
    profile = Profile.objects.get(user=member)
    assert profile.situation == "" and profile.topics.count() == 0 and profile.relation == "living_with"
    member.refresh_from_db()
    assert member.handle == "sam"


def test_situation_is_never_on_the_public_profile(member, other_member):
    Profile.objects.filter(user=member).update(situation="secret words about my life", about_me="Hello there")
    client = logged_in(other_member)
    page = client.get("/accounts/members/sam/").content.decode()
    assert "Hello there" in page and "secret words" not in page
    body = api(client, "get", "/accounts/members/sam").json()
    assert body["about_me"] == "Hello there"
    assert "situation" not in body


def test_minor_and_adult_cannot_see_each_others_profiles(member, minor):
    assert logged_in(member).get("/accounts/members/mia/").status_code == 404
    assert api(logged_in(member), "get", "/accounts/members/mia").status_code == 404
    assert logged_in(minor).get("/accounts/members/sam/").status_code == 404
    other_minor = UserFactory(handle="noah", age_bracket="minor")
    assert logged_in(other_minor).get("/accounts/members/mia/").status_code == 200


def test_unknown_member_is_404_in_json(member_client):
    response = api(member_client, "get", "/accounts/members/nobody")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_anonymous_is_sent_to_login_for_pages_and_401_for_api():
    client = Client()
    assert client.get("/accounts/profile/").status_code == 302
    response = api(client, "get", "/accounts/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_discreet_mode_gives_neutral_titles(member_client, member):
    assert "PeerCircle" in member_client.get("/").content.decode().split("</title>")[0]
    api(member_client, "patch", "/accounts/me", {"is_discreet": True})
    head = member_client.get("/").content.decode().split("</title>")[0]
    assert "PeerCircle" not in head and "Notes" in head


def test_urgent_about_me_is_not_published(member_client, member):
    response = api(
        member_client,
        "patch",
        "/accounts/me",
        {"about_me": "I have saved up all my pills and tonight I am taking them, goodbye everyone"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "held"
    assert Profile.objects.get(user=member).about_me == ""
    ok = api(
        member_client,
        "patch",
        "/accounts/me",
        {"about_me": "Gardener and tea drinker, slowly finding my feet"},
    )
    assert ok.json()["about_me"].startswith("Gardener")
