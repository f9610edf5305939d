"""Reads for goals: who may see what, peers, streaks and reminders due."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.core.exceptions import NotFound
from peercircle.goals.constants import REMINDERS_BEFORE_PAUSE, RHYTHM_DAYS, Rhythm, Status
from peercircle.goals.models import Encouragement, Goal, GoalCheckIn, Worksheet
from peercircle.goals.streaks import Streak, is_reminder_hour, kind_streak, reminder_due


def blocked_ids_for(user: User) -> set[int]:
    """People `user` blocked or was blocked by (either way hides everything); empty without the safety app."""
    try:
        from peercircle.safety.selectors import blocked_user_ids
    except ImportError:
        return set()
    return set(blocked_user_ids(user=user))


def peer_ids_for(user: User) -> set[int]:
    """Ids of the people `user` shares a conversation with (their peers); empty if conversations are absent.

    Conversations are a separate app; goals work without it, just with nobody to share with.
    Blocked people (either way) are never peers.
    """
    try:
        from peercircle.conversations.models import Participant
    except ImportError:
        return set()
    conversation_ids = Participant.objects.filter(user=user, left_at__isnull=True).values("conversation_id")
    peers = set(
        Participant.objects.filter(conversation_id__in=conversation_ids, left_at__isnull=True)
        .exclude(user=user)
        .values_list("user_id", flat=True)
    )
    return peers - blocked_ids_for(user)


def peers_for(user: User) -> QuerySet[User]:
    """The member's peers, by handle."""
    return User.objects.filter(pk__in=peer_ids_for(user), is_active=True).order_by("handle")


def access_goal_by_id(user: User, goal_id: int) -> Goal:
    """The member's own goal; NotFound for a missing goal or anybody else's."""
    goal = Goal.objects.filter(pk=goal_id, owner=user).first()
    if goal is None:
        raise NotFound()
    return goal


def access_visible_goal_by_id(user: User, goal_id: int) -> Goal:
    """A goal the member owns or is an accountability partner on; NotFound otherwise."""
    goal = (
        Goal.objects.filter(pk=goal_id)
        .filter(Q(owner=user) | Q(shares__partner=user))
        .select_related("owner")
        .distinct()
        .first()
    )
    if goal is None or (goal.owner_id != user.pk and goal.owner_id in blocked_ids_for(user)):
        raise NotFound()
    return goal


def access_worksheet_by_id(user: User, worksheet_id: int) -> Worksheet:
    """The member's own worksheet; NotFound otherwise."""
    worksheet = Worksheet.objects.filter(pk=worksheet_id, owner=user).first()
    if worksheet is None:
        raise NotFound()
    return worksheet


def access_visible_worksheet_by_id(user: User, worksheet_id: int) -> Worksheet:
    """A worksheet the member owns or that was shared with them; NotFound otherwise."""
    worksheet = (
        Worksheet.objects.filter(pk=worksheet_id)
        .filter(Q(owner=user) | Q(shared_with=user, risk_level__in=["none", "concern"]))
        .select_related("owner", "shared_with")
        .first()
    )
    if worksheet is None or (worksheet.owner_id != user.pk and worksheet.owner_id in blocked_ids_for(user)):
        raise NotFound()
    return worksheet


def goal_list(*, user: User, status: str | None = None) -> QuerySet[Goal]:
    """The member's own goals, newest first, with their partners."""
    goals = Goal.objects.filter(owner=user).prefetch_related("partners")
    if status:
        goals = goals.filter(status=status)
    return goals


def goals_shared_with(*, user: User) -> QuerySet[Goal]:
    """Goals others shared with the member as an accountability partner."""
    return (
        Goal.objects.filter(shares__partner=user)
        .exclude(status=Status.ARCHIVED)
        .exclude(owner_id__in=blocked_ids_for(user))
        .select_related("owner")
        .distinct()
    )


def checkins_visible(*, user: User, goal: Goal) -> QuerySet[GoalCheckIn]:
    """All check-ins for the owner; only those shared with partners for a partner."""
    checkins = goal.checkins.prefetch_related(
        Prefetch("encouragements", queryset=Encouragement.objects.select_related("sender"))
    )
    if goal.owner_id != user.pk:
        # Urgent notes are held from partners, like urgent posts elsewhere; the writer is shown support.
        checkins = checkins.filter(is_shared=True).exclude(risk_level="urgent")
    return checkins


def encouragements_visible(*, user: User, goal: Goal) -> QuerySet[Encouragement]:
    """The owner sees every encouragement on the goal; a partner sees their own."""
    encouragements = goal.encouragements.select_related("sender")
    if goal.owner_id != user.pk:
        encouragements = encouragements.filter(sender=user)
    return encouragements


def encouragement_note_for(*, user: User, encouragement: Encouragement) -> str:
    """The note as `user` may read it: an urgent note is held from the goal's owner (the sender keeps it)."""
    if encouragement.risk_level == "urgent" and encouragement.sender_id != user.pk:
        return ""
    return encouragement.note


def worksheet_list(*, user: User) -> QuerySet[Worksheet]:
    return Worksheet.objects.filter(owner=user)


def worksheets_shared_with(*, user: User) -> QuerySet[Worksheet]:
    return (
        Worksheet.objects.filter(shared_with=user)
        .exclude(risk_level="urgent")
        .exclude(owner_id__in=blocked_ids_for(user))
        .select_related("owner")
    )


def goal_streak(*, goal: Goal, today: datetime | None = None) -> Streak:
    """The goal's kind streak (see streaks.kind_streak)."""
    now = today or timezone.now()
    days = [created.date() for created in goal.checkins.values_list("created_at", flat=True)]
    return kind_streak(
        days, start=goal.created_at.date(), today=now.date(), rhythm_days=RHYTHM_DAYS[Rhythm(goal.rhythm)]
    )


def goals_due_reminder(*, now: datetime | None = None) -> list[Goal]:
    """Active goals whose owner should get a gentle reminder now (only in the owner's local daytime)."""
    now = now or timezone.now()
    goals = (
        Goal.objects.filter(status=Status.ACTIVE, owner__is_active=True)
        .annotate(last_checkin_at=Max("checkins__created_at"))
        .select_related("owner")
    )
    return [
        goal
        for goal in goals
        if is_reminder_hour(now, goal.owner.time_zone)
        and reminder_due(
            now=now,
            started_at=goal.created_at,
            last_checkin_at=goal.last_checkin_at,  # type: ignore[attr-defined]
            last_reminded_at=goal.last_reminded_at,
            reminders_since_checkin=goal.reminders_since_checkin,
            rhythm_days=RHYTHM_DAYS[Rhythm(goal.rhythm)],
            reminders_before_pause=REMINDERS_BEFORE_PAUSE,
            end_date=goal.end_date,
        )
    ]
