"""Export and erasure of a member's stories data (called by peercircle.core.privacy).

Erasure deletes rather than anonymises: the member's stories (journal entries included) and questions go
with everything hanging from them, and what they left on others' content (comments, answers, reactions,
"helped too", thank-you notes) goes too. Approved resources they suggested stay for everyone, unattributed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count

from peercircle.accounts.models import User
from peercircle.notifications.models import Notification
from peercircle.stories.models import (
    Answer,
    AnswerHelpedToo,
    Comment,
    Question,
    Reaction,
    ReaderPreference,
    Resource,
    Story,
    StoryAuthorVector,
    ThankYou,
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _stories(user: User) -> list[dict[str, Any]]:
    stories = (
        Story.objects.filter(author=user)
        .prefetch_related("topics")
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("created_at", "id")
    )
    reactions: dict[int, dict[str, int]] = {}
    for story_id, kind, count in (
        Reaction.objects.filter(story__author=user)
        .values_list("story_id", "kind")
        .annotate(n=Count("id"))
        .values_list("story_id", "kind", "n")
    ):
        reactions.setdefault(story_id, {})[kind] = count
    return [
        {
            "title": story.title,
            "body": story.body,  # journal entries are decrypted here: the archive is for the member alone
            "visibility": story.visibility,
            "is_anonymous": story.is_anonymous,
            "content_notes": story.content_note_list,
            "topics": [topic.slug for topic in story.topics.all()],
            "status": story.status,
            "created_at": _iso(story.created_at),
            "updated_at": _iso(story.updated_at),
            "deleted_at": _iso(story.deleted_at),
            "comments_received": story.comment_count,  # type: ignore[attr-defined]
            "reactions_received": reactions.get(story.pk, {}),
        }
        for story in stories
    ]


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the member wrote or chose in stories: stories and journal entries, comments, questions,
    answers, reactions, "helped too", thank-you notes sent and received, reading preferences, resources."""
    preference = ReaderPreference.objects.filter(user=user).first()
    return {
        "stories": _stories(user),
        "comments": [
            {
                "story_id": c.story_id,
                "body": c.body,
                "status": c.status,
                "created_at": _iso(c.created_at),
                "deleted_at": _iso(c.deleted_at),
            }
            for c in Comment.objects.filter(author=user).order_by("created_at", "id")
        ],
        "questions": [
            {
                "title": q.title,
                "body": q.body,
                "topic": q.topic.slug,
                "is_anonymous": q.is_anonymous,
                "status": q.status,
                "created_at": _iso(q.created_at),
                "deleted_at": _iso(q.deleted_at),
                "answers_received": q.answer_count,  # type: ignore[attr-defined]
            }
            for q in Question.objects.filter(author=user)
            .select_related("topic")
            .annotate(answer_count=Count("answers"))
            .order_by("created_at", "id")
        ],
        "answers": [
            {
                "question": a.question.title,
                "body": a.body,
                "status": a.status,
                "marked_helpful_at": _iso(a.marked_helpful_at),
                "created_at": _iso(a.created_at),
                "deleted_at": _iso(a.deleted_at),
            }
            for a in Answer.objects.filter(author=user)
            .select_related("question")
            .order_by("created_at", "id")
        ],
        "reactions": [
            {"story_id": r.story_id, "kind": r.kind, "created_at": _iso(r.created_at)}
            for r in Reaction.objects.filter(user=user).order_by("created_at", "id")
        ],
        "helped_too": [
            {"answer_id": h.answer_id, "created_at": _iso(h.created_at)}
            for h in AnswerHelpedToo.objects.filter(user=user).order_by("created_at", "id")
        ],
        "thanks_sent": [
            {
                "to": t.recipient.handle,
                "for": t.target_type,
                "body": t.body,
                "status": t.status,
                "created_at": _iso(t.created_at),
            }
            for t in ThankYou.objects.filter(author=user).select_related("recipient").order_by("created_at")
        ],
        # The thank-you page shows each note with its sender's handle, so the archive does too.
        "thanks_received": [
            {"from": t.author.handle, "for": t.target_type, "body": t.body, "created_at": _iso(t.created_at)}
            for t in ThankYou.objects.filter(recipient=user).select_related("author").order_by("created_at")
        ],
        "reading_preferences": {"hidden_content_notes": preference.hidden_note_list if preference else []},
        "resources_suggested": [
            {
                "name": r.name,
                "description": r.description,
                "kind": r.kind,
                "url": r.url,
                "phone": r.phone,
                "country": str(r.country),
                "state": r.state,
                "created_at": _iso(r.created_at),
            }
            for r in Resource.objects.filter(suggested_by=user).order_by("created_at")
        ],
        "situation_vectors": [
            {"model_version": v.model_version, "updated_at": _iso(v.updated_at)}
            for v in StoryAuthorVector.objects.filter(user=user)
        ],
    }


def erase_user_data(user: User) -> None:
    """Delete everything the member wrote or chose in stories; keep approved resources, unattributed.

    The user row survives as a tombstone, so nothing here can rely on ON DELETE CASCADE from it.
    """
    story_ids = list(Story.objects.filter(author=user).values_list("pk", flat=True))
    question_ids = list(Question.objects.filter(author=user).values_list("pk", flat=True))
    # Community notices the app sent others about these (some carry the question's title) would only
    # lead to a page that no longer exists.
    dead_links = [f"/stories/{pk}/" for pk in story_ids] + [
        f"/stories/questions/{pk}/" for pk in question_ids
    ]
    Notification.objects.filter(kind="community", url__in=dead_links).delete()
    # Deleting stories and questions takes their comments, reactions, answers and "helped too" with them.
    Story.objects.filter(pk__in=story_ids).delete()
    Question.objects.filter(pk__in=question_ids).delete()
    Comment.objects.filter(author=user).delete()
    Answer.objects.filter(author=user).delete()
    Reaction.objects.filter(user=user).delete()
    AnswerHelpedToo.objects.filter(user=user).delete()
    # Notes the member received are read by them alone, so they have no reader left either.
    ThankYou.objects.filter(author=user).delete()
    ThankYou.objects.filter(recipient=user).delete()
    ReaderPreference.objects.filter(user=user).delete()
    StoryAuthorVector.objects.filter(user=user).delete()
    # An approved resource serves everyone and describes a public service, not the member: it stays.
    Resource.objects.filter(suggested_by=user, state=Resource.State.APPROVED).update(suggested_by=None)
    Resource.objects.filter(suggested_by=user).delete()
