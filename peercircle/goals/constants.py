"""Fixed vocabularies and limits of the goals domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 120
WHY_MAX = 500
FIRST_STEP_MAX = 200
NOTE_MAX = 280
ENCOURAGEMENT_MAX = 280
PROBLEM_MAX = 1000
OPTION_TEXT_MAX = 200
PROS_CONS_MAX = 400
REVIEW_MAX = 1000
OPTIONS_MAX = 6
PARTNERS_MAX = 5
SUGGESTIONS_MAX = 10

# After this many reminders without a check-in we stop nudging until the member checks in again:
# a reminder nobody answers is pressure, not support.
REMINDERS_BEFORE_PAUSE = 3


class Rhythm(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")


RHYTHM_DAYS = {Rhythm.DAILY: 1, Rhythm.WEEKLY: 7, Rhythm.FORTNIGHTLY: 14}


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class Progress(models.TextChoices):
    DID_IT = "did_it", _("I did it")
    PARTLY = "partly", _("Partly")
    NOT_THIS_TIME = "not_this_time", _("Not this time")


MOODS = [
    (1, _("Very low")),
    (2, _("Low")),
    (3, _("Okay")),
    (4, _("Good")),
    (5, _("Very good")),
]

# Encouragement is picked from kind, ready-made words (plus an optional note), so a partner can cheer
# someone on in one tap.
ENCOURAGEMENTS = [
    ("keep_going", _("Keep going, you've got this.")),
    ("proud", _("Proud of you for checking in.")),
    ("small_steps", _("Small steps count.")),
    ("thinking_of_you", _("Thinking of you.")),
]
ENCOURAGEMENT_TEXT = dict(ENCOURAGEMENTS)
