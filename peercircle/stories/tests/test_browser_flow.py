"""A real browser: share a story with a content note; another member opens it, reacts and thanks;
a question gets an answer, the asker marks it helpful, and the helper's recognition updates."""

from __future__ import annotations

from typing import Any

import pytest

from peercircle.core.testing.factories import PASSWORD, UserFactory
from peercircle.stories.models import Reaction, Story, ThankYou

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(new_page: Any, base: str, handle: str) -> Any:
    page = new_page()
    page.goto(f"{base}/accounts/login/?next=/stories/")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/stories/")
    return page


def test_share_react_thank_answer_and_recognise(asgi_live_server, new_page):
    base = asgi_live_server.url
    UserFactory(handle="sam")
    UserFactory(handle="robin")

    # sam shares a story with a content note
    sam = log_in(new_page, base, "sam")
    sam.get_by_role("link", name="Share a story").click()
    sam.get_by_label("Title").fill("Six months without Mum")
    sam.get_by_label("Your story").fill("Some days are lighter.\nThis helped: https://example.org/grief")
    sam.get_by_label("Grief and loss").check()
    sam.get_by_label("Loss and bereavement").check()
    sam.get_by_role("button", name="Share").click()
    sam.wait_for_url(f"{base}/stories/*/**")
    story = Story.objects.get()
    assert story.content_note_list == ["loss"]

    # robin finds it in the feed, opens the note, reacts and says thank you
    robin = log_in(new_page, base, "robin")
    robin.get_by_role("link", name="Six months without Mum").click()
    body = robin.get_by_text("Some days are lighter.")
    assert not body.is_visible()
    robin.get_by_text("Open to read the story.").click()
    assert body.is_visible()
    assert robin.get_by_role("link", name="https://example.org/grief").get_attribute("rel") == (
        "nofollow noopener noreferrer"
    )
    robin.get_by_role("button", name="Sending strength").click()
    robin.locator('#reactions button[aria-pressed="true"]').wait_for()
    assert Reaction.objects.filter(user__handle="robin", kind="strength").count() == 1
    robin.get_by_label("Your note").fill("Thank you for writing this.")
    robin.get_by_role("button", name="Send thanks").click()
    robin.get_by_text("Your thank-you note is on its way.").wait_for()
    assert ThankYou.objects.get().recipient.handle == "sam"

    # sam asks for advice; robin answers; sam marks it helpful
    sam.goto(f"{base}/stories/questions/new/")
    sam.get_by_label("Topic").select_option("grief-and-loss")
    sam.get_by_label("Your question").fill("How did you get through the first birthday?")
    sam.get_by_role("button", name="Ask").click()
    question_url = sam.url.split("?")[0]
    robin.goto(question_url)
    robin.get_by_label("Your answer").fill("We walked her favourite route and had chips.")
    robin.get_by_role("button", name="Answer").click()
    robin.get_by_text("We walked her favourite route").wait_for()
    sam.goto(question_url)
    sam.get_by_role("button", name="This helped me").click()
    sam.get_by_text("Helped the person who asked").wait_for()

    robin.goto(f"{base}/stories/helpers/robin/")
    recognition = robin.locator("#recognition-heading + dl").inner_text()
    assert "Answers marked helpful\n1" in recognition
    assert robin.get_by_text("First answer").first.is_visible()
