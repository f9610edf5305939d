"""A real browser: a member sets a goal shared with their peer, checks in, the peer cheers them on;
the member completes WHO-5 twice and sees their trend chart and its data table."""

from __future__ import annotations

import pytest

from peercircle.core.testing.factories import PASSWORD, UserFactory
from peercircle.goals.models import Encouragement, Goal
from peercircle.wellbeing.instruments import WHO5
from peercircle.wellbeing.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base, handle):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def _answer_who5(page, base, option_label):
    page.goto(f"{base}/wellbeing/")
    page.get_by_role("link", name="Take the WHO-5").click()
    for item in WHO5.items:
        page.get_by_role("group", name=f"{item.number}. {item.text}").get_by_label(option_label).check()
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url(f"{base}/wellbeing/results/**")


def test_goal_with_a_peer_then_wellbeing_trend(asgi_live_server, new_page, settings):
    try:
        from peercircle.conversations.models import Conversation, Participant
    except ImportError:
        pytest.skip("the conversations app is not available, so two members cannot become peers")
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "WELLBEING_RETAKE_DAYS": 0}
    sam, alex = UserFactory(handle="sam"), UserFactory(handle="alex")
    conversation = Conversation.objects.create()
    Participant.objects.create(conversation=conversation, user=sam)
    Participant.objects.create(conversation=conversation, user=alex)
    base = asgi_live_server.url

    # the member sets a goal and shares it with their peer
    page = new_page()
    _log_in(page, base, "sam")
    page.goto(f"{base}/goals/")
    page.get_by_role("link", name="Set a goal").click()
    page.get_by_label("My goal").fill("Walk round the park")
    page.get_by_label("Why it matters to me").fill("Fresh air helps")
    page.get_by_label("Daily").check()
    page.get_by_label("alex").check()
    page.get_by_role("button", name="Set my goal").click()
    assert page.get_by_text("Your goal is set.").is_visible()
    goal = Goal.objects.get(owner=sam)
    assert list(goal.partners.all()) == [alex]

    # and checks in
    page.get_by_label("I did it").check()
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("A short note (optional)").fill("Saw a heron")
    page.get_by_role("button", name="Save my check-in").click()
    assert page.get_by_text("1 check-in so far").is_visible()

    # the peer sees it and sends encouragement
    peer_page = new_page()
    _log_in(peer_page, base, "alex")
    peer_page.goto(f"{base}/goals/")
    peer_page.get_by_role("link", name="Walk round the park").click()
    assert peer_page.get_by_text("Saw a heron").is_visible()
    peer_page.get_by_label("Keep going, you've got this.").check()
    peer_page.get_by_role("button", name="Send encouragement").click()
    assert peer_page.get_by_text("Your encouragement is on its way.").is_visible()
    assert Encouragement.objects.filter(goal=goal, sender=alex).count() == 1

    page.reload()
    assert page.get_by_role("heading", name="Encouragement from your partners").is_visible()

    # WHO-5 twice, then the trend chart and its table
    _answer_who5(page, base, "Less than half of the time")
    _answer_who5(page, base, "Most of the time")
    assert list(Response.objects.filter(user=sam).values_list("value", flat=True)) == [40.0, 80.0]
    page.get_by_role("link", name="See my trends").click()
    chart = page.locator('svg[role="img"]').first
    assert chart.is_visible()
    assert "WHO-5 over time" in chart.locator("title").text_content()
    rows = page.get_by_role("table").first.locator("tbody tr")
    assert rows.count() == 2
    assert rows.nth(1).locator("td").nth(1).text_content() == "80"
