from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from peercircle.conversations.models import CLIENT_ID_MAX, CLOSING_NOTE_MAX, TEXT_MAX


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class MessageIn(StrictIn):
    client_id: str = Field(min_length=1, max_length=CLIENT_ID_MAX, pattern=r"^[A-Za-z0-9_.:-]+$")
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class ReadIn(StrictIn):
    seq: int = Field(ge=0)


class EndIn(StrictIn):
    closing_note: str = Field("", max_length=CLOSING_NOTE_MAX)
    feedback_rating: int | None = Field(None, ge=1, le=5)


class DisappearingIn(StrictIn):
    # Seconds after which new messages disappear: 86400 (24 hours) or 604800 (7 days); null turns it off.
    seconds: int | None = None


class BlockIn(StrictIn):
    user_id: int | None = None


class MessageOut(Schema):
    id: int
    conversation_id: int
    seq: int
    client_id: str
    sender_id: int | None
    sender_handle: str
    kind: str
    text: str
    is_held: bool
    is_removed: bool = False
    is_deleted: bool = False
    is_expired: bool = False
    created_at: datetime


class SendOut(MessageOut):
    created: bool
    notice: str = ""


class MessagePageOut(Schema):
    messages: list[MessageOut]
    has_more: bool


class ParticipantOut(Schema):
    user_id: int
    handle: str
    role: str
    last_read_seq: int


class ConversationOut(Schema):
    id: int
    kind: str
    status: str
    last_seq: int
    unread: int
    participants: list[ParticipantOut]
    contact_guard_until: datetime | None
    ended_at: datetime | None
    disappear_after_seconds: int | None = None


class ConversationDetailOut(ConversationOut):
    can_send: bool
    code: str
    reason: str


class ReadOut(Schema):
    last_read_seq: int
