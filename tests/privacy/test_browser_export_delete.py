"""In a real browser a member downloads their data, then deletes their account."""

from __future__ import annotations

import json

import pytest

from peercircle.accounts.models import User
from peercircle.accounts.services import profile_update
from peercircle.core.testing.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_then_delete_in_the_browser(asgi_live_server, new_page, tmp_path):
    member = UserFactory(handle="leaving")
    profile_update(user=member, data={"situation": "caring for my nan", "about_me": "tea and crosswords"})
    page = new_page()
    base = asgi_live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Handle").fill("leaving")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/accounts/profile/")
    page.get_by_role("link", name="Download or delete my data").click()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    archive_path = tmp_path / "archive.json"
    download_info.value.save_as(archive_path)
    archive = json.loads(archive_path.read_text())
    assert archive["summary"]["handle"] == "leaving"
    assert archive["accounts"]["profile"]["situation"] == "caring for my nan"

    page.get_by_label("Type your handle").fill("leaving")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and data").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_text("Your account and your data have been deleted").is_visible()
    erased = User.objects.get(pk=member.pk)
    assert not erased.is_active and erased.handle.startswith("deleted-")
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Handle").fill("leaving")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert "/accounts/login/" in page.url  # the old credentials no longer work
