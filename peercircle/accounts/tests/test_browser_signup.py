"""A real browser: sign up, fill the profile, log out, log in; the shell's safety controls work."""

from __future__ import annotations

import pytest

from peercircle.accounts.models import Profile, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_profile_logout_login(asgi_live_server, new_page):
    page = new_page()
    base = asgi_live_server.url
    page.goto(f"{base}/")
    page.get_by_role("link", name="Join with a pseudonym").click()
    page.get_by_label("Choose a handle").fill("quietfox")
    page.get_by_label("Password").fill("a-long-enough-passphrase")
    page.get_by_label("18 or over").check()
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("English").check()
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("I have read and accept the community guidelines").check()
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{base}/accounts/profile/")

    page.get_by_label("My situation, in my own words").fill("My mum died in March and I feel lost.")
    page.get_by_label("Grief and loss").check()
    page.get_by_label("I am living with it").check()
    page.get_by_label("I would like support").check()
    page.get_by_role("button", name="Save my profile").click()
    assert page.get_by_text("Your profile is saved.").is_visible()

    profile = Profile.objects.get(user__handle="quietfox")
    assert profile.situation == "My mum died in March and I feel lost."
    assert list(profile.topics.values_list("slug", flat=True)) == ["grief-and-loss"]

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{base}/accounts/profile/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Handle").fill("QuietFox")
    page.get_by_label("Password").fill("a-long-enough-passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/accounts/profile/")
    assert page.get_by_label("My situation, in my own words").input_value().startswith("My mum died")
    assert User.objects.filter(handle="quietfox").count() == 1


def test_quick_exit_by_button_and_double_escape_replaces_history(asgi_live_server, new_page, settings):
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "QUICK_EXIT_URL": f"{asgi_live_server.url}/healthz"}
    page = new_page()
    base = asgi_live_server.url
    page.goto(f"{base}/guidelines/")
    page.goto(f"{base}/safety/help/")
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(f"{base}/healthz")
    page.go_back()
    # the help page was replaced in history: Back goes to the page before it
    assert page.url == f"{base}/guidelines/"
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(f"{base}/healthz")
