from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peercircle.core.testing import api, logged_in
from peercircle.stories import services
from peercircle.stories.models import Comment, Story
from peercircle.stories.text import render_plain_text

pytestmark = pytest.mark.django_db

URGENT = "I bought rope and I will do it tonight."
CONCERN = "Honestly I want to die some days."

XSS_PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "<svg/onload=alert(1)>",
    'https://example.org/"><script>alert(1)</script>',
    "<iframe src=https://evil.example></iframe>",
]


class TagCollector(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TagCollector()
    parser.feed(html)
    return parser.tags


def assert_only_safe_markup(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag in ("a", "br"), tag
        if tag == "a":
            assert set(attrs) == {"href", "rel"}, attrs
            assert (attrs["href"] or "").startswith(("http://", "https://")), attrs
            assert attrs["rel"] == "nofollow noopener noreferrer"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_plain_text_never_lets_markup_through(payload):
    html = render_plain_text(payload)
    assert_only_safe_markup(html)
    assert "<script" not in html


@given(st.text(alphabet=st.sampled_from(list("<>\"'=/&; :abcjsvrtphin\n")), max_size=80))
def test_render_plain_text_is_safe_for_any_text(text):
    assert_only_safe_markup(render_plain_text("https://x.org/" + text))
    assert_only_safe_markup(render_plain_text(text))


def test_render_plain_text_keeps_links_and_line_breaks():
    html = render_plain_text("First line\nSee https://example.org/help?a=1&b=2.")
    assert html == (
        'First line<br>See <a href="https://example.org/help?a=1&amp;b=2" rel="nofollow noopener noreferrer">'
        "https://example.org/help?a=1&amp;b=2</a>."
    )


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_story_page_escapes_script_payloads(member, other_member, payload):
    story = services.story_create(author=member, title=f"Title {payload}", body=f"Body {payload}")
    services.comment_create(author=other_member, story_id=story.pk, body=f"Comment {payload}")
    html = logged_in(other_member).get(f"/stories/{story.pk}/").content.decode()
    assert payload not in html
    page_tags = elements(html)
    # The only scripts are the app's own static files; no injected images, frames or handlers.
    assert all((attrs.get("src") or "").startswith("/static/") for tag, attrs in page_tags if tag == "script")
    assert not any(tag in ("img", "svg", "iframe") for tag, _attrs in page_tags)
    assert not any(name.startswith("on") for _tag, attrs in page_tags for name in attrs)
    assert not any((attrs.get("href") or "").startswith("javascript") for _tag, attrs in page_tags)
    api_body = api(logged_in(other_member), "get", f"/stories/{story.pk}").json()
    assert api_body["body"] == f"Body {payload}"  # raw text for clients that render it themselves
    assert_only_safe_markup(api_body["body_html"])


def test_urgent_story_is_held_and_invisible_to_others_with_a_calm_message(member, other_member, monkeypatch):
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        "peercircle.safety.crisis.crisis_handle_content", lambda **kwargs: calls.append(kwargs), raising=False
    )
    # when
    response = api(logged_in(member), "post", "/stories/", {"title": "Tonight", "body": URGENT})
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "held"
    assert body["notice"]["level"] == "urgent"
    assert body["notice"]["help_url"] == "/safety/help/"
    story_id = body["id"]
    assert [c["content_type"] for c in calls] == ["story"]
    assert calls[0]["content_id"] == story_id
    assert calls[0]["user"] == member
    assert calls[0]["result"].level == "urgent"
    assert api(logged_in(other_member), "get", f"/stories/{story_id}").status_code == 404
    assert api(logged_in(other_member), "get", "/stories/").json()["items"] == []
    page = logged_in(member).get(f"/stories/{story_id}/").content.decode()
    assert "/safety/help/" in page
    assert "Held for a moderator" in page


def test_urgent_post_is_still_held_when_the_crisis_handler_fails(member, monkeypatch):
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("safety is down")

    monkeypatch.setattr("peercircle.safety.crisis.crisis_handle_content", broken, raising=False)
    story = services.story_create(author=member, title="Tonight", body=URGENT)
    assert Story.objects.get(pk=story.pk).status == "held"


def test_concern_is_published_with_a_gentle_check_in(member, other_member):
    response = api(logged_in(member), "post", "/stories/", {"title": "Hard week", "body": CONCERN})
    assert response.json()["status"] == "published"
    assert response.json()["notice"]["level"] == "concern"
    assert api(logged_in(other_member), "get", f"/stories/{response.json()['id']}").status_code == 200


def test_urgent_comment_is_held_from_the_story_writer(member, other_member):
    story = services.story_create(author=member, title="Hello", body="A calm story.")
    client = logged_in(other_member)
    response = client.post(f"/stories/{story.pk}/comment/", {"body": URGENT})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == "held"
    follow = client.get(response["Location"]).content.decode()
    assert "/safety/help/" in follow
    writer_page = logged_in(member).get(f"/stories/{story.pk}/").content.decode()
    assert "bought rope" not in writer_page


def test_urgent_question_and_answer_are_held(member, other_member):
    question = services.question_create(author=member, topic_slug="anxiety", title="Help", body=URGENT)
    assert question.status == "held"
    assert api(logged_in(other_member), "get", f"/stories/questions/{question.pk}").status_code == 404
    open_question = services.question_create(author=member, topic_slug="anxiety", title="Exams?")
    answer = services.answer_create(author=other_member, question_id=open_question.pk, body=URGENT)
    assert answer.status == "held"
    listed = api(logged_in(member), "get", f"/stories/questions/{open_question.pk}/answers").json()["items"]
    assert listed == []


def test_content_noted_story_is_collapsed_behind_the_note(member, other_member):
    story = services.story_create(
        author=member, title="After the funeral", body="The hardest week.", content_notes=["loss", "suicide"]
    )
    html = logged_in(other_member).get(f"/stories/{story.pk}/").content.decode()
    details_at = html.index("<details")
    assert html.index("The hardest week.") > details_at
    assert "Suicide" in html[details_at : html.index("</summary>")]
    feed = api(logged_in(other_member), "get", "/stories/feed").json()["items"]
    assert feed[0]["excerpt"] == ""  # no text before the reader chooses to open it


def test_anonymous_story_page_says_moderators_can_still_see_the_writer(member, other_member):
    story = services.story_create(author=member, title="Quietly", body="Just sharing.", is_anonymous=True)
    html = logged_in(other_member).get(f"/stories/{story.pk}/").content.decode()
    assert "Moderators can still see who wrote it" in html
    assert ">sam<" not in html
    form = logged_in(member).get("/stories/new/").content.decode()
    assert "Moderators can still see who wrote it" in form


def test_urgent_private_journal_entry_stays_private_and_shows_help(member, moderator, monkeypatch):
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        "peercircle.safety.crisis.crisis_handle_content", lambda **kwargs: calls.append(kwargs), raising=False
    )
    response = api(
        logged_in(member), "post", "/stories/", {"title": "Tonight", "body": URGENT, "visibility": "private"}
    )
    assert response.json()["status"] == "published"
    assert response.json()["notice"]["help_url"] == "/safety/help/"
    assert calls == []  # nothing of it is put before a moderator
    assert api(logged_in(moderator), "get", f"/stories/{response.json()['id']}").status_code == 404
    with pytest.raises(Exception, match="Not found"):
        services.post_moderate(
            moderator=moderator, target_type="story", target_id=response.json()["id"], is_released=False
        )


