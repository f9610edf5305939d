from __future__ import annotations

import pytest
from django.test import Client

from peercircle.core.testing import logged_in

pytestmark = pytest.mark.django_db


def test_every_page_has_help_link_and_quick_exit(member):
    client = logged_in(member)
    for path in ["/", "/accounts/profile/", "/notifications/", "/safety/help/", "/guidelines/"]:
        page = client.get(path).content.decode()
        assert 'href="/safety/help/"' in page, path
        assert 'id="quick-exit"' in page, path
        assert "data-quick-exit-url=" in page, path
    anonymous = Client().get("/").content.decode()
    assert 'id="quick-exit"' in anonymous and 'href="/safety/help/"' in anonymous


def test_security_headers_and_no_inline_script(member):
    response = logged_in(member).get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    # every <script> has a src: nothing inline that CSP would have to allow
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
    assert "htmx" in html  # shipped by django-htmx's tag, not copied by hand


def test_healthz_and_readyz():
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "channel_layer": "ok"}


def test_openapi_schema_lists_accounts_endpoints():
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in [
        "/api/v1/accounts/signup",
        "/api/v1/accounts/me",
        "/api/v1/accounts/tokens",
        "/api/v1/notifications/",
    ]:
        assert path in paths, path


def test_api_docs_are_for_staff_only(member, moderator):
    assert logged_in(member).get("/api/v1/docs").status_code == 302
    assert logged_in(moderator).get("/api/v1/docs").status_code == 200


def test_unknown_page_is_404_not_500(member):
    assert logged_in(member).get("/no/such/page/").status_code == 404
