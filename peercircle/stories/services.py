"""Writes of the stories domain. Every piece of member text is screened here before anyone else reads it.

Screening outcome (peercircle.safety.screening.screen):
- urgent: the post is held for a moderator (status "held", visible to its writer only), the crisis path is
  started for the writer, and the writer sees a calm message with a way to help now;
- concern: the post is published, the writer gets a gentle check-in, and safety is told (it decides whether
  a moderator should look);
- none: published.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.models import Topic, User
from peercircle.core.exceptions import ApplicationError, NotFound, PermissionDenied
from peercircle.notifications.services import notification_send
from peercircle.safety.screening import ScreenResult, screen_deep
from peercircle.safety.selectors import blocked_user_ids
from peercircle.safety.services import audit_log_record
from peercircle.stories import selectors
from peercircle.stories.models import (
    ANSWER_BODY_MAX,
    COMMENT_BODY_MAX,
    QUESTION_BODY_MAX,
    RESOURCE_DESCRIPTION_MAX,
    STORY_BODY_MAX,
    THANKS_BODY_MAX,
    TITLE_MAX,
    Answer,
    AnswerHelpedToo,
    Comment,
    ContentNote,
    Post,
    Question,
    Reaction,
    ReactionKind,
    ReaderPreference,
    Resource,
    Status,
    Story,
    ThankYou,
    Visibility,
    notes_to_field,
)
from peercircle.stories.ranking import cosine

logger = logging.getLogger(__name__)

HELP_URL = "/safety/help/"
SIMILAR_MEMBERS_PER_QUESTION = 5
SIMILAR_MEMBER_MIN_SIMILARITY = 0.45
SUPPORTERS_PER_QUESTION = 10


# --- shared rules ------------------------------------------------------------------------------------


def _text(name: str, value: str | None, *, max_length: int, required: bool = True) -> str:
    # NUL never belongs in member text, and PostgreSQL refuses to store it.
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise ApplicationError(
            _("Please fill this in."), code="validation_error", fields={name: [_("Required.")]}
        )
    if len(text) > max_length:
        message = _("Please keep this to %(max)d characters or fewer.") % {"max": max_length}
        raise ApplicationError(message, code="validation_error", fields={name: [message]})
    return text


def _topics(slugs: Iterable[str]) -> list[Topic]:
    wanted = {slug.strip() for slug in slugs if slug and slug.strip()}
    found = list(Topic.objects.filter(slug__in=wanted, is_active=True))
    unknown = sorted(wanted - {topic.slug for topic in found})
    if unknown:
        raise ApplicationError(
            _("We don't know these topics: %(topics)s.") % {"topics": ", ".join(unknown)},
            code="unknown_topic",
            fields={"topics": unknown},
        )
    return found


def _content_notes(notes: Iterable[str]) -> str:
    chosen = [note for note in notes if note]
    unknown = sorted(set(chosen) - set(ContentNote.values))
    if unknown:
        raise ApplicationError(
            _("Unknown content note."), code="validation_error", fields={"content_notes": unknown}
        )
    return notes_to_field(chosen)


def _ensure_can_post(user: User) -> None:
    if user.is_suspended or user.is_muted:
        raise PermissionDenied(_("Your account cannot post right now."))


def _screen(*texts: str) -> ScreenResult:
    # Posts are not real-time, so they get the full stack (lexicon + model) before anyone reads them.
    return screen_deep("\n".join(text for text in texts if text))


def _is_private(post: Post) -> bool:
    return isinstance(post, Story) and post.visibility == Visibility.PRIVATE


def _apply_screen(post: Post, result: ScreenResult) -> None:
    post.screen_level = result.level
    post.screen_reasons = list(result.reasons)
    # A private journal entry has no other reader to protect, and holding it would put it before a
    # moderator: it stays the writer's alone, and the writer is shown help instead.
    is_held = result.level == "urgent" and not _is_private(post)
    post.status = Status.HELD if is_held else Status.PUBLISHED


def _after_screen(*, user: User, post: Post, content_type: str, result: ScreenResult) -> None:
    """Start the crisis path for a flagged post (concern or urgent) through the safety app, when it has one.

    Safety decides what a concern raises; here urgent posts are also held, so nothing is lost if it fails.
    """
    if result.level not in ("concern", "urgent") or _is_private(post):
        return
    try:
        crisis = importlib.import_module("peercircle.safety.crisis")
    except ImportError:
        crisis = None
    handler = getattr(crisis, "crisis_handle_content", None)
    if handler is None:
        logger.warning("%s %s flagged; no crisis handler installed yet", content_type, post.pk)
        return
    try:
        handler(user=user, content_type=content_type, content_id=post.pk, result=result)
    except Exception:
        # The post is already held, so a moderator still sees it; the writer must not lose their words.
        logger.exception("crisis handler failed for %s %s", content_type, post.pk)


def writer_notice(post: Post) -> dict[str, str] | None:
    """What the writer is told after posting: None, a gentle check-in, or the calm held message."""
    if _is_private(post) and post.screen_level in ("concern", "urgent"):
        return {
            "level": post.screen_level,
            "message": _(
                "This entry stays private: only you can read it. It sounds like things are really hard right "
                "now. You don't have to carry this alone: help is here, right now."
            ),
            "help_url": HELP_URL,
        }
    if post.status == Status.HELD:
        return {
            "level": "urgent",
            "message": _(
                "Thank you for sharing this. We are keeping it private for now until someone from our team "
                "has read it, and they will be in touch. It sounds like things are really hard: you don't "
                "have to wait, help is here right now."
            ),
            "help_url": HELP_URL,
        }
    if post.screen_level == "concern":
        return {
            "level": "concern",
            "message": _(
                "Your post is shared. It sounds like you are carrying a lot. If you would like to talk to "
                "someone now, help is here."
            ),
            "help_url": HELP_URL,
        }
    return None


def can_curate(user: User) -> bool:
    """Admins, moderators and peer supporters curate resources and flag posts suitable for minors."""
    return bool(user.is_superuser or user.is_admin_role or user.is_peer_supporter or user.is_moderator)


def _notify(*, user: User, title: str, url: str, body: str = "") -> None:
    notification_send(user=user, kind="community", title=title, body=body, url=url)


# --- stories -----------------------------------------------------------------------------------------


@transaction.atomic
def story_create(
    *,
    author: User,
    title: str,
    body: str,
    topic_slugs: Iterable[str] = (),
    visibility: str = Visibility.COMMUNITY,
    is_anonymous: bool = False,
    content_notes: Iterable[str] = (),
) -> Story:
    """Share a story. Screened first: an urgent one is held for a moderator instead of published."""
    _ensure_can_post(author)
    if visibility not in Visibility.values:
        raise ApplicationError(
            _("Choose who can read this."), code="validation_error", fields={"visibility": []}
        )
    story = Story(
        author=author,
        title=_text("title", title, max_length=TITLE_MAX),
        visibility=visibility,
        is_anonymous=is_anonymous,
        content_notes=_content_notes(content_notes),
    )
    story.body = _text("body", body, max_length=STORY_BODY_MAX)  # after visibility: it picks the column
    topics = _topics(topic_slugs)
    result = _screen(story.title, story.body)
    _apply_screen(story, result)
    story.save()
    story.topics.set(topics)
    _after_screen(user=author, post=story, content_type="story", result=result)
    return story


@transaction.atomic
def story_update(
    *,
    user: User,
    story_id: int,
    title: str | None = None,
    body: str | None = None,
    topic_slugs: Iterable[str] | None = None,
    visibility: str | None = None,
    is_anonymous: bool | None = None,
    content_notes: Iterable[str] | None = None,
) -> Story:
    """Edit one's own story (someone else's is NotFound); the new text is screened again."""
    story = selectors.access_story_by_id(user, story_id)
    if story.status == Status.REMOVED:
        raise NotFound()
    if title is not None:
        story.title = _text("title", title, max_length=TITLE_MAX)
    text = story.body if body is None else _text("body", body, max_length=STORY_BODY_MAX)
    if visibility is not None:
        if visibility not in Visibility.values:
            raise ApplicationError(_("Choose who can read this."), code="validation_error")
        story.visibility = visibility
    # Assigned after the visibility so the text lands in the column that visibility calls for: a story
    # made private is encrypted (and its plain copy cleared) in this same save.
    story.body = text
    if is_anonymous is not None:
        story.is_anonymous = is_anonymous
    if content_notes is not None:
        story.content_notes = _content_notes(content_notes)
    topics = _topics(topic_slugs) if topic_slugs is not None else None
    was_held = story.status == Status.HELD
    result = _screen(story.title, story.body)
    _apply_screen(story, result)
    if was_held and not _is_private(story):
        story.status = Status.HELD  # only a moderator releases a held story; editing it does not
    story.save(
        update_fields=[
            "title",
            "shared_body",
            "private_body",
            "visibility",
            "is_anonymous",
            "content_notes",
            "status",
            "screen_level",
            "screen_reasons",
            "updated_at",
        ]
    )
    if topics is not None:
        story.topics.set(topics)
    _after_screen(user=user, post=story, content_type="story", result=result)
    return story


def story_delete(*, user: User, story_id: int) -> None:
    """Delete one's own story; it disappears for everyone (someone else's is NotFound)."""
    story = selectors.access_story_by_id(user, story_id)
    story.deleted_at = timezone.now()
    story.save(update_fields=["deleted_at", "updated_at"])


def post_mark_suitable_for_minors(
    *, actor: User, target_type: str, target_id: int, is_suitable: bool
) -> Post:
    """Admins and peer supporters flag an adult's post as suitable for members under 18."""
    if not can_curate(actor) or actor.is_minor:
        raise PermissionDenied(_("Only admins and peer supporters can do this."))
    models: dict[str, type[Post]] = {
        "story": Story,
        "question": Question,
        "answer": Answer,
        "comment": Comment,
    }
    model = models.get(target_type)
    post = model._default_manager.filter(pk=target_id, deleted_at__isnull=True).first() if model else None
    if post is None or (isinstance(post, Story) and post.visibility == Visibility.PRIVATE):
        raise NotFound()
    post.is_suitable_for_minors = is_suitable
    post.save(update_fields=["is_suitable_for_minors", "updated_at"])
    return post


