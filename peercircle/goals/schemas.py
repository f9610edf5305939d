from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from peercircle.goals.constants import (
    ENCOURAGEMENT_MAX,
    FIRST_STEP_MAX,
    NOTE_MAX,
    OPTION_TEXT_MAX,
    PROBLEM_MAX,
    PROS_CONS_MAX,
    REVIEW_MAX,
    TITLE_MAX,
    WHY_MAX,
)


class GoalIn(Schema):
    title: str = Field(..., max_length=TITLE_MAX)
    why: str = Field("", max_length=WHY_MAX)
    first_step: str = Field("", max_length=FIRST_STEP_MAX)
    rhythm: str = "weekly"
    end_date: dt.date | None = None
    partner_ids: list[int] = []


class GoalPatch(Schema):
    title: str | None = Field(None, max_length=TITLE_MAX)
    why: str | None = Field(None, max_length=WHY_MAX)
    first_step: str | None = Field(None, max_length=FIRST_STEP_MAX)
    rhythm: str | None = None
    end_date: dt.date | None = None


class ShareIn(Schema):
    partner_ids: list[int]


class StatusIn(Schema):
    status: str  # active | completed | archived


class PersonOut(Schema):
    id: int
    handle: str


class StreakOut(Schema):
    current: int
    longest: int
    total_checkins: int


class EncouragementOut(Schema):
    id: int
    sender: PersonOut
    kind: str
    message: str
    note: str
    checkin_id: int | None
    created_at: dt.datetime


class CheckInOut(Schema):
    id: int
    progress: str
    note: str
    mood: int
    is_shared: bool
    created_at: dt.datetime


class GoalOut(Schema):
    id: int
    owner: PersonOut
    is_mine: bool
    title: str
    why: str
    first_step: str
    rhythm: str
    end_date: dt.date | None
    status: str
    created_at: dt.datetime
    partners: list[PersonOut]
    streak: StreakOut


class GoalDetailOut(GoalOut):
    checkins: list[CheckInOut]
    encouragements: list[EncouragementOut]


class RevisionOut(Schema):
    action: str
    changes: dict[str, list[object]]
    created_at: dt.datetime


class CheckInIn(Schema):
    progress: str
    mood: int = Field(..., ge=1, le=5)
    note: str = Field("", max_length=NOTE_MAX)
    is_shared: bool = True


class EncourageIn(Schema):
    kind: str
    note: str = Field("", max_length=ENCOURAGEMENT_MAX)
    checkin_id: int | None = None


class OptionIO(Schema):
    text: str = Field(..., max_length=OPTION_TEXT_MAX)
    pros: str = Field("", max_length=PROS_CONS_MAX)
    cons: str = Field("", max_length=PROS_CONS_MAX)


class WorksheetIn(Schema):
    problem: str = Field(..., max_length=PROBLEM_MAX)
    options: list[OptionIO] = []
    chosen: int | None = None
    first_step: str = Field("", max_length=FIRST_STEP_MAX)
    review: str = Field("", max_length=REVIEW_MAX)
    shared_with_id: int | None = None


class WorksheetPatch(Schema):
    problem: str | None = Field(None, max_length=PROBLEM_MAX)
    options: list[OptionIO] | None = None
    chosen: int | None = None
    first_step: str | None = Field(None, max_length=FIRST_STEP_MAX)
    review: str | None = Field(None, max_length=REVIEW_MAX)
    shared_with_id: int | None = None


class SuggestionOut(Schema):
    text: str
    by: str
    at: str


class SuggestionIn(Schema):
    text: str = Field(..., max_length=OPTION_TEXT_MAX)


class WorksheetOut(Schema):
    id: int
    owner: PersonOut
    is_mine: bool
    problem: str
    options: list[OptionIO]
    chosen: int | None
    first_step: str
    review: str
    shared_with: PersonOut | None
    goal_id: int | None
    suggestions: list[SuggestionOut]
    updated_at: dt.datetime


class MakeGoalIn(Schema):
    rhythm: str = "weekly"
