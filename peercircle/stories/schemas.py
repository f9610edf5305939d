"""Input and output shapes of the stories API. Lengths and topics are checked by the services, so the web
pages and the API give the same answers."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import ConfigDict


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class NoticeOut(Schema):
    level: str
    message: str
    help_url: str


class StoryIn(StrictIn):
    title: str
    body: str
    topics: list[str] = []
    visibility: str = "community"
    is_anonymous: bool = False
    content_notes: list[str] = []


class StoryPatchIn(StrictIn):
    title: str | None = None
    body: str | None = None
    topics: list[str] | None = None
    visibility: str | None = None
    is_anonymous: bool | None = None
    content_notes: list[str] | None = None


class StoryOut(Schema):
    id: int
    title: str
    body: str
    body_html: str
    topics: list[str]
    visibility: str
    is_anonymous: bool
    author: str | None  # None when posted anonymously (and the reader is not the writer)
    is_mine: bool
    status: str
    content_notes: list[str]
    is_suitable_for_minors: bool
    created_at: datetime
    report_url: str
    my_reactions: list[str]
    reaction_counts: dict[str, int]  # filled for the writer only
    notice: NoticeOut | None = None


class StoryPageOut(Schema):
    items: list[StoryOut]
    next_cursor: str | None


class ReactionIn(StrictIn):
    kind: str


class ReactionsOut(Schema):
    my_reactions: list[str]


class CommentIn(StrictIn):
    body: str


class CommentOut(Schema):
    id: int
    body: str
    body_html: str
    author: str
    is_mine: bool
    status: str
    created_at: datetime
    report_url: str
    notice: NoticeOut | None = None


class CommentPageOut(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class PreferenceIn(StrictIn):
    hidden_notes: list[str]


class PreferenceOut(Schema):
    hidden_notes: list[str]


class QuestionIn(StrictIn):
    topic: str
    title: str
    body: str = ""
    is_anonymous: bool = False


class QuestionOut(Schema):
    id: int
    topic: str
    title: str
    body: str
    body_html: str
    author: str | None
    is_mine: bool
    status: str
    answer_count: int
    created_at: datetime
    report_url: str
    notice: NoticeOut | None = None


class QuestionPageOut(Schema):
    items: list[QuestionOut]
    next_cursor: str | None


class AnswerIn(StrictIn):
    body: str


class AnswerOut(Schema):
    id: int
    question_id: int
    body: str
    body_html: str
    author: str
    is_mine: bool
    status: str
    is_marked_helpful: bool
    helped_too_count: int
    created_at: datetime
    report_url: str
    notice: NoticeOut | None = None


class AnswerPageOut(Schema):
    items: list[AnswerOut]
    next_cursor: str | None


class HelpfulIn(StrictIn):
    is_helpful: bool = True


class FeedItemOut(Schema):
    kind: str
    id: int
    title: str
    excerpt: str
    topics: list[str]
    author: str | None
    content_notes: list[str]
    created_at: datetime
    similarity: float | None
    url: str


class FeedPageOut(Schema):
    items: list[FeedItemOut]
    next_cursor: str | None


class ThankYouIn(StrictIn):
    target_type: str
    target_id: int
    body: str


class ThankYouOut(Schema):
    id: int
    status: str
    created_at: datetime
    notice: NoticeOut | None = None


class ResourceIn(StrictIn):
    name: str
    description: str
    kind: str
    url: str = ""
    phone: str = ""
    country: str = ""
    topics: list[str] = []


class ResourceOut(Schema):
    id: int
    name: str
    description: str
    kind: str
    url: str
    phone: str
    country: str
    topics: list[str]
    state: str


class ResourcePageOut(Schema):
    items: list[ResourceOut]
    next_cursor: str | None


class ReviewIn(StrictIn):
    is_approved: bool
    reason: str = ""


class BadgeOut(Schema):
    slug: str
    label: str
    description: str


class RecognitionOut(Schema):
    handle: str
    is_helper: bool
    people_supported: int | None
    answers_marked_helpful: int | None
    thanks_received: int | None
    badges: list[BadgeOut]