def reaction_add(*, user: User, story_id: int, kind: str) -> Reaction:
    """React to a story; reacting twice with the same kind changes nothing."""
    if kind not in ReactionKind.values:
        raise ApplicationError(_("Unknown reaction."), code="validation_error", fields={"kind": [kind]})
    story = selectors.story_get(viewer=user, story_id=story_id)
    if story.status != Status.PUBLISHED:
        raise NotFound()
    try:
        with transaction.atomic():
            reaction, _created = Reaction.objects.get_or_create(story=story, user=user, kind=kind)
    except IntegrityError:  # a double click raced us to the unique constraint
        reaction = Reaction.objects.get(story=story, user=user, kind=kind)
    return reaction


def reaction_remove(*, user: User, story_id: int, kind: str) -> None:
    story = selectors.story_get(viewer=user, story_id=story_id)
    Reaction.objects.filter(story=story, user=user, kind=kind).delete()


@transaction.atomic
def comment_create(*, author: User, story_id: int, body: str) -> Comment:
    """Comment on a story the author can see; screened like everything else."""
    _ensure_can_post(author)
    story = selectors.story_get(viewer=author, story_id=story_id)
    if story.status != Status.PUBLISHED or story.visibility == Visibility.PRIVATE:
        raise NotFound()
    comment = Comment(story=story, author=author, body=_text("body", body, max_length=COMMENT_BODY_MAX))
    result = _screen(comment.body)
    _apply_screen(comment, result)
    comment.save()
    _after_screen(user=author, post=comment, content_type="comment", result=result)
    if comment.status == Status.PUBLISHED and story.author_id != author.pk:
        _notify(user=story.author, title=_("Someone commented on your story"), url=f"/stories/{story.pk}/")
    return comment


