from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from peercircle.safety.models import NOTE_MAX, PLAN_FIELD_MAX
from peercircle.safety.moderation import REASON_MAX
from peercircle.safety.services import REPORT_NOTE_MAX


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class SafetyOkOut(Schema):
    ok: bool = True


class CrisisResourceOut(Schema):
    id: str
    name: str
    phone: str | None
    text: dict[str, Any] | None
    chat_url: str | None
    website: str | None
    hours: str | None
    languages: list[str]
    audience: str | None
    for_young_people: bool
    recommended: bool
    verified: bool
    last_verified: str | None


class CrisisCardOut(Schema):
    role: Literal["member", "peer"]
    escalation_id: int
    level: str
    conversation_id: int | None
    member_said_not_crisis: bool
    suggested: CrisisResourceOut | None
    more: list[CrisisResourceOut]
    emergency_number: str | None
    is_moderator_on_it: bool
    safety_plan_url: str
    help_url: str


class CrisisStateOut(Schema):
    card: CrisisCardOut | None


class SafetyPlanIO(Schema):
    warning_signs: str = Field("", max_length=PLAN_FIELD_MAX)
    coping_strategies: str = Field("", max_length=PLAN_FIELD_MAX)
    distractions: str = Field("", max_length=PLAN_FIELD_MAX)
    people_to_ask: str = Field("", max_length=PLAN_FIELD_MAX)
    professionals: str = Field("", max_length=PLAN_FIELD_MAX)
    safe_environment: str = Field("", max_length=PLAN_FIELD_MAX)


class SafetyPlanIn(SafetyPlanIO, StrictIn):
    pass


class SafetyPlanOut(SafetyPlanIO):
    updated_at: datetime | None
    professionals_suggestion: str


TargetType = Literal["message", "story", "comment", "question", "answer", "user"]


class SafetyReportIn(StrictIn):
    target_type: TargetType
    target_id: int = Field(..., ge=1)
    category: str = Field(..., max_length=20)
    note: str = Field("", max_length=REPORT_NOTE_MAX)


class SafetyReportOut(Schema):
    id: int
    target_type: str
    target_id: str
    category: str
    status: str
    created_at: datetime


class SafetyBlockIn(StrictIn):
    user_id: int | None = Field(None, ge=1)
    handle: str | None = Field(None, max_length=30)


class SafetyBlockOut(Schema):
    user_id: int
    handle: str
    created_at: datetime


class QueueItemOut(Schema):
    kind: Literal["escalation", "report"]
    id: int
    level: str
    status: str
    waiting_since: datetime
    waiting_seconds: int
    summary: str
    reasons: list[str]
    member_said_not_crisis: bool
    reporter_dismissed_count: int
    target_type: str
    category: str


class ContextEntryOut(Schema):
    author: str
    text: str
    is_flagged: bool


class EscalationOut(Schema):
    id: int
    member_handle: str
    level: str
    first_level: str
    status: str
    content_type: str
    content_id: int
    conversation_id: int | None
    reasons: list[str]
    signal_count: int
    waiting_since: datetime
    realert_count: int
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    joined_at: datetime | None
    closed_at: datetime | None
    outcome: str
    member_said_not_crisis: bool
    notes: str
    context: list[ContextEntryOut]


class ReportDetailOut(Schema):
    id: int
    target_type: str
    target_id: str
    category: str
    note: str
    status: str
    created_at: datetime
    reported_handle: str | None
    reporter_dismissed_count: int
    context: list[ContextEntryOut]


class EscalationNoteIn(StrictIn):
    text: str = Field(..., min_length=1, max_length=NOTE_MAX)


class EscalationCloseIn(StrictIn):
    outcome: Literal["true_risk", "false_alarm", "emergency_services", "other"]
    note: str = Field("", max_length=NOTE_MAX)


class ModerationActionIn(StrictIn):
    action: Literal["dismiss", "warn", "remove", "mute", "suspend", "ban"]
    reason: str = Field(..., min_length=1, max_length=REASON_MAX)
    duration_hours: float | None = Field(None, gt=0, le=365 * 24)


class ModerationActionOut(Schema):
    action: str
    until: datetime | None


class PrecisionOut(Schema):
    levels: dict[str, dict[str, float | int | None]]