def test_editing_a_held_story_does_not_release_it(member, other_member):
    story = services.story_create(author=member, title="Tonight", body=URGENT)
    services.story_update(user=member, story_id=story.pk, body="A calm day after all.")
    story.refresh_from_db()
    assert story.status == "held"
    assert api(logged_in(other_member), "get", f"/stories/{story.pk}").status_code == 404


def test_moderator_releases_or_removes_a_post_with_an_audit_row(member, other_member, moderator):
    from peercircle.safety.models import AuditLog

    held = services.story_create(author=member, title="Tonight", body=URGENT)
    services.post_moderate(moderator=moderator, target_type="story", target_id=held.pk, is_released=True)
    assert api(logged_in(other_member), "get", f"/stories/{held.pk}").status_code == 200
    comment = services.comment_create(author=other_member, story_id=held.pk, body="Spam spam")
    services.post_moderate(
        moderator=moderator, target_type="comment", target_id=comment.pk, is_released=False, reason="spam"
    )
    assert api(logged_in(member), "get", f"/stories/{held.pk}/comments").json()["items"] == []
    assert list(
        AuditLog.objects.filter(action__startswith="content_").order_by("id").values_list("action", "reason")
    ) == [
        ("content_release", ""),
        ("content_remove", "spam"),
    ]
    with pytest.raises(Exception, match="Only moderators"):
        services.post_moderate(moderator=member, target_type="story", target_id=held.pk, is_released=False)


def test_urgent_story_reaches_the_real_crisis_path(member):
    # Integration with the safety app's escalation queue (no monkeypatch).
    from peercircle.safety.models import Escalation

    story = services.story_create(author=member, title="Tonight", body=URGENT)
    escalation = Escalation.objects.get(member=member)
    assert (escalation.content_type, escalation.content_id, escalation.level) == ("story", story.pk, "urgent")
