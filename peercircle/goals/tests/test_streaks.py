from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from peercircle.goals.streaks import is_reminder_hour, kind_streak, reminder_due

START = date(2026, 1, 5)


def test_daily_streak_counts_consecutive_days_and_forgives_one_quiet_day():
    days = [START, START + timedelta(1), START + timedelta(3), START + timedelta(4)]
    streak = kind_streak(days, start=START, today=START + timedelta(4), rhythm_days=1)
    assert streak.current == 4  # day 2 was quiet and forgiven
    assert streak.longest == 4
    assert streak.total_checkins == 4


def test_two_quiet_periods_start_a_new_run_but_keep_the_longest():
    days = [START, START + timedelta(1), START + timedelta(2), START + timedelta(6)]
    streak = kind_streak(days, start=START, today=START + timedelta(6), rhythm_days=1)
    assert streak.current == 1
    assert streak.longest == 3


def test_a_lapsed_run_reports_zero_current_and_keeps_totals():
    days = [START, START + timedelta(7)]
    streak = kind_streak(days, start=START, today=START + timedelta(60), rhythm_days=7)
    assert streak.current == 0
    assert streak.longest == 2
    assert streak.total_checkins == 2


def test_weekly_rhythm_counts_weeks_not_days():
    days = [START, START + timedelta(2), START + timedelta(8), START + timedelta(15)]
    streak = kind_streak(days, start=START, today=START + timedelta(16), rhythm_days=7)
    assert streak.current == 3
    assert streak.total_checkins == 4


@given(st.lists(st.integers(min_value=0, max_value=200), max_size=40), st.sampled_from([1, 7, 14]))
def test_streak_invariants(offsets, rhythm_days):
    days = [START + timedelta(o) for o in offsets]
    streak = kind_streak(days, start=START, today=START + timedelta(200), rhythm_days=rhythm_days)
    assert 0 <= streak.current <= streak.longest <= max(1, len(days))
    assert streak.total_checkins == len(days)


NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _due(**overrides):
    args = {
        "now": NOW,
        "started_at": NOW - timedelta(days=10),
        "last_checkin_at": None,
        "last_reminded_at": None,
        "reminders_since_checkin": 0,
        "rhythm_days": 7,
        "reminders_before_pause": 3,
        "end_date": None,
    }
    args.update(overrides)
    return reminder_due(**args)


def test_reminder_due_after_a_full_period_without_a_checkin():
    assert _due()
    assert not _due(last_checkin_at=NOW - timedelta(days=2))
    assert _due(last_checkin_at=NOW - timedelta(days=7))


def test_no_reminder_within_a_period_of_the_last_reminder():
    assert not _due(last_reminded_at=NOW - timedelta(days=6))
    assert _due(last_reminded_at=NOW - timedelta(days=7))


def test_reminders_pause_after_three_unanswered_and_stop_after_the_end_date():
    assert not _due(reminders_since_checkin=3)
    assert not _due(end_date=date(2026, 2, 28))
    assert _due(end_date=date(2026, 3, 1))


def test_a_new_goal_waits_a_full_period_before_the_first_nudge():
    assert not _due(started_at=NOW - timedelta(hours=20), rhythm_days=1)
    assert _due(started_at=NOW - timedelta(hours=25), rhythm_days=1)


def test_reminders_only_in_the_members_daytime():
    noon_utc = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert is_reminder_hour(noon_utc, "Europe/London")
    assert not is_reminder_hour(noon_utc, "Pacific/Auckland")  # 01:00 there
    assert not is_reminder_hour(datetime(2026, 3, 1, 20, tzinfo=UTC), "Europe/London")
    assert is_reminder_hour(noon_utc, "Not/AZone")  # falls back to UTC
