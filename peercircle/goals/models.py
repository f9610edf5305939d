"""Goals with accountability partners, kind check-ins, revision history, and problem-solving worksheets."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peercircle.core.models import BaseModel
from peercircle.goals.constants import (
    ENCOURAGEMENT_MAX,
    ENCOURAGEMENTS,
    FIRST_STEP_MAX,
    NOTE_MAX,
    PROBLEM_MAX,
    REVIEW_MAX,
    TITLE_MAX,
    WHY_MAX,
    Progress,
    Rhythm,
    Status,
)


class Goal(BaseModel):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("my goal"), max_length=TITLE_MAX)
    why = models.TextField(_("why it matters to me"), max_length=WHY_MAX, blank=True)
    first_step = models.CharField(_("my first small step"), max_length=FIRST_STEP_MAX, blank=True)
    rhythm = models.CharField(_("check in"), max_length=12, choices=Rhythm.choices, default=Rhythm.WEEKLY)
    end_date = models.DateField(_("end date (optional)"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    completed_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    partners: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="GoalShare", related_name="partner_goals", blank=True
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_since_checkin = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE


class GoalShare(BaseModel):
    """One accountability partner of a goal: they see the goal and the check-ins shared with partners."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goal_shares"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["goal", "partner"], name="goals_share_unique")]


class GoalRevision(BaseModel):
    """What a goal said before a change: history is kept, never overwritten."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "created", "changed", "completed", "archived", "reopened"
    action = models.CharField(max_length=12)
    # {field: [before, after]} for the fields that changed.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class GoalCheckIn(BaseModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="checkins")
    progress = models.CharField(max_length=15, choices=Progress.choices)
    note = models.CharField(_("a short note (optional)"), max_length=NOTE_MAX, blank=True)
    mood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    is_shared = models.BooleanField(_("share this check-in with my partners"), default=True)
    risk_level = models.CharField(max_length=10, default="none")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mood__gte=1, mood__lte=5), name="goals_checkin_mood_1_5"
            )
        ]


class Encouragement(BaseModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="encouragements")
    checkin = models.ForeignKey(
        GoalCheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="encouragements"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ENCOURAGEMENTS)
    note = models.CharField(max_length=ENCOURAGEMENT_MAX, blank=True)
    risk_level = models.CharField(max_length=10, default="none")

    class Meta:
        ordering = ["-created_at", "-id"]


class Worksheet(BaseModel):
    """A guided problem-solving worksheet: problem, options with pros and cons, a choice, a step, a review.

    `options` is a list of {"text", "pros", "cons"}; `chosen` indexes it.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worksheets")
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_worksheets",
    )
    problem = models.TextField(_("the problem, in a sentence or two"), max_length=PROBLEM_MAX)
    options = models.JSONField(default=list, blank=True)
    chosen = models.PositiveSmallIntegerField(null=True, blank=True)
    first_step = models.CharField(_("my first step"), max_length=FIRST_STEP_MAX, blank=True)
    review = models.TextField(_("how it went"), max_length=REVIEW_MAX, blank=True)
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    risk_level = models.CharField(max_length=10, default="none")
    # Ideas from the peer it is shared with: [{"text", "by" (handle), "at" (ISO time)}].
    suggestions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    @property
    def chosen_text(self) -> str:
        if self.chosen is None or self.chosen >= len(self.options):
            return ""
        return str(self.options[self.chosen].get("text", ""))
