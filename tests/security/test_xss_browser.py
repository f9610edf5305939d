"""XSS, tested from outside: script and HTML payloads in every member-written text field, then a real
browser opens every page where that text appears (and the links from them) as the writer, their peer and
a moderator; nothing may execute and no injected element may appear."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest

from peercircle.accounts.services import profile_update
from peercircle.conversations.services import conversation_create, message_send
from peercircle.core.testing.factories import PASSWORD, UserFactory, grant
from peercircle.goals.services import goal_checkin_create, goal_create
from peercircle.safety.services import report_create, safety_plan_update
from peercircle.stories.services import answer_create, comment_create, question_create, story_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = (
    "<script>window.__xss='script'</script>"
    "<img src=x id=xss-img onerror=\"window.__xss='img'\">"
    "\"'><svg id=xss-svg onload=\"window.__xss='svg'\"></svg>"
    "<a id=xss-link href=\"javascript:window.__xss='href'\">click</a>"
    "<iframe id=xss-frame src=\"javascript:parent.__xss='iframe'\"></iframe>"
    " {{ 7*7 }} <b id=xss-bold>bold</b>"
)
SHORT = "<img src=x onerror=\"window.__xss='t'\"><b id=xss-bold>b</b>"  # for fields with short limits

SKIP_PATH_PARTS = ("logout", "delete", "/admin/", "/static/", "/api/", "print")


def _login(page, base: str, handle: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def _assert_clean(page, where: str, dialogs: list[str]) -> None:
    injected = page.evaluate(
        """() => ({
            xss: window.__xss || null,
            elements: ['xss-img', 'xss-svg', 'xss-link', 'xss-frame', 'xss-bold']
                .filter(id => document.getElementById(id) !== null),
        })"""
    )
    assert injected == {"xss": None, "elements": []}, where
    assert dialogs == [], where


def _visit_with_links(page, base: str, paths: list[str], dialogs: list[str]) -> int:
    """Open each page, then every same-origin link on it once; return how many pages were checked."""
    seen: set[str] = set()
    queue = list(paths)
    for path in paths:
        page.goto(f"{base}{path}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            url = urlparse(urljoin(f"{base}{path}", href))
            if url.netloc == urlparse(base).netloc and not any(part in url.path for part in SKIP_PATH_PARTS):
                queue.append(url.path)
    for path in queue:
        if path in seen:
            continue
        seen.add(path)
        page.goto(f"{base}{path}")
        page.wait_for_timeout(50)  # let onerror/onload handlers fire if anything slipped through
        _assert_clean(page, path, dialogs)
    return len(seen)


def test_payloads_in_every_text_field_never_execute(asgi_live_server, new_page):
    writer = UserFactory(handle="writer")
    peer = UserFactory(handle="peer")
    grant(UserFactory(handle="mod"), "moderator")
    profile_update(
        user=writer,
        data={
            "situation": PAYLOAD,
            "about_me": PAYLOAD[:490],
            "topics": ["grief-and-loss"],
            "interests": [SHORT],
        },
    )
    conversation = conversation_create(participants=[writer, peer])
    message, _created = message_send(
        conversation=conversation, sender=writer, text=PAYLOAD, client_id="xss-1"
    )
    story = story_create(author=writer, title=SHORT, body=PAYLOAD, topic_slugs=["grief-and-loss"])
    comment_create(author=peer, story_id=story.pk, body=PAYLOAD)
    journal = story_create(author=writer, title=SHORT, body=PAYLOAD, visibility="private")
    question = question_create(author=writer, topic_slug="grief-and-loss", title=SHORT, body=PAYLOAD)
    answer_create(author=peer, question_id=question.pk, body=PAYLOAD)
    goal = goal_create(owner=writer, title=SHORT, why=PAYLOAD[:400], first_step=SHORT, partner_ids=[peer.pk])
    goal_checkin_create(goal=goal, user=writer, progress="did_it", mood=3, note=SHORT)
    safety_plan_update(user=writer, data={"warning_signs": PAYLOAD, "coping_strategies": PAYLOAD})
    report_create(
        reporter=peer, target_type="message", target_id=message.pk, category="other", note=PAYLOAD[:900]
    )

    base = asgi_live_server.url
    checked = 0
    for handle, paths in [
        (
            "writer",
            [
                "/",
                f"/conversations/{conversation.pk}/",
                f"/stories/{story.pk}/",
                f"/stories/{journal.pk}/",
                f"/stories/questions/{question.pk}/",
                f"/goals/{goal.pk}/",
                "/safety/plan/",
                "/accounts/profile/",
                "/accounts/members/writer/",
            ],
        ),
        ("peer", ["/", f"/conversations/{conversation.pk}/", f"/stories/{story.pk}/", f"/goals/{goal.pk}/"]),
        ("mod", ["/safety/moderation/"]),
    ]:
        page = new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog, sink=dialogs: sink.append(dialog.message))
        _login(page, base, handle)
        checked += _visit_with_links(page, base, paths, dialogs)
    assert checked >= 15  # the crawl really reached the pages that show the payloads