def comment_delete(*, user: User, comment_id: int) -> None:
    comment = Comment.objects.filter(pk=comment_id, author=user, deleted_at__isnull=True).first()
    if comment is None:
        raise NotFound()
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at", "updated_at"])


def reader_preference_set(*, user: User, hidden_notes: Iterable[str]) -> ReaderPreference:
    """Themes the reader never wants to see in lists and feeds."""
    preference, _created = ReaderPreference.objects.update_or_create(
        user=user, defaults={"hidden_notes": _content_notes(hidden_notes)}
    )
    return preference


# --- questions and answers ---------------------------------------------------------------------------


@transaction.atomic
def question_create(
    *, author: User, topic_slug: str, title: str, body: str = "", is_anonymous: bool = False
) -> Question:
    """Ask the community within one topic; screened first."""
    _ensure_can_post(author)
    topics = _topics([topic_slug])
    if not topics:
        raise ApplicationError(_("Choose a topic."), code="unknown_topic", fields={"topic": []})
    question = Question(
        author=author,
        topic=topics[0],
        title=_text("title", title, max_length=TITLE_MAX),
        body=_text("body", body, max_length=QUESTION_BODY_MAX, required=False),
        is_anonymous=is_anonymous,
    )
    result = _screen(question.title, question.body)
    _apply_screen(question, result)
    question.save()
    _after_screen(user=author, post=question, content_type="question", result=result)
    return question


