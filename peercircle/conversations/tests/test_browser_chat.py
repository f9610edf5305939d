"""Two people in two real browser windows: live chat, HTML shown as text, and a dropped network that comes
back with every message in order."""

from __future__ import annotations

import re

import pytest

from peercircle.conversations.models import Message
from peercircle.conversations.services import conversation_create
from peercircle.core.testing.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> hi robin'


def _open_chat(new_page, base: str, handle: str, conversation_id: int):
    page = new_page()
    page.goto(f"{base}/accounts/login/?next=/conversations/{conversation_id}/")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/conversations/{conversation_id}/")
    page.wait_for_selector("#chat-status:has-text('Connected')")
    return page


def _texts(page) -> list[str]:
    return page.locator("#chat-log li .text").all_inner_texts()


def test_two_browsers_chat_live_and_recover_after_going_offline(asgi_live_server, new_page):
    from playwright.sync_api import expect

    sam, robin = UserFactory(handle="sam"), UserFactory(handle="robin")
    conversation = conversation_create(participants=[sam, robin])  # type: ignore[list-item]
    base = asgi_live_server.url
    sam_page = _open_chat(new_page, base, "sam", conversation.pk)
    robin_page = _open_chat(new_page, base, "robin", conversation.pk)

    sam_page.get_by_label("Your message").fill(HOSTILE)
    sam_page.get_by_label("Your message").press("Enter")
    expect(robin_page.locator("#chat-log li.theirs .text")).to_have_text([HOSTILE])
    # Acknowledged; robin's open page may already have read it, which shows as "Seen".
    expect(sam_page.locator("#chat-log li.mine .state")).to_have_text([re.compile("^(Sent|Seen)$")])
    assert robin_page.evaluate("window.__pwned") is None
    assert sam_page.evaluate("window.__pwned") is None
    assert robin_page.locator("#chat-log img").count() == 0

    # robin drops off the network; sam keeps writing; robin writes while offline
    robin_page.context.set_offline(True)
    expect(robin_page.locator("#chat-status")).to_contain_text("offline")
    for i in range(3):
        sam_page.get_by_label("Your message").fill(f"are you there? {i}")
        sam_page.get_by_label("Your message").press("Enter")
    robin_page.get_by_label("Your message").fill("sorry, my train went into a tunnel")
    robin_page.get_by_label("Your message").press("Enter")
    expect(robin_page.locator("#chat-log li.mine .state")).to_have_text(["Sending…"])
    robin_page.context.set_offline(False)

    expected = [HOSTILE, "are you there? 0", "are you there? 1", "are you there? 2",
                "sorry, my train went into a tunnel"]  # fmt: skip
    expect(robin_page.locator("#chat-log li .text")).to_have_text(expected, timeout=20_000)
    expect(sam_page.locator("#chat-log li .text")).to_have_text(expected, timeout=20_000)
    assert list(Message.objects.order_by("seq").values_list("text", flat=True)) == expected
    assert _texts(robin_page) == expected
