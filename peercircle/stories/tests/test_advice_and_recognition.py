from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.conversations.models import Conversation, Participant
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.notifications.models import Notification
from peercircle.safety.models import AuditLog
from peercircle.safety.services import block_create
from peercircle.stories import selectors, services, tasks
from peercircle.stories.models import AnswerHelpedToo, Question, Resource, ThankYou
from peercircle.stories.tests.conftest import with_situation

pytestmark = pytest.mark.django_db


def converse(a, b, *, role_b: str = "member") -> Conversation:  # type: ignore[no-untyped-def]
    conversation = Conversation.objects.create()
    Participant.objects.create(conversation=conversation, user=a)
    Participant.objects.create(conversation=conversation, user=b, role=role_b)
    return conversation


def ask(client, **overrides):  # type: ignore[no-untyped-def]
    body = {"topic": "grief-and-loss", "title": "How do you get through the evenings?", "body": "It's hard."}
    body.update(overrides)
    return api(client, "post", "/stories/questions", body)


def test_question_answer_helpful_and_recognition_flow(member, other_member):
    # given
    asker, helper, reader = logged_in(member), logged_in(other_member), logged_in(UserFactory(handle="kim"))
    question_id = ask(asker).json()["id"]
    before = api(asker, "get", "/stories/helpers/robin").json()
    assert before["is_helper"] is False and before["answers_marked_helpful"] is None
    # when
    answer = api(helper, "post", f"/stories/questions/{question_id}/answers", {"body": "Walking helps."})
    answer_id = answer.json()["id"]
    marked = api(asker, "post", f"/stories/answers/{answer_id}/helpful", {"is_helpful": True})
    again = api(asker, "post", f"/stories/answers/{answer_id}/helpful", {"is_helpful": True})
    too = api(reader, "post", f"/stories/answers/{answer_id}/helped-too")
    too_again = api(reader, "post", f"/stories/answers/{answer_id}/helped-too")
    thanks = api(
        asker,
        "post",
        "/stories/thanks",
        {"target_type": "answer", "target_id": answer_id, "body": "Thank you!"},
    )
    # then
    assert answer.status_code == 201
    assert marked.json()["is_marked_helpful"] is True and again.status_code == 200
    assert too.json()["helped_too_count"] == too_again.json()["helped_too_count"] == 1
    assert AnswerHelpedToo.objects.count() == 1
    assert thanks.status_code == 201
    recognition = api(reader, "get", "/stories/helpers/robin").json()
    assert recognition["is_helper"] is True
    assert recognition["answers_marked_helpful"] == 1
    assert recognition["thanks_received"] == 1
    assert [b["slug"] for b in recognition["badges"]] == ["first_answer"]
    kinds = list(Notification.objects.filter(user=other_member).values_list("title", flat=True))
    assert "Your answer helped the person who asked" in kinds
    assert "Someone sent you a thank-you note" in kinds
    assert Notification.objects.filter(user=member, title="Someone answered your question").exists()
    page = logged_in(UserFactory(handle="lou")).get("/stories/helpers/robin/").content.decode()
    assert "Answers marked helpful" in page and "First answer" in page


def test_only_the_asker_marks_helpful_and_nothing_changes_otherwise(member, other_member):
    question = services.question_create(author=member, topic_slug="anxiety", title="Tips for exams?")
    answer = services.answer_create(author=other_member, question_id=question.pk, body="Sleep well.")
    response = api(logged_in(other_member), "post", f"/stories/answers/{answer.pk}/helpful", {})
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.marked_helpful_at is None
    assert api(logged_in(other_member), "post", f"/stories/answers/{answer.pk}/helped-too").status_code == 400