def question_delete(*, user: User, question_id: int) -> None:
    question = selectors.access_question_by_id(user, question_id)
    question.deleted_at = timezone.now()
    question.save(update_fields=["deleted_at", "updated_at"])


@transaction.atomic
def answer_create(*, author: User, question_id: int, body: str) -> Answer:
    """Answer a question the author can see; the asker hears about it."""
    _ensure_can_post(author)
    question = selectors.question_get(viewer=author, question_id=question_id)
    if question.status != Status.PUBLISHED:
        raise NotFound()
    answer = Answer(question=question, author=author, body=_text("body", body, max_length=ANSWER_BODY_MAX))
    result = _screen(answer.body)
    _apply_screen(answer, result)
    answer.save()
    _after_screen(user=author, post=answer, content_type="answer", result=result)
    if answer.status == Status.PUBLISHED and question.author_id != author.pk:
        _notify(
            user=question.author,
            title=_("Someone answered your question"),
            url=f"/stories/questions/{question.pk}/",
        )
    return answer


def answer_delete(*, user: User, answer_id: int) -> None:
    answer = Answer.objects.filter(pk=answer_id, author=user, deleted_at__isnull=True).first()
    if answer is None:
        raise NotFound()
    answer.deleted_at = timezone.now()
    answer.save(update_fields=["deleted_at", "updated_at"])


def answer_mark_helpful(*, user: User, answer_id: int, is_helpful: bool = True) -> Answer:
    """The asker marks (or unmarks) an answer that helped them; the helper's recognition counts it."""
    answer = selectors.answer_get(viewer=user, answer_id=answer_id)
    if answer.question.author_id != user.pk:
        raise PermissionDenied(_("Only the person who asked can mark answers as helpful."))
    if answer.status != Status.PUBLISHED:
        raise NotFound()
    was_helpful = answer.is_marked_helpful
    answer.marked_helpful_at = (answer.marked_helpful_at or timezone.now()) if is_helpful else None
    answer.save(update_fields=["marked_helpful_at", "updated_at"])
    if is_helpful and not was_helpful and answer.author_id != user.pk:
        _notify(
            user=answer.author,
            title=_("Your answer helped the person who asked"),
            url=f"/stories/questions/{answer.question_id}/",
        )
    return answer


def answer_helped_too(*, user: User, answer_id: int) -> AnswerHelpedToo:
    """Say "this helped me too" about someone else's answer; saying it twice changes nothing."""
    answer = selectors.answer_get(viewer=user, answer_id=answer_id)
    if answer.status != Status.PUBLISHED:
        raise NotFound()
    if answer.author_id == user.pk:
        raise ApplicationError(_("This is your own answer."), code="own_answer")
    try:
        with transaction.atomic():
            row, _created = AnswerHelpedToo.objects.get_or_create(answer=answer, user=user)
    except IntegrityError:
        row = AnswerHelpedToo.objects.get(answer=answer, user=user)
    return row


# --- thank-you notes ---------------------------------------------------------------------------------


def _conversation_peer(sender: User, conversation_id: int) -> User:
    participant = selectors.participant_model()
    if participant is None:
        raise NotFound()
    others = list(
        participant.objects.filter(conversation_id=conversation_id)
        .exclude(user_id=sender.pk)
        .values_list("user_id", flat=True)
    )
    is_member = participant.objects.filter(conversation_id=conversation_id, user_id=sender.pk).exists()
    if not is_member or len(others) != 1:
        raise NotFound()
    return User.objects.get(pk=others[0])


