"""Kind streaks and reminder timing: pure functions on dates, no database.

A streak counts rhythm periods (days, weeks or fortnights since the goal began) in which the member
checked in at all; "not this time" counts, because showing up is the habit. One quiet period is
forgiven, so life getting in the way once does not wipe out a run. When a run has lapsed we report
the total and nothing else: there is no "streak lost" state to show.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Reminders arrive only in the member's daytime (local hours, start inclusive, end exclusive).
REMINDER_HOURS = (9, 20)

# Quiet periods forgiven between two check-ins before a run starts over.
GRACE_PERIODS = 1


@dataclass(frozen=True, slots=True)
class Streak:
    current: int  # periods with a check-in in the run that is still going (0 if none is going)
    longest: int
    total_checkins: int


def period_index(day: date, *, start: date, rhythm_days: int) -> int:
    return (day - start).days // rhythm_days


def kind_streak(checkin_days: Iterable[date], *, start: date, today: date, rhythm_days: int) -> Streak:
    """Count runs of periods with a check-in, forgiving `GRACE_PERIODS` quiet periods in a row."""
    if rhythm_days < 1:
        raise ValueError("rhythm_days must be at least 1")
    days = list(checkin_days)
    periods = sorted({period_index(max(day, start), start=start, rhythm_days=rhythm_days) for day in days})
    if not periods:
        return Streak(current=0, longest=0, total_checkins=0)
    longest = run = 1
    for previous, current in itertools.pairwise(periods):
        run = run + 1 if current - previous <= GRACE_PERIODS + 1 else 1
        longest = max(longest, run)
    now_period = period_index(today, start=start, rhythm_days=rhythm_days)
    # The run is still going if the member could check in now and keep it.
    is_going = now_period - periods[-1] <= GRACE_PERIODS + 1
    return Streak(current=run if is_going else 0, longest=longest, total_checkins=len(days))


def reminder_due(
    *,
    now: datetime,
    started_at: datetime,
    last_checkin_at: datetime | None,
    last_reminded_at: datetime | None,
    reminders_since_checkin: int,
    rhythm_days: int,
    reminders_before_pause: int,
    end_date: date | None = None,
) -> bool:
    """True when a gentle reminder is due for an active goal.

    Due once a full rhythm period has passed since the last check-in (or since the goal was set) and
    since the last reminder; after `reminders_before_pause` unanswered reminders we stay quiet until the
    member checks in again. Nothing is sent after the goal's end date.
    """
    if end_date is not None and now.date() > end_date:
        return False
    if reminders_since_checkin >= reminders_before_pause:
        return False
    period = timedelta(days=rhythm_days)
    last_activity = max(started_at, last_checkin_at) if last_checkin_at else started_at
    if now - last_activity < period:
        return False
    return last_reminded_at is None or now - last_reminded_at >= period


def is_reminder_hour(now: datetime, time_zone: str) -> bool:
    """True during the member's local daytime; an unknown zone falls back to UTC."""
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    start, end = REMINDER_HOURS
    return start <= now.astimezone(zone).hour < end