def test_no_numbers_on_people_seeking_help(member, other_member):
    services.story_create(author=member, title="Hard day", body="Just a hard day.")
    response = api(logged_in(other_member), "get", "/stories/helpers/sam").json()
    assert response == {
        "handle": "sam",
        "is_helper": False,
        "people_supported": None,
        "answers_marked_helpful": None,
        "thanks_received": None,
        "badges": [],
    }
    page = logged_in(other_member).get("/stories/helpers/sam/").content.decode()
    assert "People supported" not in page


def test_badges_for_ten_people_helped_and_a_year_of_helping(member):
    helper = grant(member, "peer_supporter")
    for n in range(10):
        converse(helper, UserFactory(handle=f"peer{n}"))
    converse(helper, UserFactory(handle="mod"), role_b="moderator")
    question = services.question_create(author=UserFactory(handle="asker"), topic_slug="anxiety", title="Q?")
    answer = services.answer_create(author=helper, question_id=question.pk, body="A.")
    type(answer).objects.filter(pk=answer.pk).update(created_at=timezone.now() - timedelta(days=400))
    recognition = selectors.helper_recognition(helper=helper)
    assert recognition["people_supported"] == 10  # the moderator who joined is not a peer
    assert {b.slug for b in recognition["badges"]} == {"first_answer", "ten_helped", "year_of_helping"}


def test_peers_story_reaches_conversation_peers_only(member, other_member):
    stranger = UserFactory(handle="stranger")
    converse(member, other_member)
    story = services.story_create(author=member, title="For my peers", body="Only you.", visibility="peers")
    assert selectors.peer_ids_for(member) == {other_member.pk}
    assert api(logged_in(other_member), "get", f"/stories/{story.pk}").status_code == 200
    assert api(logged_in(stranger), "get", f"/stories/{story.pk}").status_code == 404


def test_thank_you_from_a_conversation_reaches_the_peer(member, other_member):
    conversation = converse(member, other_member)
    response = api(
        logged_in(member),
        "post",
        "/stories/thanks",
        {"target_type": "conversation", "target_id": conversation.pk, "body": "You got me through the week."},
    )
    assert response.status_code == 201
    assert ThankYou.objects.get().recipient == other_member
    outsider = api(
        logged_in(UserFactory(handle="nosy")),
        "post",
        "/stories/thanks",
        {"target_type": "conversation", "target_id": conversation.pk, "body": "Hi"},
    )
    assert outsider.status_code == 404
    assert ThankYou.objects.count() == 1
    notes = logged_in(other_member).get("/stories/thanks/").content.decode()
    assert "You got me through the week." in notes


def test_thank_you_note_limits(member, other_member):
    story = services.story_create(author=member, title="Hello", body="Story.")
    client = logged_in(other_member)
    too_long = api(
        client, "post", "/stories/thanks", {"target_type": "story", "target_id": story.pk, "body": "x" * 501}
    )
    to_self = api(
        logged_in(member),
        "post",
        "/stories/thanks",
        {"target_type": "story", "target_id": story.pk, "body": "Me"},
    )
    assert too_long.status_code == 400 and to_self.status_code == 400
    assert not ThankYou.objects.exists()


def test_minors_and_adults_are_kept_apart_in_questions(member, minor):
    adult_question = services.question_create(author=member, topic_slug="anxiety", title="Adult question")
    minor_question = services.question_create(author=minor, topic_slug="anxiety", title="Minor question")
    assert api(logged_in(minor), "get", f"/stories/questions/{adult_question.pk}").status_code == 404
    assert api(logged_in(member), "get", f"/stories/questions/{minor_question.pk}").status_code == 404
    answer = api(logged_in(member), "post", f"/stories/questions/{minor_question.pk}/answers", {"body": "Hi"})
    assert answer.status_code == 404
    assert [q["title"] for q in api(logged_in(minor), "get", "/stories/questions").json()["items"]] == [
        "Minor question"
    ]


