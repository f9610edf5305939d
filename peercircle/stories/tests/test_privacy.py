"""Journal entries encrypted at rest, and the stories part of data export and erasure."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from peercircle.accounts.models import User
from peercircle.core.privacy import account_delete, account_export
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.notifications.models import Notification
from peercircle.stories import selectors, services
from peercircle.stories.models import (
    Answer,
    AnswerHelpedToo,
    Comment,
    Question,
    Reaction,
    ReaderPreference,
    Resource,
    Story,
    ThankYou,
)

pytestmark = pytest.mark.django_db

JOURNAL_TEXT = "walrus-harmonica I told nobody about the panic at work"


def _raw_bodies(story_id: int) -> tuple[str, str]:
    """The story's text columns exactly as PostgreSQL stores them, bypassing the model's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT shared_body, private_body FROM {Story._meta.db_table} WHERE id = %s",  # noqa: S608
            [story_id],
        )
        shared, private = cursor.fetchone()
    return shared, private


def _search_ids(viewer: User, words: str) -> list[int]:
    return [item.item.pk for item in selectors.search(viewer=viewer, words=words) if item.kind == "story"]


# --- encryption at rest --------------------------------------------------------------------------------


def test_journal_entry_is_ciphertext_in_the_database_and_plain_for_its_writer(member):
    # when
    created = api(
        logged_in(member),
        "post",
        "/stories/",
        {"title": "Tuesday", "body": JOURNAL_TEXT, "visibility": "private"},
    )
    # then: the column holds Fernet ciphertext, never the words, and the plain column is empty
    story_id = created.json()["id"]
    shared, private = _raw_bodies(story_id)
    assert shared == ""
    assert private.startswith("enc1:") and "walrus" not in private
    # the writer still reads their own words, through the API and the journal page
    assert api(logged_in(member), "get", f"/stories/{story_id}").json()["body"] == JOURNAL_TEXT
    assert "walrus-harmonica" in logged_in(member).get(f"/stories/{story_id}/").content.decode()


def test_shared_story_stays_plain_and_searchable(member, other_member):
    story = services.story_create(author=member, title="Six months on", body="Some days are lighter now.")
    assert _raw_bodies(story.pk) == ("Some days are lighter now.", "")
    assert _search_ids(other_member, "LIGHTER") == [story.pk]


def test_making_a_story_private_encrypts_it_and_sharing_it_again_decrypts_it(member, other_member):
    story = services.story_create(author=member, title="Work", body=JOURNAL_TEXT)
    assert _search_ids(other_member, "walrus-harmonica") == [story.pk]

    # when: the writer moves it to their journal
    services.story_update(user=member, story_id=story.pk, visibility="private")
    # then: the plain copy is gone in the same save, and neither search nor the reader finds it
    shared, private = _raw_bodies(story.pk)
    assert shared == "" and private.startswith("enc1:") and "walrus" not in private
    assert _search_ids(other_member, "walrus-harmonica") == []
    assert _search_ids(member, "walrus-harmonica") == []
    assert Story.objects.get(pk=story.pk).body == JOURNAL_TEXT

    # when: they edit the entry and share it again in one go
    services.story_update(user=member, story_id=story.pk, body="Better now.", visibility="community")
    assert _raw_bodies(story.pk) == ("Better now.", "")
    assert _search_ids(other_member, "better") == [story.pk]


def test_database_refuses_a_journal_entry_with_plain_text(member):
    story = services.story_create(author=member, title="Mine", body=JOURNAL_TEXT, visibility="private")
    # A careless write that bypasses `body` must fail rather than leave the words in the clear.
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(shared_body=JOURNAL_TEXT)
    assert _raw_bodies(story.pk)[0] == ""


# --- export and erasure --------------------------------------------------------------------------------