@transaction.atomic
def thank_you_send(*, sender: User, target_type: str, target_id: int, body: str) -> ThankYou:
    """Thank the writer of a story or answer, or one's peer in a conversation. Screened; never to oneself."""
    _ensure_can_post(sender)
    if target_type == ThankYou.Target.STORY:
        story = selectors.story_get(viewer=sender, story_id=target_id)
        if story.status != Status.PUBLISHED:
            raise NotFound()
        recipient = story.author
    elif target_type == ThankYou.Target.ANSWER:
        answer = selectors.answer_get(viewer=sender, answer_id=target_id)
        if answer.status != Status.PUBLISHED:
            raise NotFound()
        recipient = answer.author
    elif target_type == ThankYou.Target.CONVERSATION:
        recipient = _conversation_peer(sender, target_id)
    else:
        raise ApplicationError(_("Unknown thing to thank for."), code="validation_error")
    if recipient.pk == sender.pk:
        raise ApplicationError(_("You cannot thank yourself."), code="own_content")
    if recipient.pk in blocked_user_ids(user=sender):
        raise NotFound()
    note = ThankYou(
        author=sender,
        recipient=recipient,
        target_type=target_type,
        target_id=target_id,
        body=_text("body", body, max_length=THANKS_BODY_MAX),
    )
    result = _screen(note.body)
    _apply_screen(note, result)
    note.save()
    _after_screen(user=sender, post=note, content_type="thank_you", result=result)
    if note.status == Status.PUBLISHED:
        _notify(user=recipient, title=_("Someone sent you a thank-you note"), url="/stories/thanks/")
    return note


# --- resources ---------------------------------------------------------------------------------------


@transaction.atomic
def resource_suggest(
    *,
    user: User,
    name: str,
    description: str,
    kind: str,
    url: str = "",
    phone: str = "",
    country: str = "",
    topic_slugs: Iterable[str] = (),
) -> Resource:
    """Add a resource: admins and peer supporters curate it directly; members' suggestions wait for review."""
    _ensure_can_post(user)
    if kind not in Resource.Kind.values:
        raise ApplicationError(
            _("Choose a kind of service."), code="validation_error", fields={"kind": [kind]}
        )
    url = url.strip()
    if url and not url.lower().startswith(("https://", "http://")):
        raise ApplicationError(_("Links start with https://"), code="validation_error", fields={"url": [url]})
    resource = Resource(
        name=_text("name", name, max_length=120),
        description=_text("description", description, max_length=RESOURCE_DESCRIPTION_MAX),
        kind=kind,
        url=url[:200],
        phone=phone.strip()[:40],
        country=country.strip().upper()[:2],
        suggested_by=user,
    )
    topics = _topics(topic_slugs)
    result = _screen(resource.name, resource.description)
    is_curated = can_curate(user) and result.level != "urgent"
    resource.state = Resource.State.APPROVED if is_curated else Resource.State.PENDING
    if is_curated:
        resource.reviewed_by = user
        resource.reviewed_at = timezone.now()
    resource.save()
    resource.topics.set(topics)
    return resource


@transaction.atomic
def resource_review(*, moderator: User, resource_id: int, is_approved: bool, reason: str = "") -> Resource:
    """A moderator approves or declines a suggested resource; audited."""
    if not (moderator.is_moderator or moderator.is_superuser):
        raise PermissionDenied(_("Only moderators can review suggestions."))
    resource = Resource.objects.select_for_update().filter(pk=resource_id).first()
    if resource is None:
        raise NotFound()
    resource.state = Resource.State.APPROVED if is_approved else Resource.State.REJECTED
    resource.reviewed_by = moderator
    resource.reviewed_at = timezone.now()
    resource.save(update_fields=["state", "reviewed_by", "reviewed_at", "updated_at"])
    audit_log_record(
        actor=moderator,
        action="resource_approve" if is_approved else "resource_reject",
        target_type="resource",
        target_id=resource.pk,
        target_user=resource.suggested_by,
        reason=reason,
    )
    return resource


# --- unanswered questions ----------------------------------------------------------------------------


def _audience_ok(question: Question, user: User) -> bool:
    if user.pk == question.author_id or user.is_minor != question.author.is_minor:
        return False
    return user.pk not in blocked_user_ids(user=question.author)


