"""Reads of the stories domain. Every list a member sees goes through the audience rules here:

- blocked members' content is hidden both ways;
- minors see content by minors plus content flagged `is_suitable_for_minors`; adults never see minors' posts;
- private journal entries are visible to their writer only (no role sees them, moderators included);
- held or removed posts are visible to their writer only (moderators work them in the moderation queue).
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

import numpy as np
from django.conf import settings
from django.core.exceptions import FieldError
from django.db.models import Count, F, Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.constants import AgeBracket
from peercircle.accounts.models import Profile, User
from peercircle.core.embedding import DIMENSIONS, MODEL_VERSION, embed
from peercircle.core.exceptions import NotFound
from peercircle.safety.selectors import blocked_user_ids
from peercircle.stories.models import (
    Answer,
    AnswerHelpedToo,
    Comment,
    Question,
    Reaction,
    ReaderPreference,
    Resource,
    Status,
    Story,
    StoryAuthorVector,
    ThankYou,
    Visibility,
)
from peercircle.stories.ranking import cosine, feed_score

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)

PAGE_SIZE = 20
FEED_CANDIDATES = 200


# --- peers -------------------------------------------------------------------------------------------


def participant_model() -> Any | None:
    """The conversations app's Participant model, or None while that app has none."""
    try:
        module = importlib.import_module("peercircle.conversations.models")
    except ImportError:
        return None
    return getattr(module, "Participant", None)


def peer_ids_for(user: User) -> set[int]:
    """Everyone `user` is or was in a conversation with: the audience of "my peers" stories.

    Reads `peercircle.conversations.models.Participant` (fields `user`, `conversation`, and `role` when
    present: only "member" participants count) when that app provides it; returns an empty set until it
    does, so "my peers" stories are then seen by the writer only.
    The relation is symmetric, so "is the reader among the writer's peers" is "is the writer among mine".
    """
    participant = participant_model()
    if participant is None:
        return set()
    field_names = {f.name for f in participant._meta.get_fields()}
    # Moderators who step into a conversation are not the member's peers.
    members = (
        participant.objects.filter(role="member") if "role" in field_names else participant.objects.all()
    )
    try:
        conversations = members.filter(user_id=user.pk).values("conversation_id")
        peers = (
            members.filter(conversation_id__in=conversations)
            .exclude(user_id=user.pk)
            .values_list("user_id", flat=True)
        )
        return set(peers)
    except FieldError:
        logger.warning("conversations.Participant has no user/conversation fields; no peers found")
        return set()


# --- audience rules ----------------------------------------------------------------------------------


def audience_q(viewer: User, *, author_field: str = "author") -> Q:
    """Who may see whose posts: blocks both ways and the minors/adults separation."""
    minor = Q(**{f"{author_field}__age_bracket": AgeBracket.MINOR})
    audience = (minor | Q(is_suitable_for_minors=True)) if viewer.is_minor else ~minor
    return audience & ~Q(**{f"{author_field}_id__in": blocked_user_ids(user=viewer)})


def hidden_notes_for(user: User) -> list[str]:
    """Content-note themes this reader chose never to see."""
    preference = ReaderPreference.objects.filter(user=user).first()
    return preference.hidden_note_list if preference else []


def story_visible_qs(*, viewer: User, for_listing: bool = True) -> QuerySet[Story]:
    """Stories `viewer` may open; with `for_listing`, also leave out themes they chose never to see."""
    others = (
        Q(status=Status.PUBLISHED)
        & (
            Q(visibility=Visibility.COMMUNITY)
            | Q(visibility=Visibility.PEERS, author_id__in=peer_ids_for(viewer))
        )
        & audience_q(viewer)
    )
    if for_listing:
        for note in hidden_notes_for(viewer):
            others &= ~Q(content_notes__contains=f",{note},")
    return (
        Story.objects.filter(deleted_at__isnull=True)
        .filter(Q(author=viewer) | others)
        .select_related("author")
        .prefetch_related("topics")
    )


