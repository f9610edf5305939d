from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from peercircle.accounts.constants import ABOUT_MAX, CAPACITY_MAX, HANDLE_MAX, SITUATION_MAX


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class SignupIn(StrictIn):
    handle: str = Field(..., min_length=3, max_length=HANDLE_MAX)
    password: str = Field(..., min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    age_bracket: str = Field(..., max_length=5)
    country: str = Field("", max_length=2)
    languages: list[str] = Field(..., min_length=1, max_length=10)
    time_zone: str = Field("UTC", max_length=64)
    accepts_guidelines: bool


class TopicOut(Schema):
    slug: str
    name: str
    description: str


class MeOut(Schema):
    id: int
    handle: str
    email: str
    age_bracket: str
    country: str
    languages: list[str]
    time_zone: str
    is_discreet: bool
    roles: list[str]
    situation: str
    about_me: str
    topics: list[str]
    relation: str
    intent: str
    interests: list[str]
    availability: list[str]
    capacity: int
    peer_supporter_status: str


class ProfileIn(StrictIn):
    email: str | None = Field(None, max_length=254)
    country: str | None = Field(None, max_length=2)
    languages: list[str] | None = Field(None, max_length=10)
    time_zone: str | None = Field(None, max_length=64)
    is_discreet: bool | None = None
    situation: str | None = Field(None, max_length=SITUATION_MAX)
    about_me: str | None = Field(None, max_length=ABOUT_MAX)
    topics: list[str] | None = Field(None, max_length=20)
    relation: str | None = Field(None, max_length=20)
    intent: str | None = Field(None, max_length=10)
    interests: list[str] | None = Field(None, max_length=10)
    availability: list[str] | None = Field(None, max_length=28)
    capacity: int | None = Field(None, ge=1, le=CAPACITY_MAX)


class PasswordIn(StrictIn):
    old_password: str = Field(..., max_length=200)
    new_password: str = Field(..., max_length=200)


class TokenCreateIn(StrictIn):
    handle: str = Field(..., max_length=HANDLE_MAX)
    password: str = Field(..., max_length=200)
    name: str = Field("mobile", max_length=60)


class TokenCreatedOut(Schema):
    id: int
    name: str
    token: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class PublicMemberOut(Schema):
    handle: str
    about_me: str
    topics: list[str]
    is_peer_supporter: bool


class PeerSupporterOfferIn(StrictIn):
    motivation: str = Field(..., min_length=1, max_length=1000)


class PeerSupporterApplicationOut(Schema):
    user_id: int
    handle: str
    motivation: str
    status: str


class DecisionIn(StrictIn):
    is_approved: bool
    reason: str = Field("", max_length=500)


class OkOut(Schema):
    ok: bool = True


class DeleteAccountIn(StrictIn):
    password: str = Field(..., max_length=200)


class ResearchConsentOut(StrictIn):
    is_given: bool