def _member_content(member: User, other: User) -> dict[str, int]:
    """The member's stories data, on their own content and on the other member's."""
    theirs = services.story_create(author=other, title="Robin's story", body="Robin's words.")
    their_question = services.question_create(
        author=other, topic_slug="grief-and-loss", title="Robin asks how to cope"
    )
    their_answer = services.answer_create(author=other, question_id=their_question.pk, body="Robin answers.")
    story = services.story_create(author=member, title="Sam shares", body="Sam's shared words.")
    journal = services.story_create(
        author=member, title="Sam's entry", body=JOURNAL_TEXT, visibility="private"
    )
    question = services.question_create(
        author=member, topic_slug="grief-and-loss", title="Sam asks about sleeping", body="Sam's detail."
    )
    services.comment_create(author=other, story_id=story.pk, body="Robin comments on Sam.")
    services.answer_create(author=other, question_id=question.pk, body="Robin answers Sam.")
    services.comment_create(author=member, story_id=theirs.pk, body="Sam comments on Robin.")
    services.answer_create(author=member, question_id=their_question.pk, body="Sam answers Robin.")
    services.reaction_add(user=member, story_id=theirs.pk, kind="me_too")
    services.reaction_add(user=other, story_id=story.pk, kind="strength")
    services.answer_helped_too(user=member, answer_id=their_answer.pk)
    services.thank_you_send(sender=member, target_type="story", target_id=theirs.pk, body="Sam thanks Robin.")
    services.thank_you_send(sender=other, target_type="story", target_id=story.pk, body="Robin thanks Sam.")
    services.reader_preference_set(user=member, hidden_notes=["abuse"])
    kept = services.resource_suggest(
        user=member, name="Sam's carers group", description="Tuesdays.", kind="carers"
    )
    services.resource_review(
        moderator=grant(UserFactory(), "moderator"), resource_id=kept.pk, is_approved=True
    )
    services.resource_suggest(user=member, name="Sam's pending idea", description="Maybe.", kind="other")
    # The surfacing task told a helper about Sam's question, with its title.
    Notification.objects.create(
        user=other, kind="community", title="A question is waiting", body=question.title,
        url=f"/stories/questions/{question.pk}/",
    )  # fmt: skip
    return {
        "theirs": theirs.pk,
        "their_question": their_question.pk,
        "kept_resource": kept.pk,
        "journal": journal.pk,
    }


def test_export_holds_everything_the_member_wrote_in_stories(member, other_member):
    _member_content(member, other_member)
    data = account_export(user=member)["stories"]
    assert {s["title"]: s["body"] for s in data["stories"]} == {
        "Sam shares": "Sam's shared words.",
        "Sam's entry": JOURNAL_TEXT,  # the member's own journal, decrypted for them
    }
    shared = next(s for s in data["stories"] if s["title"] == "Sam shares")
    assert shared["comments_received"] == 1 and shared["reactions_received"] == {"strength": 1}
    assert [c["body"] for c in data["comments"]] == ["Sam comments on Robin."]
    assert [(q["title"], q["body"], q["answers_received"]) for q in data["questions"]] == [
        ("Sam asks about sleeping", "Sam's detail.", 1)
    ]
    assert [a["body"] for a in data["answers"]] == ["Sam answers Robin."]
    assert [r["kind"] for r in data["reactions"]] == ["me_too"]
    assert len(data["helped_too"]) == 1
    assert [(t["to"], t["body"]) for t in data["thanks_sent"]] == [("robin", "Sam thanks Robin.")]
    assert [(t["from"], t["body"]) for t in data["thanks_received"]] == [("robin", "Robin thanks Sam.")]
    assert data["reading_preferences"] == {"hidden_content_notes": ["abuse"]}
    assert sorted(r["name"] for r in data["resources_suggested"]) == [
        "Sam's carers group",
        "Sam's pending idea",
    ]
    # the API download carries the same section
    archive = api(logged_in(member), "get", "/accounts/me/export").json()
    assert {s["title"] for s in archive["stories"]["stories"]} == {"Sam shares", "Sam's entry"}


def test_erasure_removes_the_members_stories_data_and_keeps_everyone_elses(member, other_member):
    ids = _member_content(member, other_member)

    account_delete(user=member)

    # the member's own pieces are gone, with what hung from them
    assert not Story.objects.filter(author=member).exists()
    assert not Question.objects.filter(author=member).exists()
    assert not Comment.objects.filter(author=member).exists()
    assert not Answer.objects.filter(author=member).exists()
    assert not Reaction.objects.filter(user=member).exists()
    assert not AnswerHelpedToo.objects.filter(user=member).exists()
    assert not ThankYou.objects.filter(author=member).exists()
    assert not ThankYou.objects.filter(recipient=member).exists()
    assert not ReaderPreference.objects.filter(user=member).exists()
    assert list(Comment.objects.values_list("body", flat=True)) == []  # Robin's comment was on Sam's story
    assert list(Answer.objects.values_list("body", flat=True)) == ["Robin answers."]
    assert not Notification.objects.filter(user=other_member, body__contains="Sam asks").exists()
    # the approved resource still serves everyone, with nobody named; the pending one is gone
    assert list(Resource.objects.values_list("pk", "suggested_by")) == [(ids["kept_resource"], None)]
    # the other member's content is untouched
    assert list(Story.objects.values_list("pk", flat=True)) == [ids["theirs"]]
    assert list(Question.objects.values_list("pk", flat=True)) == [ids["their_question"]]
    assert api(logged_in(other_member), "get", f"/stories/{ids['theirs']}").status_code == 200


def test_erasure_leaves_other_members_journals_alone(member, other_member):
    theirs = services.story_create(
        author=other_member, title="Robin", body="Robin's entry.", visibility="private"
    )
    account_delete(user=member)
    assert Story.objects.get(pk=theirs.pk).body == "Robin's entry."
