"""JSON API of stories, advice, resources and recognition (mounted at /api/v1/stories).

Lists use opaque cursors: pass `next_cursor` back as `cursor` to get the next page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from peercircle.accounts.models import User
from peercircle.core.api import auth_user
from peercircle.core.exceptions import PermissionDenied
from peercircle.core.ratelimit import enforce_rate
from peercircle.stories import selectors, services
from peercircle.stories.models import Answer, Comment, Question, Resource, Story, ThankYou
from peercircle.stories.schemas import (
    AnswerIn,
    AnswerOut,
    AnswerPageOut,
    CommentIn,
    CommentOut,
    CommentPageOut,
    FeedPageOut,
    HelpfulIn,
    PreferenceIn,
    PreferenceOut,
    QuestionIn,
    QuestionOut,
    QuestionPageOut,
    ReactionIn,
    ReactionsOut,
    RecognitionOut,
    ResourceIn,
    ResourceOut,
    ResourcePageOut,
    ReviewIn,
    StoryIn,
    StoryOut,
    StoryPageOut,
    StoryPatchIn,
    ThankYouIn,
    ThankYouOut,
)
from peercircle.stories.text import render_plain_text

router = Router(tags=["stories"])

POST_RATE = "20/h"
REACT_RATE = "60/m"


def report_url(target_type: str, target_id: int) -> str:
    return f"/safety/report/?target_type={target_type}&target_id={target_id}"


def _author(post: Story | Question, viewer: User) -> str | None:
    if post.is_anonymous and post.author_id != viewer.pk:
        return None
    return post.author.handle


def story_out(story: Story, viewer: User, *, with_notice: bool = False) -> dict[str, Any]:
    summary = selectors.reaction_summary(viewer=viewer, story=story)
    return {
        "id": story.pk,
        "title": story.title,
        "body": story.body,
        "body_html": render_plain_text(story.body),
        "topics": [topic.slug for topic in story.topics.all()],
        "visibility": story.visibility,
        "is_anonymous": story.is_anonymous,
        "author": _author(story, viewer),
        "is_mine": story.author_id == viewer.pk,
        "status": story.status,
        "content_notes": story.content_note_list,
        "is_suitable_for_minors": story.is_suitable_for_minors,
        "created_at": story.created_at,
        "report_url": report_url("story", story.pk),
        "my_reactions": sorted(summary["mine"]),
        "reaction_counts": summary["counts"],
        "notice": services.writer_notice(story) if with_notice else None,
    }


def comment_out(comment: Comment, viewer: User, *, with_notice: bool = False) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "body": comment.body,
        "body_html": render_plain_text(comment.body),
        "author": comment.author.handle,
        "is_mine": comment.author_id == viewer.pk,
        "status": comment.status,
        "created_at": comment.created_at,
        "report_url": report_url("comment", comment.pk),
        "notice": services.writer_notice(comment) if with_notice else None,
    }


def question_out(question: Question, viewer: User, *, with_notice: bool = False) -> dict[str, Any]:
    count = getattr(question, "answer_count", None)
    if count is None:
        count = question.answers.filter(status="published", deleted_at__isnull=True).count()
    return {
        "id": question.pk,
        "topic": question.topic.slug,
        "title": question.title,
        "body": question.body,
        "body_html": render_plain_text(question.body),
        "author": _author(question, viewer),
        "is_mine": question.author_id == viewer.pk,
        "status": question.status,
        "answer_count": count,
        "created_at": question.created_at,
        "report_url": report_url("question", question.pk),
        "notice": services.writer_notice(question) if with_notice else None,
    }


def answer_out(answer: Answer, viewer: User, *, with_notice: bool = False) -> dict[str, Any]:
    helped_too = getattr(answer, "helped_too_count", None)
    if helped_too is None:
        helped_too = answer.helped_too.count()
    return {
        "id": answer.pk,
        "question_id": answer.question_id,
        "body": answer.body,
        "body_html": render_plain_text(answer.body),
        "author": answer.author.handle,
        "is_mine": answer.author_id == viewer.pk,
        "status": answer.status,
        "is_marked_helpful": answer.is_marked_helpful,
        "helped_too_count": helped_too,
        "created_at": answer.created_at,
        "report_url": report_url("answer", answer.pk),
        "notice": services.writer_notice(answer) if with_notice else None,
    }


def feed_item_out(entry: selectors.FeedItem, viewer: User) -> dict[str, Any]:
    item = entry.item
    if isinstance(item, Story):
        topics = [topic.slug for topic in item.topics.all()]
        notes = item.content_note_list
        url = f"/stories/{item.pk}/"
    else:
        topics = [item.topic.slug]
        notes = []
        url = f"/stories/questions/{item.pk}/"
    # Content-noted stories show no excerpt: the reader opens them by choice.
    excerpt = "" if notes else item.body[:280]
    return {
        "kind": entry.kind,
        "id": item.pk,
        "title": item.title,
        "excerpt": excerpt,
        "topics": topics,
        "author": _author(item, viewer),
        "content_notes": notes,
        "created_at": item.created_at,
        "similarity": None if entry.similarity is None else round(entry.similarity, 3),
        "url": url,
    }


def resource_out(resource: Resource) -> dict[str, Any]:
    return {
        "id": resource.pk,
        "name": resource.name,
        "description": resource.description,
        "kind": resource.kind,
        "url": resource.url,
        "phone": resource.phone,
        "country": str(resource.country or ""),
        "topics": [topic.slug for topic in resource.topics.all()],
        "state": resource.state,
    }


# --- feed and search ---------------------------------------------------------------------------------


@router.get("/feed", response=FeedPageOut)
def feed(request: HttpRequest, cursor: str = "", limit: int = 20) -> dict[str, Any]:
    """From people like me: closest situations first, mixed with recency."""
    viewer = auth_user(request)
    items, next_cursor = selectors.list_page(
        selectors.people_like_me_feed(viewer=viewer), cursor=cursor, limit=limit
    )
    return {"items": [feed_item_out(e, viewer) for e in items], "next_cursor": next_cursor}


@router.get("/search", response=FeedPageOut)
def search(
    request: HttpRequest, q: str = "", topic: str = "", cursor: str = "", limit: int = 20
) -> dict[str, Any]:
    """Stories and questions by words and/or topic, newest first."""
    viewer = auth_user(request)
    found = selectors.search(viewer=viewer, words=q[:200], topic_slug=topic)
    items, next_cursor = selectors.list_page(found, cursor=cursor, limit=limit)
    return {"items": [feed_item_out(e, viewer) for e in items], "next_cursor": next_cursor}


# --- stories -----------------------------------------------------------------------------------------


@router.get("/", response=StoryPageOut)
def list_stories(request: HttpRequest, topic: str = "", cursor: str = "", limit: int = 20) -> dict[str, Any]:
    viewer = auth_user(request)
    rows, next_cursor = selectors.keyset_page(
        selectors.story_list(viewer=viewer, topic_slug=topic), cursor=cursor, limit=limit
    )
    return {"items": [story_out(s, viewer) for s in rows], "next_cursor": next_cursor}


@router.get("/mine", response=StoryPageOut)
def my_stories(request: HttpRequest, cursor: str = "", limit: int = 20) -> dict[str, Any]:
    """Everything I wrote, my private journal included."""
    viewer = auth_user(request)
    rows, next_cursor = selectors.keyset_page(selectors.journal_list(user=viewer), cursor=cursor, limit=limit)
    return {"items": [story_out(s, viewer) for s in rows], "next_cursor": next_cursor}


@router.post("/", response={201: StoryOut})
def create_story(request: HttpRequest, payload: StoryIn) -> Status:
    viewer = auth_user(request)
    enforce_rate(request, group="stories:post", rate=POST_RATE)
    story = services.story_create(
        author=viewer,
        title=payload.title,
        body=payload.body,
        topic_slugs=payload.topics,
        visibility=payload.visibility,
        is_anonymous=payload.is_anonymous,
        content_notes=payload.content_notes,
    )
    return Status(201, story_out(story, viewer, with_notice=True))


@router.get("/{int:story_id}", response=StoryOut)
def get_story(request: HttpRequest, story_id: int) -> dict[str, Any]:
    viewer = auth_user(request)
    return story_out(selectors.story_get(viewer=viewer, story_id=story_id), viewer)


@router.patch("/{int:story_id}", response=StoryOut)
def update_story(request: HttpRequest, story_id: int, payload: StoryPatchIn) -> dict[str, Any]:
    viewer = auth_user(request)
    enforce_rate(request, group="stories:post", rate=POST_RATE)
    story = services.story_update(
        user=viewer,
        story_id=story_id,
        title=payload.title,
        body=payload.body,
        topic_slugs=payload.topics,
        visibility=payload.visibility,
        is_anonymous=payload.is_anonymous,
        content_notes=payload.content_notes,
    )
    return story_out(story, viewer, with_notice=True)


@router.delete("/{int:story_id}", response={204: None})
def delete_story(request: HttpRequest, story_id: int) -> Status:
    services.story_delete(user=auth_user(request), story_id=story_id)
    return Status(204, None)


@router.post("/{int:story_id}/reactions", response=ReactionsOut)
def react(request: HttpRequest, story_id: int, payload: ReactionIn) -> dict[str, Any]:
    """Add a reaction; the same reaction twice is a no-op."""
    viewer = auth_user(request)
    enforce_rate(request, group="stories:react", rate=REACT_RATE)
    reaction = services.reaction_add(user=viewer, story_id=story_id, kind=payload.kind)
    return {"my_reactions": sorted(selectors.reaction_summary(viewer=viewer, story=reaction.story)["mine"])}


@router.delete("/{int:story_id}/reactions/{kind}", response=ReactionsOut)
def unreact(request: HttpRequest, story_id: int, kind: str) -> dict[str, Any]:
    viewer = auth_user(request)
    enforce_rate(request, group="stories:react", rate=REACT_RATE)
    services.reaction_remove(user=viewer, story_id=story_id, kind=kind)
    story = selectors.story_get(viewer=viewer, story_id=story_id)
    return {"my_reactions": sorted(selectors.reaction_summary(viewer=viewer, story=story)["mine"])}


@router.get("/{int:story_id}/comments", response=CommentPageOut)
def list_comments(request: HttpRequest, story_id: int, cursor: str = "", limit: int = 20) -> dict[str, Any]:
    viewer = auth_user(request)
    story = selectors.story_get(viewer=viewer, story_id=story_id)
    rows, next_cursor = selectors.keyset_page(
        selectors.comment_list(viewer=viewer, story=story), cursor=cursor, limit=limit, ascending=True
    )
    return {"items": [comment_out(c, viewer) for c in rows], "next_cursor": next_cursor}


@router.post("/{int:story_id}/comments", response={201: CommentOut})
def create_comment(request: HttpRequest, story_id: int, payload: CommentIn) -> Status:
    viewer = auth_user(request)
    enforce_rate(request, group="stories:post", rate=POST_RATE)
    comment = services.comment_create(author=viewer, story_id=story_id, body=payload.body)
    return Status(201, comment_out(comment, viewer, with_notice=True))


@router.delete("/comments/{int:comment_id}", response={204: None})
def delete_comment(request: HttpRequest, comment_id: int) -> Status:
    services.comment_delete(user=auth_user(request), comment_id=comment_id)
    return Status(204, None)


@router.get("/preferences", response=PreferenceOut)
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    return {"hidden_notes": selectors.hidden_notes_for(auth_user(request))}


@router.put("/preferences", response=PreferenceOut)
def put_preferences(request: HttpRequest, payload: PreferenceIn) -> dict[str, Any]:
    preference = services.reader_preference_set(user=auth_user(request), hidden_notes=payload.hidden_notes)
    return {"hidden_notes": preference.hidden_note_list}


# --- questions and answers ---------------------------------------------------------------------------


@router.get("/questions", response=QuestionPageOut)
def list_questions(
    request: HttpRequest, topic: str = "", unanswered: bool = False, cursor: str = "", limit: int = 20
) -> dict[str, Any]:
    viewer = auth_user(request)
    qs = selectors.question_list(viewer=viewer, topic_slug=topic, is_unanswered=unanswered)
    rows, next_cursor = selectors.keyset_page(qs, cursor=cursor, limit=limit)
    return {"items": [question_out(q, viewer) for q in rows], "next_cursor": next_cursor}


@router.post("/questions", response={201: QuestionOut})
def create_question(request: HttpRequest, payload: QuestionIn) -> Status:
    viewer = auth_user(request)
    enforce_rate(request, group="stories:post", rate=POST_RATE)
    question = services.question_create(
        author=viewer,
        topic_slug=payload.topic,
        title=payload.title,
        body=payload.body,
        is_anonymous=payload.is_anonymous,
    )
    return Status(201, question_out(question, viewer, with_notice=True))


@router.get("/questions/{int:question_id}", response=QuestionOut)
def get_question(request: HttpRequest, question_id: int) -> dict[str, Any]:
    viewer = auth_user(request)
    return question_out(selectors.question_get(viewer=viewer, question_id=question_id), viewer)


@router.delete("/questions/{int:question_id}", response={204: None})
def delete_question(request: HttpRequest, question_id: int) -> Status:
    services.question_delete(user=auth_user(request), question_id=question_id)
    return Status(204, None)


@router.get("/questions/{int:question_id}/answers", response=AnswerPageOut)
def list_answers(request: HttpRequest, question_id: int, cursor: str = "", limit: int = 20) -> dict[str, Any]:
    viewer = auth_user(request)
    question = selectors.question_get(viewer=viewer, question_id=question_id)
    rows, next_cursor = selectors.keyset_page(
        selectors.answer_list(viewer=viewer, question=question), cursor=cursor, limit=limit, ascending=True
    )
    return {"items": [answer_out(a, viewer) for a in rows], "next_cursor": next_cursor}


@router.post("/questions/{int:question_id}/answers", response={201: AnswerOut})
def create_answer(request: HttpRequest, question_id: int, payload: AnswerIn) -> Status:
    viewer = auth_user(request)
    enforce_rate(request, group="stories:post", rate=POST_RATE)
    answer = services.answer_create(author=viewer, question_id=question_id, body=payload.body)
    return Status(201, answer_out(answer, viewer, with_notice=True))


@router.post("/answers/{int:answer_id}/helpful", response=AnswerOut)
def mark_helpful(request: HttpRequest, answer_id: int, payload: HelpfulIn) -> dict[str, Any]:
    """The asker marks (or unmarks) an answer that helped."""
    viewer = auth_user(request)
    answer = services.answer_mark_helpful(user=viewer, answer_id=answer_id, is_helpful=payload.is_helpful)
    return answer_out(answer, viewer)


@router.post("/answers/{int:answer_id}/helped-too", response=AnswerOut)
def helped_too(request: HttpRequest, answer_id: int) -> dict[str, Any]:
    """ "This helped me too" (idempotent)."""
    viewer = auth_user(request)
    enforce_rate(request, group="stories:react", rate=REACT_RATE)
    row = services.answer_helped_too(user=viewer, answer_id=answer_id)
    return answer_out(selectors.answer_get(viewer=viewer, answer_id=row.answer_id), viewer)


@router.delete("/answers/{int:answer_id}", response={204: None})
def delete_answer(request: HttpRequest, answer_id: int) -> Status:
    services.answer_delete(user=auth_user(request), answer_id=answer_id)
    return Status(204, None)


@router.post("/{target_type}/{int:target_id}/suitable-for-minors", response=dict[str, bool])
def mark_suitable(
    request: HttpRequest, target_type: str, target_id: int, is_suitable: bool = True
) -> dict[str, bool]:
    """Admins and peer supporters flag an adult's post (story, question, answer, comment) for under-18s."""
    post = services.post_mark_suitable_for_minors(
        actor=auth_user(request), target_type=target_type, target_id=target_id, is_suitable=is_suitable
    )
    return {"is_suitable_for_minors": post.is_suitable_for_minors}