def story_get(*, viewer: User, story_id: int) -> Story:
    """A story the viewer may read, or NotFound (missing, deleted, private or hidden look the same)."""
    story = story_visible_qs(viewer=viewer, for_listing=False).filter(pk=story_id).first()
    if story is None:
        raise NotFound()
    return story


def access_story_by_id(user: User, story_id: int) -> Story:
    """The user's own story, to edit or delete; someone else's is NotFound, like a missing one."""
    story = Story.objects.filter(pk=story_id, author=user, deleted_at__isnull=True).first()
    if story is None:
        raise NotFound()
    return story


def story_list(*, viewer: User, topic_slug: str = "") -> QuerySet[Story]:
    """Shared stories from others and the viewer's own non-private ones, newest first."""
    qs = story_visible_qs(viewer=viewer).exclude(visibility=Visibility.PRIVATE)
    if topic_slug:
        qs = qs.filter(topics__slug=topic_slug)
    return qs.order_by("-created_at", "-id")


def journal_list(*, user: User) -> QuerySet[Story]:
    """Everything the member wrote (any visibility and status), newest first."""
    return (
        Story.objects.filter(author=user, deleted_at__isnull=True)
        .prefetch_related("topics")
        .order_by("-created_at", "-id")
    )


def comment_list(*, viewer: User, story: Story) -> QuerySet[Comment]:
    """Comments on a story the viewer can already see."""
    return (
        Comment.objects.filter(story=story, deleted_at__isnull=True)
        .filter(Q(author=viewer) | (Q(status=Status.PUBLISHED) & audience_q(viewer)))
        .select_related("author")
        .order_by("created_at", "id")
    )