def question_surface_unanswered(*, older_than_hours: float | None = None) -> int:
    """Bring questions nobody answered to peer supporters who know the topic and to members in a similar
    situation who offer support. Each question is surfaced once. Returns how many were surfaced."""
    surfaced = 0
    for question in selectors.unanswered_questions(older_than_hours=older_than_hours):
        supporters = list(
            User.objects.filter(
                is_active=True,
                profile__topics=question.topic,
                profile__peer_supporter_status="approved",
            ).distinct()[: SUPPORTERS_PER_QUESTION * 2]
        )
        supporters = [u for u in supporters if u.is_peer_supporter and _audience_ok(question, u)]
        supporters = supporters[:SUPPORTERS_PER_QUESTION]
        chosen = {u.pk for u in supporters}
        offering = list(
            User.objects.filter(is_active=True, profile__intent__in=("give", "both"))
            .filter(Q(profile__topics=question.topic) | Q(profile__situation__gt=""))
            .exclude(pk__in=chosen | {question.author_id})
            .distinct()[:200]
        )
        offering = [u for u in offering if _audience_ok(question, u)]
        similar: list[User] = []
        if offering:
            vectors = selectors.situation_vectors(users=[question.author, *offering])
            asker = vectors.get(question.author_id)
            scored: list[tuple[float, User]] = []
            for candidate in offering:
                similarity = cosine(asker, vectors.get(candidate.pk))
                if similarity is not None and similarity >= SIMILAR_MEMBER_MIN_SIMILARITY:
                    scored.append((similarity, candidate))
            scored.sort(key=lambda pair: pair[0], reverse=True)
            similar = [candidate for _score, candidate in scored[:SIMILAR_MEMBERS_PER_QUESTION]]
        for recipient in [*supporters, *similar]:
            _notify(
                user=recipient,
                title=_("A question in %(topic)s is waiting for an answer") % {"topic": question.topic.name},
                body=question.title,
                url=f"/stories/questions/{question.pk}/",
            )
        question.surfaced_at = timezone.now()
        question.save(update_fields=["surfaced_at", "updated_at"])
        surfaced += 1
    return surfaced


# --- moderation of held posts ------------------------------------------------------------------------

MODERATED_MODELS: dict[str, type[Post]] = {
    "story": Story,
    "comment": Comment,
    "question": Question,
    "answer": Answer,
    "thank_you": ThankYou,
}


@transaction.atomic
def post_moderate(
    *, moderator: User, target_type: str, target_id: int, is_released: bool, reason: str = ""
) -> Post:
    """A moderator releases a held post (published) or removes a post (gone for everyone but the audit log).

    Private journal entries are never moderated: they are NotFound here as everywhere else.
    """
    if not (moderator.is_moderator or moderator.is_superuser):
        raise PermissionDenied(_("Only moderators can do this."))
    model = MODERATED_MODELS.get(target_type)
    post = model._default_manager.select_for_update().filter(pk=target_id).first() if model else None
    if post is None or _is_private(post):
        raise NotFound()
    post.status = Status.PUBLISHED if is_released else Status.REMOVED
    post.save(update_fields=["status", "updated_at"])
    audit_log_record(
        actor=moderator,
        action="content_release" if is_released else "content_remove",
        target_type=target_type,
        target_id=post.pk,
        target_user=post.author,
        reason=reason,
    )
    return post


def resource_share(*, user: User, resource_id: int, conversation_id: int) -> Any:
    """Share an approved resource into one of the member's conversations, as a message from them.

    The message goes through the conversations service, so screening, blocks, the contact guard and
    rate limits apply as to any message.
    """
    import uuid

    from peercircle.conversations.selectors import access_conversation_by_id
    from peercircle.conversations.services import message_send

    resource = Resource.objects.filter(pk=resource_id, state=Resource.State.APPROVED).first()
    if resource is None:
        raise NotFound()
    conversation = access_conversation_by_id(user, conversation_id)
    how = resource.url or resource.phone
    text = _("I found a resource that might help: %(name)s") % {"name": resource.name}
    text = "\n".join(part for part in [text, resource.description[:300], how] if part)
    message, _created = message_send(
        conversation=conversation,
        sender=user,
        text=text,
        client_id=f"resource-{resource.pk}-{uuid.uuid4().hex}",
    )
    return message
