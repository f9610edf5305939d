"""Reports (with rate limit and visibility rules) and blocks, through the pages and the API."""

from __future__ import annotations

import pytest

from peercircle.core.exceptions import NotFound, RateLimited
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.safety.models import AuditLog, Block, Report
from peercircle.safety.services import report_create
from peercircle.safety.tests.helpers import CALM, add_message, pair

pytestmark = pytest.mark.django_db


def test_report_a_message_from_the_page(member, peer):
    conversation = pair(member, peer)
    message = add_message(conversation, peer, "you are worthless")
    client = logged_in(member)
    url = f"/safety/report/?target_type=message&target_id={message.pk}"
    form = client.get(url)
    assert form.status_code == 200 and "Harassment or bullying" in form.content.decode()
    sent = client.post(
        "/safety/report/",
        {"target_type": "message", "target_id": message.pk, "category": "harassment", "note": "again"},
    )
    assert sent.status_code == 200 and "your report is sent" in sent.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.reported_user, report.category) == (member, peer, "harassment")
    assert AuditLog.objects.filter(action="report.create", actor=member).exists()


def test_cannot_report_a_message_from_someone_elses_conversation(member, peer):
    stranger = UserFactory()
    message = add_message(pair(member, peer), peer, CALM)
    client = logged_in(stranger)
    assert client.get(f"/safety/report/?target_type=message&target_id={message.pk}").status_code == 404
    response = api(
        client,
        "post",
        "/safety/reports",
        {"target_type": "message", "target_id": message.pk, "category": "spam"},
    )
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_cannot_report_a_private_story(member, other_member):
    from peercircle.stories.models import Story, Visibility

    journal = Story.objects.create(
        author=other_member, title="Mine", body="private", visibility=Visibility.PRIVATE
    )
    with pytest.raises(NotFound):
        report_create(reporter=member, target_type="story", target_id=journal.pk, category="other")
    public = Story.objects.create(author=other_member, title="Shared", body="hello")
    report = report_create(reporter=member, target_type="story", target_id=public.pk, category="spam")
    assert report.reported_user == other_member


def test_report_a_member_via_api_and_duplicates_return_the_first(member_client, other_member):
    body = {"target_type": "user", "target_id": other_member.pk, "category": "harassment", "note": "DMs"}
    first = api(member_client, "post", "/safety/reports", body)
    second = api(member_client, "post", "/safety/reports", body)
    assert first.status_code == 201 and second.json()["id"] == first.json()["id"]
    assert Report.objects.count() == 1


def test_report_rejects_bad_input_and_self_reports(member_client, member, other_member):
    for body in (
        {"target_type": "user", "target_id": other_member.pk, "category": "harassment", "note": "x" * 1001},
        {"target_type": "planet", "target_id": 1, "category": "spam"},
        {"target_type": "user", "target_id": other_member.pk, "category": "spam", "extra": 1},
    ):
        assert api(member_client, "post", "/safety/reports", body).status_code == 422
    mine = api(
        member_client,
        "post",
        "/safety/reports",
        {"target_type": "user", "target_id": member.pk, "category": "spam"},
    )
    assert mine.status_code == 400
    assert not Report.objects.exists()


def test_reports_are_rate_limited(member, settings):
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "REPORTS_PER_HOUR": 3}
    targets = [UserFactory() for _ in range(4)]
    for target in targets[:3]:
        report_create(reporter=member, target_type="user", target_id=target.pk, category="spam")
    with pytest.raises(RateLimited):
        report_create(reporter=member, target_type="user", target_id=targets[3].pk, category="spam")
    assert Report.objects.count() == 3
    response = api(
        logged_in(member),
        "post",
        "/safety/reports",
        {"target_type": "user", "target_id": targets[3].pk, "category": "spam"},
    )
    assert response.status_code == 429 and Report.objects.count() == 3


def test_block_and_unblock_through_api(member_client, member, other_member):
    created = api(member_client, "post", "/safety/blocks", {"handle": other_member.handle})
    assert created.status_code == 201 and created.json()["user_id"] == other_member.pk
    listed = api(member_client, "get", "/safety/blocks").json()
    assert [b["handle"] for b in listed] == [other_member.handle]
    assert api(member_client, "delete", f"/safety/blocks/{other_member.pk}").status_code == 204
    assert not Block.objects.exists()
    assert api(member_client, "delete", f"/safety/blocks/{other_member.pk}").status_code == 404


def test_cannot_lift_a_block_someone_else_made(member, other_member):
    Block.objects.create(blocker=other_member, blocked=member)
    client = logged_in(member)
    assert api(client, "delete", f"/safety/blocks/{other_member.pk}").status_code == 404
    assert client.post(f"/safety/blocks/{other_member.pk}/unblock/").status_code == 404
    assert Block.objects.filter(blocker=other_member, blocked=member).exists()
    # and who blocked you is never listed
    assert api(client, "get", "/safety/blocks").json() == []


def test_block_page_blocks_and_unblocks(member_client, member, other_member):
    member_client.post("/safety/blocks/", {"handle": other_member.handle})
    page = member_client.get("/safety/blocks/").content.decode()
    assert f"Unblock {other_member.handle}" in page
    member_client.post(f"/safety/blocks/{other_member.pk}/unblock/")
    assert not Block.objects.filter(blocker=member).exists()


def test_blocking_yourself_is_refused(member_client, member):
    assert api(member_client, "post", "/safety/blocks", {"user_id": member.pk}).status_code == 400
    assert not Block.objects.exists()


def test_worried_about_their_safety_report_checks_in_on_the_writer(
    member, peer, captured_events, django_capture_on_commit_callbacks
):
    from peercircle.safety.models import Escalation

    conversation = pair(member, peer)
    message = add_message(conversation, peer, "I don't really see the point of anything lately")
    with django_capture_on_commit_callbacks(execute=True):
        report_create(reporter=member, target_type="message", target_id=message.pk, category="self_harm")
    escalation = Escalation.objects.get()
    assert (escalation.member, escalation.level, escalation.conversation_id) == (
        peer,
        "concern",
        conversation.pk,
    )
    assert escalation.reasons == ["report: a member is worried about their safety"]
    card = next(e for g, e in captured_events if g == f"user.{peer.pk}")
    assert card["type"] == "crisis.card" and "Checking in" in card["html"]
    assert member.handle not in card["html"]  # the reporter is never named


def test_report_comments_questions_and_answers(member, other_member, moderator):
    from peercircle.core.testing.factories import TopicFactory
    from peercircle.stories.models import Answer, Comment, Question, Story

    story = Story(author=member, title="My week")
    story.body = "It was long."
    story.save()
    comment = Comment.objects.create(story=story, author=other_member, body="buy my course")
    question = Question.objects.create(
        author=other_member, topic=TopicFactory(), title="Anyone?", body="spam"
    )
    answer = Answer.objects.create(question=question, author=other_member, body="click here")
    for target_type, target in (("comment", comment), ("question", question), ("answer", answer)):
        report = report_create(reporter=member, target_type=target_type, target_id=target.pk, category="spam")
        assert report.reported_user == other_member
        detail = api(logged_in(moderator), "get", f"/safety/moderation/reports/{report.pk}").json()
        assert detail["context"][0]["text"].endswith(target.body)
    with pytest.raises(NotFound):
        report_create(reporter=member, target_type="answer", target_id=999_999, category="spam")
