"""Export and erasure across every app: after deletion no text column anywhere holds the member's words."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models

from peercircle.accounts.models import Profile, User
from peercircle.accounts.services import profile_update
from peercircle.conversations.models import Conversation
from peercircle.conversations.services import conversation_create, message_send
from peercircle.core.privacy import account_delete, account_export
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.notifications.services import notification_send
from peercircle.safety import moderation
from peercircle.safety import services as safety
from peercircle.safety.crisis import crisis_handle_message
from peercircle.safety.models import AuditLog, Escalation
from peercircle.safety.tests.helpers import URGENT, add_message, pair
from peercircle.stories import services as stories

pytestmark = pytest.mark.django_db

SECRET_SITUATION = "zebra-lantern my husband left and I cannot sleep"
SECRET_ABOUT = "quokka-teapot collector"
# Stories text carries the writer's handle so one member's words can be told from another's.
STORIES_WORDS = "narwhal-sundial"


def _stories_words(user: User) -> str:
    return f"{STORIES_WORDS} {user.handle}"


def _text_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, (models.CharField, models.TextField, models.JSONField)) and not f.is_relation
    ]


def _rows_containing(needle: str) -> list[str]:
    """Search every text column of every model (through the ORM, so encrypted columns are decrypted)."""
    hits = []
    for model in apps.get_models():
        for field in _text_fields(model):
            for pk, value in model._default_manager.values_list("pk", field):
                if value is not None and needle.lower() in json.dumps(value).lower():
                    hits.append(f"{model._meta.label}.{field} pk={pk}")
    return hits


def _populate(user: User) -> Conversation:
    """Give the member content in every app that offers a way to create it. Returns a conversation in
    which the member wrote the marker words to a peer."""
    profile_update(user=user, data={"situation": SECRET_SITUATION, "about_me": SECRET_ABOUT})
    notification_send(user=user, kind="account", title="Welcome", body=SECRET_ABOUT)
    words = _stories_words(user)
    # Someone else's story and question, for the member to comment on, answer, react to and thank.
    host = UserFactory()
    their_story = stories.story_create(author=host, title="A neighbour's story", body="Their own words.")
    their_question = stories.question_create(author=host, topic_slug="grief-and-loss", title="How to cope?")
    stories.story_create(author=user, title=f"Story: {words}", body=f"Shared: {words}")
    stories.story_create(author=user, title="Tuesday", body=f"Journal: {words}", visibility="private")
    stories.question_create(author=user, topic_slug="grief-and-loss", title=f"Q: {words}", body=words)
    stories.comment_create(author=user, story_id=their_story.pk, body=f"Comment: {words}")
    stories.answer_create(author=user, question_id=their_question.pk, body=f"Answer: {words}")
    stories.reaction_add(user=user, story_id=their_story.pk, kind="me_too")
    stories.thank_you_send(
        sender=user, target_type="story", target_id=their_story.pk, body=f"Thanks: {words}"
    )
    _populate_safety(user, host, words)
    chat = conversation_create(participants=[user, host])
    message_send(conversation=chat, sender=user, text=f"Chat: {words}", client_id="populate-1")
    return chat


def _populate_safety(user: User, host: User, words: str) -> None:
    """A safety plan, a block, a report they made, and an urgent message of theirs that a moderator
    noted (quoting them) and closed."""
    safety.safety_plan_update(user=user, data={"warning_signs": f"Plan: {words}"})
    safety.block_create(blocker=user, blocked=UserFactory())
    safety.report_create(
        reporter=user, target_type="user", target_id=host.pk, category="harassment", note=f"Report: {words}"
    )
    conversation = pair(user, host)
    # This message holds no marker words: the conversation erasure is covered by _populate's own message;
    # this part is about safety's copies (the escalation's captured context is checked directly below).
    escalation = crisis_handle_message(message=add_message(conversation, user, URGENT))
    assert escalation is not None
    moderator = grant(UserFactory(), "moderator")
    moderation.escalation_note_add(
        escalation_id=escalation.pk, moderator=moderator, text=f"They said {words}"
    )
    moderation.escalation_close(escalation_id=escalation.pk, moderator=moderator, outcome="true_risk")


def test_export_contains_everything_with_summary(member):
    _populate(member)
    archive = account_export(user=member)
    assert archive["summary"]["handle"] == "sam"
    assert archive["accounts"]["profile"]["situation"] == SECRET_SITUATION
    assert archive["accounts"]["consents"] == [] or isinstance(archive["accounts"]["consents"], list)
    assert f"Journal: {_stories_words(member)}" in [s["body"] for s in archive["stories"]["stories"]]
    assert archive["safety"]["safety_plan"]["warning_signs"] == f"Plan: {_stories_words(member)}"
    assert archive["safety"]["escalations"][0]["level"] == "urgent"
    response = api(logged_in(member), "get", "/accounts/me/export")
    assert response.status_code == 200
    assert response.json()["accounts"]["profile"]["about_me"] == SECRET_ABOUT


def test_export_page_downloads_json(member):
    _populate(member)
    response = logged_in(member).post("/accounts/my-data/", {"action": "export"})
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["accounts"]["profile"]["situation"] == SECRET_SITUATION


def test_erasure_leaves_no_text_or_handle_anywhere(member, other_member):
    _populate(member)
    _populate(other_member)
    handle = member.handle
    assert _rows_containing(SECRET_SITUATION)  # the search can find it before
    members_words = _stories_words(member)  # before erasure renames the member
    others_stories_hits = _rows_containing(_stories_words(other_member))
    assert "stories.Story.private_body" in " ".join(_rows_containing(members_words))
    assert "stories.Story.private_body" in " ".join(others_stories_hits)
    assert {"safety.SafetyPlan.warning_signs", "safety.Escalation.notes", "safety.Report.note"} <= {
        hit.split(" ")[0] for hit in _rows_containing(members_words)
    }
    account_delete(user=member)
    # then: nothing of the member's remains; the other member's data is untouched
    assert _rows_containing("zebra-lantern") == [
        f"accounts.Profile.situation pk={Profile.objects.get(user=other_member).pk}"
    ]
    assert [hit for hit in _rows_containing(handle) if "pk=" in hit and "User.handle" in hit] == []
    assert _rows_containing(members_words) == []
    assert _rows_containing(_stories_words(other_member)) == others_stories_hits
    member.refresh_from_db()
    assert not member.is_active and member.handle.startswith("deleted-")
    # Escalations about them still count in the outcome report.
    kept = Escalation.objects.get(member=member)
    assert (kept.level, kept.outcome, kept.context, kept.notes) == ("urgent", "true_risk", "", "")
    assert URGENT in Escalation.objects.get(member=other_member).context
    audit = AuditLog.objects.get(action="account.delete")
    assert audit.target_ref == f"u{member.pk}" and handle not in json.dumps(audit.details)


def test_delete_through_api_needs_password_then_logs_out(member, password):
    client = logged_in(member)
    assert api(client, "post", "/accounts/me/delete", {"password": "wrong"}).status_code == 400
    assert User.objects.get(pk=member.pk).is_active
    assert api(client, "post", "/accounts/me/delete", {"password": password}).status_code == 204
    assert not User.objects.get(pk=member.pk).is_active
    assert api(client, "get", "/accounts/me").status_code == 401


def test_delete_page_requires_handle_and_password(member, password):
    client = logged_in(member)
    page = client.post(
        "/accounts/my-data/", {"action": "delete", "confirm_handle": "someone", "password": password}
    )
    assert "Type your handle" in page.content.decode()
    assert User.objects.get(pk=member.pk).is_active
    client.post("/accounts/my-data/", {"action": "delete", "confirm_handle": "SAM", "password": password})
    assert not User.objects.get(pk=member.pk).is_active
