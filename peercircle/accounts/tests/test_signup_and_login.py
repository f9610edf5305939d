from __future__ import annotations

import pytest
from django.test import Client

from peercircle.accounts.models import Consent, Profile, User
from peercircle.core.testing import api

pytestmark = pytest.mark.django_db

SIGNUP = {
    "handle": "quietfox",
    "password": "a-long-enough-passphrase",
    "age_bracket": "adult",
    "country": "GB",
    "languages": ["en", "fr"],
    "time_zone": "Europe/London",
    "accepts_guidelines": True,
}


def test_signup_page_creates_pseudonymous_member_with_consent_and_logs_in():
    client = Client()
    # when
    response = client.post("/accounts/signup/", {**SIGNUP, "accepts_guidelines": "on"})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    user = User.objects.get(handle="quietfox")
    assert user.languages == ["en", "fr"]
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    consent = Consent.objects.get(user=user)
    assert consent.kind == "guidelines" and consent.version
    assert Profile.objects.filter(user=user).exists()
    assert client.get("/").status_code == 200
    assert "quietfox" in client.get("/").content.decode()


def test_signup_without_consent_is_refused_and_creates_nothing():
    response = Client().post(
        "/accounts/signup/", {k: v for k, v in SIGNUP.items() if k != "accepts_guidelines"}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not User.objects.exists()


def test_handles_are_unique_regardless_of_case():
    api(Client(), "post", "/accounts/signup", SIGNUP)
    response = api(Client(), "post", "/accounts/signup", {**SIGNUP, "handle": "QuietFox"})
    assert response.status_code == 409
    assert response.json()["error"]["fields"]["handle"]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("handle", "a b"),
        ("handle", "x"),
        ("age_bracket", "12"),
        ("country", "ZZ"),
        ("languages", ["xx"]),
        ("time_zone", "Mars/Olympus"),
        ("password", "short"),
        ("accepts_guidelines", False),
    ],
)
def test_api_signup_rejects_bad_fields_with_stable_error_shape(field, value):
    response = api(Client(), "post", "/accounts/signup", {**SIGNUP, field: value})
    assert response.status_code in (400, 422)
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert field in error["fields"]
    assert not User.objects.exists()


def test_login_and_logout_through_pages(member, password):
    client = Client()
    response = client.post("/accounts/login/", {"username": "SAM", "password": password})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_repeated_failed_logins_are_throttled(member, password):
    client = Client()
    for _ in range(8):
        client.post("/accounts/login/", {"username": "sam", "password": "wrong-password"})
    # even the right password is refused while locked out
    response = client.post("/accounts/login/", {"username": "sam", "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_change_password_page(member_client, member, password):
    response = member_client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another-long-passphrase")


def test_api_change_password_requires_the_old_one(member_client, member, password):
    response = api(
        member_client, "post", "/accounts/me/password", {"old_password": "nope", "new_password": "x" * 12}
    )
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.check_password(password)