def test_blocked_members_questions_and_answers_are_hidden_both_ways(member, other_member):
    question = services.question_create(author=member, topic_slug="anxiety", title="Q")
    services.answer_create(author=other_member, question_id=question.pk, body="Answer from robin")
    block_create(blocker=other_member, blocked=member)
    assert api(logged_in(member), "get", f"/stories/questions/{question.pk}/answers").json()["items"] == []
    assert api(logged_in(other_member), "get", f"/stories/questions/{question.pk}").status_code == 404


def test_unanswered_questions_reach_supporters_of_the_topic_and_similar_members(member, settings):
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "UNANSWERED_QUESTION_HOURS": 24}
    asker = with_situation(member, "My dad died suddenly last month and I can't sleep.", ["grief-and-loss"])
    supporter = grant(with_situation(UserFactory(handle="alex"), "", ["grief-and-loss"]), "peer_supporter")
    other_topic_supporter = grant(
        with_situation(UserFactory(handle="tomas"), "", ["alcohol-recovery"]), "peer_supporter"
    )
    similar = with_situation(
        UserFactory(handle="kofi"),
        "I lost my father three years ago; happy to help.",
        ["grief-and-loss"],
        intent="give",
    )
    minor_supporter = grant(
        with_situation(UserFactory(handle="noah", age_bracket="minor"), "", ["grief-and-loss"]),
        "peer_supporter",
    )
    fresh = services.question_create(
        author=asker, topic_slug="grief-and-loss", title="Is it normal not to cry?"
    )
    old = services.question_create(author=asker, topic_slug="grief-and-loss", title="How do I sleep again?")
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    # when
    result = tasks.surface_unanswered_questions.enqueue()
    # then
    assert result.return_value == 1
    told = set(
        Notification.objects.filter(kind="community", url=f"/stories/questions/{old.pk}/").values_list(
            "user__handle", flat=True
        )
    )
    assert told == {"alex", "kofi"}
    assert not Notification.objects.filter(url=f"/stories/questions/{fresh.pk}/").exists()
    assert not Notification.objects.filter(user__in=[other_topic_supporter, minor_supporter]).exists()
    # each question is surfaced once
    assert tasks.surface_unanswered_questions.enqueue().return_value == 0
    del supporter, similar


def test_members_suggest_resources_and_a_moderator_approves_with_an_audit_row(member, moderator):
    suggestion = {
        "name": "Grief café",
        "description": "Monthly meet-up.",
        "kind": "support_group",
        "country": "GB",
        "topics": ["grief-and-loss"],
    }
    created = api(logged_in(member), "post", "/stories/resources", suggestion)
    assert created.status_code == 201 and created.json()["state"] == "pending"
    assert api(logged_in(member), "get", "/stories/resources").json()["items"] == []
    assert (
        api(
            logged_in(member),
            "post",
            f"/stories/resources/{created.json()['id']}/review",
            {"is_approved": True},
        ).status_code
        == 403
    )
    assert Resource.objects.get().state == "pending"
    reviewed = api(
        logged_in(moderator),
        "post",
        f"/stories/resources/{created.json()['id']}/review",
        {"is_approved": True},
    )
    assert reviewed.json()["state"] == "approved"
    assert (
        AuditLog.objects.filter(action="resource_approve", target_type="resource", actor=moderator).count()
        == 1
    )
    listed = api(logged_in(member), "get", "/stories/resources?topic=grief-and-loss&country=GB").json()[
        "items"
    ]
    assert [r["name"] for r in listed] == ["Grief café"]
    assert api(logged_in(member), "get", "/stories/resources?country=FR").json()["items"] == []


def test_peer_supporters_curate_resources_directly(other_member):
    supporter = grant(other_member, "peer_supporter")
    created = services.resource_suggest(
        user=supporter,
        name="Carers UK",
        description="Advice for carers.",
        kind="carers",
        url="https://www.carersuk.org",
    )
    assert created.state == "approved"
    with pytest.raises(Exception, match="https://"):
        services.resource_suggest(
            user=supporter, name="Bad", description="x", kind="other", url="javascript:alert(1)"
        )
