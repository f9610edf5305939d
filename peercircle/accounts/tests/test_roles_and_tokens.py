from __future__ import annotations

import pytest
from django.test import Client

from peercircle.accounts.models import ApiToken, Profile
from peercircle.core.testing import api, logged_in
from peercircle.safety.models import AuditLog

pytestmark = pytest.mark.django_db


def test_member_offers_support_and_moderator_approves_with_audit(member, moderator):
    # given
    response = api(
        logged_in(member), "post", "/accounts/me/peer-supporter", {"motivation": "I have been there."}
    )
    assert response.json()["peer_supporter_status"] == "pending"
    assert not member.is_peer_supporter
    # when
    queue = api(logged_in(moderator), "get", "/accounts/peer-supporter-applications").json()
    assert [a["handle"] for a in queue] == ["sam"]
    response = api(
        logged_in(moderator),
        "post",
        f"/accounts/peer-supporter-applications/{member.pk}/decision",
        {"is_approved": True},
    )
    # then
    assert response.status_code == 200
    assert member.is_peer_supporter
    assert Profile.objects.get(user=member).peer_supporter_status == "approved"
    row = AuditLog.objects.get(action="peer_supporter.approve")
    assert row.actor == moderator and row.target_id == str(member.pk)
    assert member.notifications.filter(kind="account").exists()


def test_member_cannot_approve_peer_supporters(member, other_member):
    api(logged_in(other_member), "post", "/accounts/me/peer-supporter", {"motivation": "Me please"})
    response = api(
        logged_in(member),
        "post",
        f"/accounts/peer-supporter-applications/{other_member.pk}/decision",
        {"is_approved": True},
    )
    assert response.status_code == 403
    assert not other_member.is_peer_supporter
    assert not AuditLog.objects.exists()
    assert logged_in(member).get("/accounts/peer-supporter/queue/").status_code == 302


def test_moderator_approves_through_the_page(member, moderator):
    api(logged_in(member), "post", "/accounts/me/peer-supporter", {"motivation": "I have been there."})
    client = logged_in(moderator)
    assert "I have been there." in client.get("/accounts/peer-supporter/queue/").content.decode()
    client.post(f"/accounts/peer-supporter/{member.pk}/decide/", {"decision": "decline", "reason": "Not yet"})
    assert Profile.objects.get(user=member).peer_supporter_status == "declined"
    assert AuditLog.objects.filter(action="peer_supporter.decline", reason="Not yet").exists()


def test_api_token_lifecycle(member, password):
    client = Client()
    created = api(
        client, "post", "/accounts/tokens", {"handle": "sam", "password": password, "name": "phone"}
    )
    assert created.status_code == 201
    raw = created.json()["token"]
    assert not ApiToken.objects.filter(key_hash=raw).exists()  # only the hash is stored
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert api(client, "get", "/accounts/me", **auth).json()["handle"] == "sam"
    token_id = created.json()["id"]
    assert api(client, "delete", f"/accounts/tokens/{token_id}", **auth).status_code == 204
    assert api(client, "get", "/accounts/me", **auth).status_code == 401


def test_token_with_wrong_password_is_refused(member):
    response = api(Client(), "post", "/accounts/tokens", {"handle": "sam", "password": "wrong"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_cannot_revoke_someone_elses_token(member, other_member, password):
    _token, _raw = __import__("peercircle.accounts.services", fromlist=["x"]).api_token_create(
        user=member, name="x"
    )
    response = api(logged_in(other_member), "delete", f"/accounts/tokens/{_token.pk}")
    assert response.status_code == 404
    _token.refresh_from_db()
    assert _token.revoked_at is None


def test_research_consent_is_separate_and_revocable(member):
    from peercircle.accounts.models import Consent

    client = logged_in(member)
    assert api(client, "get", "/accounts/me/research-consent").json() == {"is_given": False}
    assert api(client, "put", "/accounts/me/research-consent", {"is_given": True}).json() == {
        "is_given": True
    }
    assert api(client, "put", "/accounts/me/research-consent", {"is_given": True}).json() == {
        "is_given": True
    }
    assert Consent.objects.filter(user=member, kind="research").count() == 1
    client.post("/accounts/my-data/", {"action": "research"})  # unchecked box withdraws
    assert api(client, "get", "/accounts/me/research-consent").json() == {"is_given": False}
    assert Consent.objects.get(user=member, kind="research").withdrawn_at is not None
