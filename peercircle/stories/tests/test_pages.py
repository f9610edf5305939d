from __future__ import annotations

import pytest

from peercircle.core.testing import logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.safety.models import AuditLog
from peercircle.stories import services
from peercircle.stories.models import Answer, AnswerHelpedToo, Question, Reaction, Resource, Story, ThankYou

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_every_page_renders_for_members_and_moderators(member, other_member, moderator):
    story = services.story_create(
        author=member, title="Hello", body="Line one\nhttps://example.org", topic_slugs=["grief-and-loss"]
    )
    question = services.question_create(author=member, topic_slug="grief-and-loss", title="How do you cope?")
    services.answer_create(author=other_member, question_id=question.pk, body="Walking helps me.")
    urls = [
        "/stories/",
        "/stories/?q=Hello",
        "/stories/new/",
        f"/stories/{story.pk}/",
        "/stories/journal/",
        "/stories/preferences/",
        "/stories/questions/",
        "/stories/questions/?unanswered=1",
        "/stories/questions/new/",
        f"/stories/questions/{question.pk}/",
        "/stories/resources/",
        "/stories/thanks/",
        "/stories/helpers/sam/",
        "/stories/helpers/robin/",
    ]
    for client in (logged_in(member), logged_in(other_member), logged_in(moderator)):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert b"<h1" in response.content


