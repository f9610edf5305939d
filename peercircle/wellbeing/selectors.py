"""Reads for wellbeing check-ins: what to offer, when a retake is allowed, and a member's own trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.core.exceptions import NotFound
from peercircle.wellbeing.instruments import INSTRUMENTS
from peercircle.wellbeing.models import Response, Skip

DEFAULT_INTERVAL_DAYS = 14
DEFAULT_RETAKE_DAYS = 7


def interval_days() -> int:
    """Days between check-in offers (settings.PEERCIRCLE["WELLBEING_INTERVAL_DAYS"], default 14)."""
    return int(settings.PEERCIRCLE.get("WELLBEING_INTERVAL_DAYS", DEFAULT_INTERVAL_DAYS))


def retake_days() -> int:
    """Each questionnaire can be taken at most once per this many days (default 7; 0 means no limit)."""
    return int(settings.PEERCIRCLE.get("WELLBEING_RETAKE_DAYS", DEFAULT_RETAKE_DAYS))


def access_response_by_id(user: User, response_id: int) -> Response:
    """The member's own response; NotFound for a missing one or anybody else's."""
    response = Response.objects.filter(pk=response_id, user=user).first()
    if response is None:
        raise NotFound()
    return response


def next_allowed_at(*, user: User, instrument: str, now: datetime | None = None) -> datetime | None:
    """When the member may next take `instrument`, or None if they may take it now."""
    days = retake_days()
    if days <= 0:
        return None
    now = now or timezone.now()
    last = Response.objects.filter(user=user, instrument=instrument).order_by("-taken_at").first()
    if last is None:
        return None
    allowed = last.taken_at + timedelta(days=days)
    return allowed if allowed > now else None


@dataclass(frozen=True)
class Offer:
    kind: str  # "baseline" (never taken any) or "follow_up" (interval has come round)
    instruments: list[str]


def checkin_offer(*, user: User, now: datetime | None = None) -> Offer | None:
    """The check-in to offer now, or None: nothing is due, or the member said "not now" this interval."""
    now = now or timezone.now()
    window = timedelta(days=interval_days())
    last_skip = Skip.objects.filter(user=user).order_by("-created_at").first()
    if last_skip is not None and now - last_skip.created_at < window:
        return None
    latest: dict[str, datetime] = {}
    for key, taken_at in Response.objects.filter(user=user).values_list("instrument", "taken_at"):
        latest[key] = max(latest.get(key, taken_at), taken_at)
    if not latest:
        return Offer(kind="baseline", instruments=list(INSTRUMENTS))
    due = [key for key in INSTRUMENTS if key not in latest or now - latest[key] >= window]
    return Offer(kind="follow_up", instruments=due) if due else None


def responses_for(*, user: User, instrument: str | None = None) -> QuerySet[Response]:
    """The member's own responses, oldest first."""
    responses = Response.objects.filter(user=user)
    if instrument:
        responses = responses.filter(instrument=instrument)
    return responses.order_by("taken_at", "id")


def latest_by_instrument(*, user: User) -> dict[str, Response]:
    latest: dict[str, Response] = {}
    for response in responses_for(user=user):
        latest[response.instrument] = response
    return latest
