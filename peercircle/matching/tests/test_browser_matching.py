"""A real browser, two people: both ask for support, are proposed to each other within seconds, see why,
both accept, and land on their conversation page."""

from __future__ import annotations

import time

import pytest

from peercircle.core.testing.factories import PASSWORD, TopicFactory
from peercircle.matching.models import Match
from peercircle.matching.tests.factories import GRIEF_A, GRIEF_B, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(new_page, base: str, handle: str):
    page = new_page()
    page.goto(f"{base}/accounts/login/?next=/matching/")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/matching/")
    return page


def test_two_members_with_similar_situations_are_matched_and_land_in_their_conversation(
    asgi_live_server, new_page
):
    from playwright.sync_api import expect

    TopicFactory(slug="grief-and-loss", name="Grief and loss")
    member("ana", GRIEF_A)
    member("ben", GRIEF_B)
    base = asgi_live_server.url
    ana, ben = _log_in(new_page, base, "ana"), _log_in(new_page, base, "ben")

    ana.get_by_label("I would like support").check()
    ana.get_by_role("button", name="Find me a peer").click()
    expect(ana.get_by_text("We are looking for a peer for you.")).to_be_visible()

    ben.get_by_label("I would like support").check()
    ben.get_by_role("button", name="Find me a peer").click()
    asked_at = time.monotonic()
    expect(ben.get_by_role("heading", name="We suggest you talk with ana")).to_be_visible()

    # ana's page was already open: the status panel updates by itself within a few seconds
    expect(ana.get_by_role("heading", name="We suggest you talk with ben")).to_be_visible(timeout=6_000)
    assert time.monotonic() - asked_at < 6
    for page in (ana, ben):
        expect(page.get_by_role("heading", name="Why this peer")).to_be_visible()
        expect(page.get_by_text("You both chose: Grief and loss")).to_be_visible()
        expect(page.get_by_text("heart attack")).to_have_count(0)
        expect(page.get_by_text("picking up the phone")).to_have_count(0)

    ana.get_by_role("button", name="Accept").click()
    expect(ana.get_by_text("Waiting for ben to answer")).to_be_visible()
    ben.get_by_role("button", name="Accept").click()

    match = Match.objects.get()
    conversation = f"{base}/conversations/{match.conversation_id}/"
    ben.wait_for_url(conversation)
    ana.wait_for_url(conversation, timeout=6_000)  # HX-Redirect from the polled panel
    expect(ben.get_by_role("heading", name="Conversation with ana")).to_be_visible()
    expect(ana.get_by_role("heading", name="Conversation with ben")).to_be_visible()
    match.refresh_from_db()
    assert match.status == "active"