def reaction_summary(*, viewer: User, story: Story) -> dict[str, Any]:
    """Which reactions the viewer gave; counts only for the writer (no public vanity numbers)."""
    mine = set(Reaction.objects.filter(story=story, user=viewer).values_list("kind", flat=True))
    counts: dict[str, int] = {}
    if story.author_id == viewer.pk:
        counts = dict(
            Reaction.objects.filter(story=story)
            .values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
    return {"mine": mine, "counts": counts}


def question_visible_qs(*, viewer: User) -> QuerySet[Question]:
    """Questions the viewer may see: their own, and published ones within the audience rules."""
    return (
        Question.objects.filter(deleted_at__isnull=True)
        .filter(Q(author=viewer) | (Q(status=Status.PUBLISHED) & audience_q(viewer)))
        .select_related("author", "topic")
    )


def question_list(*, viewer: User, topic_slug: str = "", is_unanswered: bool = False) -> QuerySet[Question]:
    qs = question_visible_qs(viewer=viewer)
    if topic_slug:
        qs = qs.filter(topic__slug=topic_slug)
    qs = qs.annotate(
        answer_count=Count(
            "answers", filter=Q(answers__status=Status.PUBLISHED, answers__deleted_at__isnull=True)
        )
    )
    if is_unanswered:
        qs = qs.filter(answer_count=0)
    return qs.order_by("-created_at", "-id")


def question_get(*, viewer: User, question_id: int) -> Question:
    question = question_visible_qs(viewer=viewer).filter(pk=question_id).first()
    if question is None:
        raise NotFound()
    return question


def access_question_by_id(user: User, question_id: int) -> Question:
    question = Question.objects.filter(pk=question_id, author=user, deleted_at__isnull=True).first()
    if question is None:
        raise NotFound()
    return question


def answer_list(*, viewer: User, question: Question) -> QuerySet[Answer]:
    """Answers the viewer may see; those the asker marked helpful first."""
    return (
        Answer.objects.filter(question=question, deleted_at__isnull=True)
        .filter(Q(author=viewer) | (Q(status=Status.PUBLISHED) & audience_q(viewer)))
        .select_related("author")
        .annotate(helped_too_count=Count("helped_too"))
        .order_by(F("marked_helpful_at").asc(nulls_last=True), "created_at", "id")
    )


def answer_get(*, viewer: User, answer_id: int) -> Answer:
    """An answer the viewer may see, on a question they may see."""
    answer = (
        Answer.objects.filter(pk=answer_id, deleted_at__isnull=True)
        .filter(Q(author=viewer) | (Q(status=Status.PUBLISHED) & audience_q(viewer)))
        .select_related("question", "author")
        .first()
    )
    if answer is None or not question_visible_qs(viewer=viewer).filter(pk=answer.question_id).exists():
        raise NotFound()
    return answer


def helped_too_answer_ids(*, user: User, answers: list[Answer]) -> set[int]:
    return set(
        AnswerHelpedToo.objects.filter(user=user, answer__in=answers).values_list("answer_id", flat=True)
    )


# --- situation vectors and the "people like me" feed -------------------------------------------------


def _situation_text(profile: Profile) -> str:
    topics = ", ".join(topic.name for topic in profile.topics.all())
    parts = [profile.situation.strip(), f"Topics: {topics}" if topics else ""]
    return ". ".join(part for part in parts if part)


def situation_vectors(*, users: list[User]) -> dict[int, np.ndarray]:
    """Unit situation vectors by user id (members with no situation and no topics have none).

    The one place the feed gets its vectors: today it embeds Profile.situation + topic names locally and
    caches them in StoryAuthorVector; when the matching app stores situation embeddings, read them here.
    """
    ids = [user.pk for user in users]
    profiles = Profile.objects.filter(user_id__in=ids).prefetch_related("topics")
    texts = {profile.user_id: _situation_text(profile) for profile in profiles}
    hashes = {uid: hashlib.sha256(text.encode()).hexdigest() for uid, text in texts.items() if text}
    stored = {
        row.user_id: row
        for row in StoryAuthorVector.objects.filter(user_id__in=list(hashes), model_version=MODEL_VERSION)
    }
    vectors: dict[int, np.ndarray] = {}
    missing: list[int] = []
    for uid, text_hash in hashes.items():
        row = stored.get(uid)
        if row is not None and row.text_hash == text_hash:
            vectors[uid] = np.frombuffer(bytes(row.vector), dtype=np.float32)
        else:
            missing.append(uid)
    if missing:
        fresh = embed([texts[uid] for uid in missing])
        for uid, vector in zip(missing, fresh, strict=True):
            StoryAuthorVector.objects.update_or_create(
                user_id=uid,
                model_version=MODEL_VERSION,
                defaults={"text_hash": hashes[uid], "vector": vector.astype(np.float32).tobytes()},
            )
            vectors[uid] = vector
    return {uid: v for uid, v in vectors.items() if v.shape == (DIMENSIONS,)}


@dataclass
class FeedItem:
    kind: str  # "story" or "question"
    item: Story | Question
    score: float = 0.0
    similarity: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def created_at(self) -> datetime:
        return self.item.created_at


def people_like_me_feed(*, viewer: User, now: datetime | None = None) -> list[FeedItem]:
    """Stories and questions from others, closest situations first, mixed with recency.

    Candidates are the most recent FEED_CANDIDATES of each kind that the viewer may see.
    """
    now = now or timezone.now()
    stories = list(
        story_list(viewer=viewer).exclude(author=viewer).filter(status=Status.PUBLISHED)[:FEED_CANDIDATES]
    )
    questions = list(
        question_visible_qs(viewer=viewer)
        .exclude(author=viewer)
        .filter(status=Status.PUBLISHED)
        .order_by("-created_at", "-id")[:FEED_CANDIDATES]
    )
    items = [FeedItem("story", s) for s in stories] + [FeedItem("question", q) for q in questions]
    authors = {viewer.pk: viewer}
    for entry in items:
        authors[entry.item.author_id] = entry.item.author
    vectors = situation_vectors(users=list(authors.values()))
    mine = vectors.get(viewer.pk)
    for entry in items:
        entry.similarity = cosine(mine, vectors.get(entry.item.author_id))
        age_hours = (now - entry.item.created_at).total_seconds() / 3600
        entry.score = feed_score(entry.similarity, age_hours)
    items.sort(key=lambda e: (e.score, e.item.created_at), reverse=True)
    return items


def recent_writer_ids(*, days: int = 30) -> set[int]:
    """Members who shared a story or asked a question lately: the authors the feed will rank."""
    since = timezone.now() - timedelta(days=days)
    story_authors = Story.objects.filter(created_at__gte=since).values_list("author_id", flat=True)
    question_authors = Question.objects.filter(created_at__gte=since).values_list("author_id", flat=True)
    return set(story_authors) | set(question_authors)


def search(*, viewer: User, words: str = "", topic_slug: str = "") -> list[FeedItem]:
    """Stories and questions whose title or text contains the words, optionally within a topic."""
    stories = story_list(viewer=viewer, topic_slug=topic_slug)
    questions = question_visible_qs(viewer=viewer)
    if topic_slug:
        questions = questions.filter(topic__slug=topic_slug)
    # Only shared stories are listed here, and their text is the plain `shared_body` column.
    for word in words.split()[:8]:
        stories = stories.filter(Q(title__icontains=word) | Q(shared_body__icontains=word))
        questions = questions.filter(Q(title__icontains=word) | Q(body__icontains=word))
    items = [FeedItem("story", s) for s in stories.distinct()[:FEED_CANDIDATES]] + [
        FeedItem("question", q) for q in questions.order_by("-created_at")[:FEED_CANDIDATES]
    ]
    items.sort(key=lambda e: (e.item.created_at, e.item.pk), reverse=True)
    return items


# --- cursor pagination -------------------------------------------------------------------------------


def _encode(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return ""


def keyset_page(
    qs: QuerySet[M], *, cursor: str = "", limit: int = PAGE_SIZE, ascending: bool = False
) -> tuple[list[M], str | None]:
    """One page of a (created_at, id)-ordered queryset after `cursor`, and the cursor of the next page.

    Keyset cursors stay correct while new rows arrive, unlike offsets.
    """
    limit = max(1, min(limit, 100))
    order = ("created_at", "id") if ascending else ("-created_at", "-id")
    qs = qs.order_by(*order)
    raw = _decode(cursor) if cursor else ""
    if raw and "|" in raw:
        stamp, _sep, pk = raw.partition("|")
        try:
            when = datetime.fromisoformat(stamp)
            key = int(pk)
        except ValueError:
            when, key = None, 0
        if when is not None and when.tzinfo is not None:
            if ascending:
                qs = qs.filter(Q(created_at__gt=when) | Q(created_at=when, id__gt=key))
            else:
                qs = qs.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=key))
    rows = list(qs[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode(f"{last.created_at.isoformat()}|{last.pk}")  # type: ignore[attr-defined]
    return rows, next_cursor


def list_page(items: list[Any], *, cursor: str = "", limit: int = PAGE_SIZE) -> tuple[list[Any], str | None]:
    """Cursor paging for ranked or mixed lists computed in memory (the feed, search results)."""
    limit = max(1, min(limit, 100))
    raw = _decode(cursor) if cursor else ""
    start = int(raw[2:]) if raw.startswith("o:") and raw[2:].isdigit() else 0
    page = items[start : start + limit]
    has_more = start + limit < len(items)
    return page, (_encode(f"o:{start + limit}") if has_more else None)


# --- resources and recognition -----------------------------------------------------------------------


def resource_list(*, topic_slug: str = "", country: str = "") -> QuerySet[Resource]:
    """Approved resources, optionally within a topic and for a country (online ones count everywhere)."""
    qs = Resource.objects.filter(state=Resource.State.APPROVED).prefetch_related("topics")
    if topic_slug:
        qs = qs.filter(topics__slug=topic_slug)
    if country:
        qs = qs.filter(Q(country=country.upper()) | Q(country=""))
    return qs.distinct().order_by("name")


def resource_pending_list() -> QuerySet[Resource]:
    return (
        Resource.objects.filter(state=Resource.State.PENDING)
        .prefetch_related("topics")
        .order_by("created_at")
    )


@dataclass
class Badge:
    slug: str
    label: str
    description: str


def helper_user_get(*, viewer: User, handle: str) -> User:
    """A member whose helper page the viewer may open (same age group, no block either way)."""
    helper = User.objects.filter(handle__iexact=handle, is_active=True).first()
    if helper is None or helper.is_minor != viewer.is_minor or helper.pk in blocked_user_ids(user=viewer):
        raise NotFound()
    return helper


def is_helper(user: User) -> bool:
    """Recognition is for helpers only: peer supporters, people offering support, or anyone who answered."""
    profile = Profile.objects.filter(user=user).first()
    if user.is_peer_supporter or (profile is not None and profile.intent in ("give", "both")):
        return True
    return Answer.objects.filter(author=user, status=Status.PUBLISHED, deleted_at__isnull=True).exists()


def helper_recognition(*, helper: User, now: datetime | None = None) -> dict[str, Any]:
    """What a helper's profile shows: people supported, answers marked helpful, thank-you notes, badges.

    People supported counts distinct conversation peers (0 until the conversations app exists). Badges use
    everyone the helper demonstrably helped: those peers, askers who marked an answer helpful, and people who
    sent a thank-you note.
    """
    now = now or timezone.now()
    peers = peer_ids_for(helper)
    answers = Answer.objects.filter(author=helper, status=Status.PUBLISHED, deleted_at__isnull=True)
    helpful = answers.filter(marked_helpful_at__isnull=False)
    thanks = ThankYou.objects.filter(recipient=helper, status=Status.PUBLISHED, deleted_at__isnull=True)
    helped = set(peers)
    helped.update(helpful.values_list("question__author_id", flat=True))
    helped.update(thanks.values_list("author_id", flat=True))
    helped.discard(helper.pk)
    firsts = [
        d
        for d in (
            answers.order_by("created_at").values_list("created_at", flat=True).first(),
            thanks.order_by("created_at").values_list("created_at", flat=True).first(),
        )
        if d is not None
    ]
    badges: list[Badge] = []
    if answers.exists():
        badges.append(
            Badge("first_answer", _("First answer"), _("Shared what they know with someone who asked."))
        )
    if len(helped) >= 10:
        badges.append(
            Badge(
                "ten_helped", _("Ten people helped"), _("Ten different people found their support helpful.")
            )
        )
    if firsts and (now - min(firsts)).days >= 365:
        badges.append(
            Badge("year_of_helping", _("A year of helping"), _("Has been helping others for a year."))
        )
    return {
        "people_supported": len(peers),
        "answers_marked_helpful": helpful.count(),
        "thanks_received": thanks.count(),
        "badges": badges,
    }


def recognition_context(*, viewer: User, member: User) -> dict[str, Any]:
    """Template context of the "Helping others" section (`stories/helper.html#recognition`).

    Other pages (the member profile) can render that partial with this context.
    """
    helper = is_helper(member)
    return {
        "member": member,
        "is_helper": helper,
        "recognition": helper_recognition(helper=member) if helper else None,
        "is_me": member.pk == viewer.pk,
    }


def thanks_received_list(*, user: User) -> QuerySet[ThankYou]:
    """Thank-you notes for the member themselves to read (never shown to others)."""
    return (
        ThankYou.objects.filter(recipient=user, status=Status.PUBLISHED, deleted_at__isnull=True)
        .exclude(author_id__in=blocked_user_ids(user=user))
        .select_related("author")
    )


def unanswered_questions(
    *, older_than_hours: float | None = None, now: datetime | None = None
) -> QuerySet[Question]:
    """Published questions with no published answer after the configured wait, not yet surfaced."""
    hours = older_than_hours if older_than_hours is not None else unanswered_after_hours()
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    return (
        Question.objects.filter(
            status=Status.PUBLISHED, deleted_at__isnull=True, surfaced_at__isnull=True, created_at__lte=cutoff
        )
        .exclude(answers__status=Status.PUBLISHED, answers__deleted_at__isnull=True)
        .select_related("author", "topic")
    )


def unanswered_after_hours() -> float:
    """Hours a question waits before helpers hear of it (PEERCIRCLE["UNANSWERED_QUESTION_HOURS"], 24)."""
    return float(getattr(settings, "PEERCIRCLE", {}).get("UNANSWERED_QUESTION_HOURS", 24))
