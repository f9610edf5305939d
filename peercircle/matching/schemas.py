"""Input and output shapes of the matching API. Inputs are strict: unknown fields are an error."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from peercircle.matching.models import HELPFUL_MAX, HELPFUL_MIN


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class RequestIn(StrictIn):
    intent: str | None = Field(None, max_length=10, description="get, give or both; default: the profile's")


class EndIn(StrictIn):
    helpful: int | None = Field(None, ge=HELPFUL_MIN, le=HELPFUL_MAX)
    safety_concern: bool = False


class FeedbackIn(StrictIn):
    helpful: int = Field(..., ge=HELPFUL_MIN, le=HELPFUL_MAX)


class PeerOut(Schema):
    id: int
    handle: str


class RequestOut(Schema):
    id: int
    intent: str
    status: str
    created_at: datetime
    matched_at: datetime | None


class MatchOut(Schema):
    id: int
    status: str
    origin: str
    peer: PeerOut
    reasons: list[str]
    expires_at: datetime | None
    i_accepted: bool
    peer_accepted: bool
    activated_at: datetime | None
    ended_at: datetime | None
    my_feedback: int | None
    conversation_id: int | None
    conversation_url: str


class CapacityOut(Schema):
    active: int
    capacity: int


class StatusOut(Schema):
    request: RequestOut | None
    proposal: MatchOut | None
    active: list[MatchOut]
    capacity: CapacityOut | None


class SettingsIn(StrictIn):
    situation_weight: float | None = Field(None, ge=0)
    topics_weight: float | None = Field(None, ge=0)
    same_relation_weight: float | None = Field(None, ge=0)
    complementary_weight: float | None = Field(None, ge=0)
    interests_weight: float | None = Field(None, ge=0)
    availability_weight: float | None = Field(None, ge=0)
    timezone_weight: float | None = Field(None, ge=0)
    preferences_weight: float | None = Field(None, ge=0)
    waiting_weight: float | None = Field(None, ge=0)
    wait_horizon_seconds: float | None = Field(None, ge=1)
    quality_vs_wait: float | None = Field(None, ge=0, le=1)
    min_quality: float | None = Field(None, ge=0, le=1)
    proposal_expiry_minutes: int | None = Field(None, ge=1, le=7 * 24 * 60)
    request_expiry_hours: int | None = Field(None, ge=1, le=90 * 24)


class SettingsOut(Schema):
    situation_weight: float
    topics_weight: float
    same_relation_weight: float
    complementary_weight: float
    interests_weight: float
    availability_weight: float
    timezone_weight: float
    preferences_weight: float
    waiting_weight: float
    wait_horizon_seconds: float
    quality_vs_wait: float
    min_quality: float
    proposal_expiry_minutes: int
    request_expiry_hours: int
