"""Every main page loads in a real browser without a console error (CSP violations included)."""

from __future__ import annotations

import pytest

from peercircle.core.testing.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/matching/",
    "/conversations/",
    "/stories/",
    "/goals/",
    "/wellbeing/",
    "/wellbeing/trends/",
    "/safety/plan/",
    "/safety/help/",
    "/notifications/",
    "/notifications/settings/",
    "/accounts/profile/",
    "/accounts/my-data/",
]


def test_main_pages_have_no_console_errors(asgi_live_server, new_page):
    UserFactory(handle="walker")
    page = new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = asgi_live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Handle").fill("walker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    for path in PAGES:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("main h1").count() >= 1, path
        assert errors == [], (path, errors)
