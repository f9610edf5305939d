"""A helper's recognition (from the stories app) shows on their public member page."""

from __future__ import annotations

import re

import pytest

from peercircle.core.testing import logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.stories import services as stories

pytestmark = pytest.mark.django_db


def _count(page: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt><dd>(\d+)</dd>", page)
    assert match, f"{label} not on the page"
    return match.group(1)


def test_member_page_shows_a_helpers_recognition_but_not_who_they_helped(other_member):
    # given: robin answered ione's question, ione marked it helpful and thanked robin
    asker = UserFactory(handle="ione")
    question = stories.question_create(author=asker, topic_slug="grief-and-loss", title="How do I sleep?")
    answer = stories.answer_create(author=other_member, question_id=question.pk, body="A routine helped me.")
    stories.answer_mark_helpful(user=asker, answer_id=answer.pk)
    stories.thank_you_send(sender=asker, target_type="answer", target_id=answer.pk, body="okapi-lamp thanks")
    visitor = UserFactory(handle="kim")

    # when
    page = logged_in(visitor).get("/accounts/members/robin/").content.decode()

    # then
    assert "Helping others" in page
    assert _count(page, "Answers marked helpful") == "1"
    assert _count(page, "Thank-you notes received") == "1"
    assert "First answer" in page
    assert "okapi-lamp" not in page and "ione" not in page  # the note and the person helped stay private


def test_member_page_has_no_recognition_section_for_someone_seeking_help(member, other_member):
    page = logged_in(other_member).get("/accounts/members/sam/").content.decode()
    assert page.count("<h1>sam</h1>") == 1
    assert "Helping others" not in page


def test_own_member_page_invites_a_member_to_help(member):
    page = logged_in(member).get("/accounts/members/sam/").content.decode()
    assert "Helping others" in page
    assert "Everyone can be a helper." in page