# --- thank-you notes, resources, recognition ---------------------------------------------------------


@router.post("/thanks", response={201: ThankYouOut})
def send_thanks(request: HttpRequest, payload: ThankYouIn) -> Status:
    viewer = auth_user(request)
    enforce_rate(request, group="stories:post", rate=POST_RATE)
    note: ThankYou = services.thank_you_send(
        sender=viewer, target_type=payload.target_type, target_id=payload.target_id, body=payload.body
    )
    return Status(
        201,
        {
            "id": note.pk,
            "status": note.status,
            "created_at": note.created_at,
            "notice": services.writer_notice(note),
        },
    )


@router.get("/resources", response=ResourcePageOut)
def list_resources(
    request: HttpRequest, topic: str = "", country: str = "", cursor: str = "", limit: int = 20
) -> dict[str, Any]:
    auth_user(request)
    items, next_cursor = selectors.list_page(
        list(selectors.resource_list(topic_slug=topic, country=country)), cursor=cursor, limit=limit
    )
    return {"items": [resource_out(r) for r in items], "next_cursor": next_cursor}


@router.get("/resources/pending", response=ResourcePageOut)
def pending_resources(request: HttpRequest, cursor: str = "", limit: int = 20) -> dict[str, Any]:
    viewer = auth_user(request)
    if not (viewer.is_moderator or viewer.is_superuser):
        raise PermissionDenied(_("Only moderators can review suggestions."))
    rows, next_cursor = selectors.keyset_page(
        selectors.resource_pending_list(), cursor=cursor, limit=limit, ascending=True
    )
    return {"items": [resource_out(r) for r in rows], "next_cursor": next_cursor}


