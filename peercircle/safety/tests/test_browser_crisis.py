"""Issue 5 "done when", in real browsers: a demo member writes an urgent message and sees the crisis card for
their country; their peer sees guidance; a moderator in another browser gets the live alert, acknowledges
it and joins the conversation as a labelled moderator."""

from __future__ import annotations

import re

import pytest

from peercircle.accounts import demo as accounts_demo
from peercircle.conversations.models import Conversation, Participant
from peercircle.conversations.services import conversation_create, message_send
from peercircle.safety.models import AuditLog, Escalation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URGENT = "I have saved up my pills and I am going to take them all tonight"


def _log_in(page, base: str, handle: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(accounts_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}{next_path}")


def test_urgent_message_card_guidance_live_alert_acknowledge_and_join(asgi_live_server, new_page):
    users = accounts_demo.seed()
    sam, alex, morgan = users["sam"], users["alex"], users["morgan"]
    conversation: Conversation = conversation_create(participants=[sam, alex])
    base = asgi_live_server.url
    chat_path = f"/conversations/{conversation.pk}/"

    moderator_page = new_page({"width": 1280, "height": 900})
    errors: list[str] = []
    moderator_page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    moderator_page.on("pageerror", lambda exc: errors.append(str(exc)))
    _log_in(moderator_page, base, "morgan", "/safety/moderation/")
    moderator_page.get_by_text("Live: new alerts appear here at once.").wait_for()

    peer_page = new_page()
    _log_in(peer_page, base, "alex", chat_path)
    peer_page.get_by_text("Connected. New messages appear here as they arrive.").wait_for()

    member_page = new_page()
    _log_in(member_page, base, "sam", chat_path)
    member_page.get_by_text("Connected. New messages appear here as they arrive.").wait_for()
    member_page.get_by_label("Your message").fill(URGENT)
    member_page.get_by_role("button", name="Send").click()

    # the writer: a calm card with one suggested service for the UK, the plan one tap away
    card = member_page.get_by_role("alert").filter(has_text="You don't have to face this alone")
    card.wait_for()
    assert "Samaritans" in card.inner_text() and "116 123" in card.inner_text()
    assert "A trained moderator has been told" in card.inner_text()
    assert card.get_by_role("link", name="Open my safety plan").get_attribute("href") == "/safety/plan/"
    # the message was still delivered: the peer sees it, and guidance beside it
    peer_page.get_by_text(URGENT).wait_for()
    guidance = peer_page.get_by_text("Your peer may be going through a crisis")
    guidance.wait_for()
    assert "not responsible for fixing this" in peer_page.content()

    # the moderator, in another browser context, gets the live alert without reloading
    alert = moderator_page.locator(".live-alert").filter(has_text="New urgent crisis alert")
    alert.wait_for()
    alert.get_by_role("link", name="Open alert").click()
    moderator_page.wait_for_url(re.compile(r".*/safety/moderation/escalations/\d+/$"))
    assert errors == []  # the queue page and moderation.js ran clean (CSP included)
    assert URGENT in moderator_page.content()  # the flagged words, read on an audited page
    moderator_page.get_by_role("button", name="Acknowledge").click()
    moderator_page.get_by_text("You have acknowledged this").wait_for()
    moderator_page.get_by_role("button", name="Join the conversation as a moderator").click()
    moderator_page.wait_for_url(f"{base}{chat_path}")

    escalation = Escalation.objects.get(member=sam)
    assert (escalation.status, escalation.acknowledged_by_id) == ("acknowledged", morgan.pk)
    assert Participant.objects.get(conversation=conversation, user=morgan).role == "moderator"
    assert conversation.participants.filter(left_at__isnull=True).count() == 3  # nobody was dropped
    assert set(AuditLog.objects.filter(actor=morgan).values_list("action", flat=True)) >= {
        "escalation.view",
        "escalation.acknowledge",
        "escalation.join",
    }
    # both members are told a labelled moderator joined
    member_page.get_by_text(re.compile(r"A PeerCircle moderator, morgan, has joined")).wait_for()
    peer_page.get_by_text(re.compile(r"A PeerCircle moderator, morgan, has joined")).wait_for()


def test_the_card_comes_into_view_on_a_phone_at_the_end_of_a_long_chat(asgi_live_server, new_page):
    # The card's slot sits above the conversation: after 36 messages on a phone it is far off screen,
    # and a card nobody sees has not been shown.
    users = accounts_demo.seed()
    sam, alex = users["sam"], users["alex"]
    conversation: Conversation = conversation_create(participants=[sam, alex])
    for n in range(36):
        message_send(
            conversation=conversation,
            sender=sam if n % 2 else alex,  # 18 each: under the send rate, which counts these too
            text=f"Message {n}: how the week went, the small things, the weather and work.",
            client_id=f"long-chat-{n}",
        )
    page = new_page({"width": 390, "height": 800})
    _log_in(page, asgi_live_server.url, "sam", f"/conversations/{conversation.pk}/")
    page.get_by_text("Connected. New messages appear here as they arrive.").wait_for()
    page.get_by_label("Your message").fill(URGENT)
    page.get_by_role("button", name="Send").click()

    card = page.get_by_role("alert").filter(has_text="You don't have to face this alone")
    card.wait_for()
    page.wait_for_function(
        """() => { const c = document.querySelector('.crisis-card'); if (!c) return false;
                   const r = c.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"""
    )
    heading = card.get_by_role("heading", name="You don't have to face this alone")
    assert heading.evaluate("h => document.activeElement === h")


def test_crisis_script_renders_the_rich_card_and_not_a_crisis_works(asgi_live_server, new_page, monkeypatch):
    """crisis.js on any page with the slot: the live card replaces chat.js's plain one, and "This is not a
    crisis" is stored through htmx without leaving the page."""
    import json

    from peercircle.safety.crisis import card_event, crisis_handle_message
    from peercircle.safety.tests.helpers import add_message

    users = accounts_demo.seed()
    sam = users["sam"]
    conversation = conversation_create(participants=[sam, users["alex"]])
    # No socket listens in this test, and this thread runs Playwright's loop: drop the live pushes.
    monkeypatch.setattr("peercircle.core.events.send_event", lambda group, event: None)
    escalation = crisis_handle_message(message=add_message(conversation, sam, URGENT))
    assert escalation is not None
    frame = card_event(escalation, viewer=sam, role="member")

    base = asgi_live_server.url
    page = new_page()
    _log_in(page, base, "sam", "/safety/help/")
    page.evaluate(
        """conversationId => {
            const slot = document.createElement("div");
            slot.id = "crisis-slot";
            slot.dataset.conversationId = String(conversationId);
            document.querySelector("main").prepend(slot);
        }""",
        conversation.pk,
    )
    page.add_script_tag(url=f"{base}/static/safety/crisis.js")
    was_handled = page.evaluate(
        """frame => !document.dispatchEvent(
            new CustomEvent("peercircle:event", {detail: frame, cancelable: true}))""",
        json.loads(json.dumps(frame)),
    )
    assert was_handled  # chat.js's plain fallback is cancelled
    card = page.locator("#crisis-slot .crisis-card")
    card.get_by_text("You don't have to face this alone").wait_for()
    card.get_by_text("More options").click()
    # the other UK services wait behind the expander
    assert card.get_by_role("heading", name="Shout").is_visible()
    card.get_by_role("button", name="This is not a crisis").click()
    card.get_by_text("Thank you for telling us this is not a crisis").wait_for()
    escalation.refresh_from_db()
    assert escalation.member_said_not_crisis and escalation.status == "open"
