from __future__ import annotations

import pytest

from peercircle.core.testing import logged_in
from peercircle.stories import services

pytestmark = pytest.mark.django_db


def test_every_page_renders(member, other_member, moderator):
    story = services.story_create(
        author=member,
        title="Hello",
        body="Line one\nhttps://example.org",
        topic_slugs=["grief-and-loss"],
        content_notes=["loss"],
    )
    question = services.question_create(author=member, topic_slug="grief-and-loss", title="How do you cope?")
    services.answer_create(author=other_member, question_id=question.pk, body="Walking helps me.")
    for client in (logged_in(member), logged_in(other_member), logged_in(moderator)):
        for url in [
            "/stories/",
            "/stories/?q=Hello",
            "/stories/new/",
            f"/stories/{story.pk}/",
            "/stories/journal/",
            "/stories/preferences/",
            "/stories/questions/",
            "/stories/questions/new/",
            f"/stories/questions/{question.pk}/",
            "/stories/resources/",
            "/stories/thanks/",
            "/stories/helpers/sam/",
            "/stories/helpers/robin/",
        ]:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