@router.post("/resources", response={201: ResourceOut})
def suggest_resource(request: HttpRequest, payload: ResourceIn) -> Status:
    """Peer supporters and admins add directly; members' suggestions wait for a moderator."""
    viewer = auth_user(request)
    enforce_rate(request, group="stories:post", rate=POST_RATE)
    resource = services.resource_suggest(
        user=viewer,
        name=payload.name,
        description=payload.description,
        kind=payload.kind,
        url=payload.url,
        phone=payload.phone,
        country=payload.country,
        topic_slugs=payload.topics,
    )
    return Status(201, resource_out(resource))


@router.post("/resources/{int:resource_id}/review", response=ResourceOut)
def review_resource(request: HttpRequest, resource_id: int, payload: ReviewIn) -> dict[str, Any]:
    resource = services.resource_review(
        moderator=auth_user(request),
        resource_id=resource_id,
        is_approved=payload.is_approved,
        reason=payload.reason,
    )
    return resource_out(resource)


class ResourceShareIn(Schema):
    model_config = ConfigDict(extra="forbid")
    conversation_id: int = Field(..., ge=1, le=2**63 - 1)


class ResourceSharedOut(Schema):
    message_id: int
    conversation_id: int
    seq: int


@router.post("/resources/{int:resource_id}/share", response={201: ResourceSharedOut})
def share_resource(request: HttpRequest, resource_id: int, payload: ResourceShareIn) -> Any:
    """Share an approved resource into one of my conversations (sent as my message)."""
    message = services.resource_share(
        user=auth_user(request), resource_id=resource_id, conversation_id=payload.conversation_id
    )
    return Status(
        201, {"message_id": message.pk, "conversation_id": message.conversation_id, "seq": message.seq}
    )


@router.get("/helpers/{handle}", response=RecognitionOut)
def recognition(request: HttpRequest, handle: str) -> dict[str, Any]:
    """A helper's recognition. Members who only seek help get no numbers at all."""
    viewer = auth_user(request)
    helper = selectors.helper_user_get(viewer=viewer, handle=handle)
    if not selectors.is_helper(helper):
        return {
            "handle": helper.handle,
            "is_helper": False,
            "people_supported": None,
            "answers_marked_helpful": None,
            "thanks_received": None,
            "badges": [],
        }
    data = selectors.helper_recognition(helper=helper)
    return {
        "handle": helper.handle,
        "is_helper": True,
        "people_supported": data["people_supported"],
        "answers_marked_helpful": data["answers_marked_helpful"],
        "thanks_received": data["thanks_received"],
        "badges": [badge.__dict__ for badge in data["badges"]],
    }