def test_pages_need_a_login(client):
    response = client.get("/stories/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_share_a_story_with_a_content_note_through_the_page(member, other_member):
    # when
    response = logged_in(member).post(
        "/stories/new/",
        {
            "title": "Six months",
            "body": "Some days are lighter.",
            "topics": ["grief-and-loss"],
            "visibility": "community",
            "content_notes": ["loss"],
        },
    )
    # then
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(f"/stories/{story.pk}/")
    assert story.content_note_list == ["loss"]
    html = logged_in(other_member).get(f"/stories/{story.pk}/").content.decode()
    assert "<details" in html and "Loss and bereavement" in html


def test_form_errors_are_shown_and_nothing_is_saved(member):
    response = logged_in(member).post("/stories/new/", {"title": "x" * 121, "body": "Body"})
    assert response.status_code == 400
    assert "120 characters or fewer" in response.content.decode()
    unknown = logged_in(member).post("/stories/new/", {"title": "T", "body": "B", "topics": ["nope"]})
    assert unknown.status_code == 400
    assert "nope" in unknown.content.decode()
    assert not Story.objects.exists()


def test_editing_someone_elses_story_through_the_page_is_404_and_changes_nothing(member, other_member):
    story = services.story_create(author=member, title="Mine", body="My words.")
    intruder = logged_in(other_member)
    assert intruder.get(f"/stories/{story.pk}/edit/").status_code == 404
    assert (
        intruder.post(f"/stories/{story.pk}/edit/", {"title": "Changed", "body": "Changed"}).status_code
        == 404
    )
    assert intruder.post(f"/stories/{story.pk}/delete/").status_code == 404
    story.refresh_from_db()
    assert (story.title, story.body, story.deleted_at) == ("Mine", "My words.", None)


def test_private_journal_page_is_invisible_to_others_and_moderators(member, other_member, moderator):
    entry = services.story_create(author=member, title="Journal", body="Only mine.", visibility="private")
    for reader in (other_member, moderator):
        client = logged_in(reader)
        assert client.get(f"/stories/{entry.pk}/").status_code == 404
        assert "Only mine." not in client.get("/stories/").content.decode()
        assert "Journal" not in client.get("/stories/?q=Only").content.decode().split("<main")[1]
    assert "Journal" in logged_in(member).get("/stories/journal/").content.decode()


def test_deleted_story_is_gone_for_everyone(member, other_member):
    story = services.story_create(author=member, title="Soon gone", body="Text.")
    assert logged_in(member).post(f"/stories/{story.pk}/delete/").status_code == 302
    assert logged_in(other_member).get(f"/stories/{story.pk}/").status_code == 404
    assert logged_in(member).get(f"/stories/{story.pk}/").status_code == 404


def test_reacting_with_htmx_returns_the_reactions_fragment(member, other_member):
    story = services.story_create(author=member, title="Hello", body="Story.")
    client = logged_in(other_member)
    response = client.post(f"/stories/{story.pk}/react/", {"kind": "strength"}, **HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="reactions"')
    assert 'aria-pressed="true"' in fragment
    assert Reaction.objects.filter(user=other_member, kind="strength").count() == 1
    client.post(f"/stories/{story.pk}/react/", {"kind": "strength"}, **HTMX)
    assert not Reaction.objects.exists()  # a second press on the page takes it back


def test_feed_show_more_returns_the_next_items_as_a_fragment(member, other_member):
    for n in range(25):
        services.story_create(author=member, title=f"Story number {n}", body="Text.")
    client = logged_in(other_member)
    first = client.get("/stories/").content.decode()
    assert first.count('class="card"') >= 20 and "Show more" in first
    cursor = first.split("cursor=")[1].split('"')[0]
    more = client.get(f"/stories/?cursor={cursor}", **HTMX).content.decode()
    assert "<html" not in more
    assert more.count("<h3>") == 5
    assert "Show more" not in more


def test_ask_answer_mark_helpful_and_helped_too_through_pages(member, other_member):
    asker, helper, reader = logged_in(member), logged_in(other_member), logged_in(UserFactory(handle="kim"))
    response = asker.post(
        "/stories/questions/new/", {"topic": "anxiety", "title": "Tips?", "body": "Exams soon."}
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert (
        helper.post(f"/stories/questions/{question.pk}/answer/", {"body": "Breathe out slowly."}).status_code
        == 302
    )
    answer = Answer.objects.get()
    marked = asker.post(f"/stories/answers/{answer.pk}/helpful/", {"is_helpful": "1"}, **HTMX)
    assert marked.status_code == 200 and "Helped the person who asked" in marked.content.decode()
    too = reader.post(f"/stories/answers/{answer.pk}/helped-too/", **HTMX)
    assert "You said this helped you too" in too.content.decode()
    reader.post(f"/stories/answers/{answer.pk}/helped-too/", **HTMX)
    assert AnswerHelpedToo.objects.count() == 1
    denied = helper.post(f"/stories/answers/{answer.pk}/helpful/", {"is_helpful": "0"}, **HTMX)
    assert denied.status_code == 403
    answer.refresh_from_db()
    assert answer.marked_helpful_at is not None
    thanks = asker.post(
        "/stories/thanks/",
        {
            "target_type": "answer",
            "target_id": answer.pk,
            "body": "Thank you",
            "next": f"/stories/questions/{question.pk}/",
        },
    )
    assert thanks.status_code == 302 and thanks["Location"].startswith(f"/stories/questions/{question.pk}/")
    assert ThankYou.objects.get().recipient == other_member
    recognition = helper.get("/stories/helpers/robin/").content.decode()
    assert "Thank-you notes received" in recognition


def test_thanks_next_parameter_cannot_redirect_off_site(member, other_member):
    story = services.story_create(author=member, title="Hello", body="Story.")
    response = logged_in(other_member).post(
        "/stories/thanks/",
        {"target_type": "story", "target_id": story.pk, "body": "Thanks", "next": "//evil.example/"},
    )
    assert response["Location"].startswith("/stories/?")


def test_moderator_approves_a_suggested_resource_through_the_page(member, moderator):
    logged_in(member).post(
        "/stories/resources/",
        {"name": "Grief café", "description": "Monthly.", "kind": "support_group", "country": "GB"},
    )
    resource = Resource.objects.get()
    assert resource.state == "pending"
    assert (
        logged_in(member)
        .post(f"/stories/resources/{resource.pk}/review/", {"decision": "approve"})
        .status_code
        == 404
    )
    page = logged_in(moderator).get("/stories/resources/").content.decode()
    assert "Suggestions waiting for review" in page and "Grief café" in page
    logged_in(moderator).post(
        f"/stories/resources/{resource.pk}/review/", {"decision": "approve", "reason": "Known group"}
    )
    resource.refresh_from_db()
    assert resource.state == "approved"
    assert AuditLog.objects.get(action="resource_approve").reason == "Known group"


def test_reading_preferences_hide_themes_on_the_page(member, other_member):
    services.story_create(author=member, title="About drinking", body="Text.", content_notes=["substances"])
    client = logged_in(other_member)
    client.post("/stories/preferences/", {"hidden_notes": ["substances"]})
    assert "About drinking" not in client.get("/stories/").content.decode()
