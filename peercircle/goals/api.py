"""JSON API for goals, check-ins, encouragement and worksheets (mounted at /api/v1/goals)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from peercircle.accounts.models import User
from peercircle.core.api import auth_user
from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.core.ratelimit import enforce_rate
from peercircle.goals import selectors, services
from peercircle.goals.constants import ENCOURAGEMENT_TEXT
from peercircle.goals.constants import Status as GoalStatus
from peercircle.goals.models import Goal, GoalCheckIn, Worksheet
from peercircle.goals.schemas import (
    CheckInIn,
    CheckInOut,
    EncourageIn,
    EncouragementOut,
    GoalDetailOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    MakeGoalIn,
    PersonOut,
    RevisionOut,
    ShareIn,
    StatusIn,
    SuggestionIn,
    WorksheetIn,
    WorksheetOut,
    WorksheetPatch,
)

router = Router(tags=["goals"])


def _person(user: User) -> dict[str, Any]:
    return {"id": user.pk, "handle": user.handle}


def goal_out(goal: Goal, viewer: User) -> dict[str, Any]:
    streak = selectors.goal_streak(goal=goal)
    is_mine = goal.owner_id == viewer.pk
    return {
        "id": goal.pk,
        "owner": _person(goal.owner),
        "is_mine": is_mine,
        "title": goal.title,
        "why": goal.why,
        "first_step": goal.first_step,
        "rhythm": goal.rhythm,
        "end_date": goal.end_date,
        "status": goal.status,
        "created_at": goal.created_at,
        # A partner sees only themselves among the partners: who else helps is the owner's business.
        "partners": [_person(p) for p in goal.partners.all() if is_mine or p.pk == viewer.pk],
        "streak": {
            "current": streak.current,
            "longest": streak.longest,
            "total_checkins": streak.total_checkins,
        },
    }


def _checkin_out(checkin: GoalCheckIn) -> dict[str, Any]:
    return {
        "id": checkin.pk,
        "progress": checkin.progress,
        "note": checkin.note,
        "mood": checkin.mood,
        "is_shared": checkin.is_shared,
        "created_at": checkin.created_at,
    }


def goal_detail_out(goal: Goal, viewer: User) -> dict[str, Any]:
    return {
        **goal_out(goal, viewer),
        "checkins": [_checkin_out(c) for c in selectors.checkins_visible(user=viewer, goal=goal)],
        "encouragements": [
            {
                "id": e.pk,
                "sender": _person(e.sender),
                "kind": e.kind,
                "message": str(ENCOURAGEMENT_TEXT.get(e.kind, "")),
                "note": selectors.encouragement_note_for(user=viewer, encouragement=e),
                "checkin_id": e.checkin_id,
                "created_at": e.created_at,
            }
            for e in selectors.encouragements_visible(user=viewer, goal=goal)
        ],
    }


def worksheet_out(worksheet: Worksheet, viewer: User) -> dict[str, Any]:
    return {
        "id": worksheet.pk,
        "owner": _person(worksheet.owner),
        "is_mine": worksheet.owner_id == viewer.pk,
        "problem": worksheet.problem,
        "options": worksheet.options,
        "chosen": worksheet.chosen,
        "first_step": worksheet.first_step,
        "review": worksheet.review,
        "shared_with": _person(worksheet.shared_with) if worksheet.shared_with else None,
        "goal_id": worksheet.goal_id,
        "suggestions": worksheet.suggestions,
        "updated_at": worksheet.updated_at,
    }


@router.get("/peers", response=list[PersonOut])
def peers(request: HttpRequest) -> list[dict[str, Any]]:
    """People the member may share a goal or worksheet with."""
    return [_person(p) for p in selectors.peers_for(auth_user(request))]


@router.get("/", response=list[GoalOut])
def goal_list(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    user = auth_user(request)
    return [goal_out(g, user) for g in selectors.goal_list(user=user, status=status)]


@router.get("/shared-with-me", response=list[GoalOut])
def shared_with_me(request: HttpRequest) -> list[dict[str, Any]]:
    user = auth_user(request)
    return [goal_out(g, user) for g in selectors.goals_shared_with(user=user)]


@router.post("/", response={201: GoalDetailOut})
def goal_create(request: HttpRequest, payload: GoalIn) -> Status:
    user = auth_user(request)
    enforce_rate(request, group="goals.create", rate="30/h")
    goal = services.goal_create(owner=user, **payload.dict())
    return Status(201, goal_detail_out(goal, user))


@router.get("/{int:goal_id}", response=GoalDetailOut)
def goal_detail(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    user = auth_user(request)
    return goal_detail_out(selectors.access_visible_goal_by_id(user, goal_id), user)


@router.patch("/{int:goal_id}", response=GoalDetailOut)
def goal_update(request: HttpRequest, goal_id: int, payload: GoalPatch) -> dict[str, Any]:
    user = auth_user(request)
    goal = selectors.access_goal_by_id(user, goal_id)
    services.goal_update(goal=goal, editor=user, data=payload.dict(exclude_unset=True))
    return goal_detail_out(goal, user)


@router.get("/{int:goal_id}/history", response=list[RevisionOut])
def goal_history(request: HttpRequest, goal_id: int) -> Any:
    goal = selectors.access_goal_by_id(auth_user(request), goal_id)
    return list(goal.revisions.all())


@router.put("/{int:goal_id}/partners", response=GoalDetailOut)
def goal_partners(request: HttpRequest, goal_id: int, payload: ShareIn) -> dict[str, Any]:
    user = auth_user(request)
    goal = selectors.access_goal_by_id(user, goal_id)
    services.goal_share_set(goal=goal, partner_ids=payload.partner_ids)
    return goal_detail_out(goal, user)


@router.post("/{int:goal_id}/status", response=GoalDetailOut)
def goal_status(request: HttpRequest, goal_id: int, payload: StatusIn) -> dict[str, Any]:
    user = auth_user(request)
    goal = selectors.access_goal_by_id(user, goal_id)
    actions = {
        GoalStatus.COMPLETED: services.goal_complete,
        GoalStatus.ARCHIVED: services.goal_archive,
        GoalStatus.ACTIVE: services.goal_reopen,
    }
    if payload.status not in actions:
        raise ApplicationError(
            _("Choose active, completed or archived."), fields={"status": [_("Not valid.")]}
        )
    actions[GoalStatus(payload.status)](goal=goal)
    return goal_detail_out(goal, user)


@router.post("/{int:goal_id}/checkins", response={201: CheckInOut})
def checkin_create(request: HttpRequest, goal_id: int, payload: CheckInIn) -> Status:
    user = auth_user(request)
    goal = selectors.access_goal_by_id(user, goal_id)
    enforce_rate(request, group="goals.checkin", rate="60/h")
    checkin = services.goal_checkin_create(goal=goal, user=user, **payload.dict())
    return Status(201, _checkin_out(checkin))


@router.post("/{int:goal_id}/encouragements", response={201: EncouragementOut})
def encourage(request: HttpRequest, goal_id: int, payload: EncourageIn) -> Status:
    user = auth_user(request)
    goal = selectors.access_visible_goal_by_id(user, goal_id)
    enforce_rate(request, group="goals.encourage", rate="30/h")
    checkin = None
    if payload.checkin_id is not None:
        checkin = GoalCheckIn.objects.filter(pk=payload.checkin_id, goal=goal, is_shared=True).first()
        if checkin is None:
            raise NotFound()
    encouragement = services.goal_encourage(
        goal=goal, sender=user, kind=payload.kind, note=payload.note, checkin=checkin
    )
    return Status(
        201,
        {
            "id": encouragement.pk,
            "sender": _person(user),
            "kind": encouragement.kind,
            "message": str(ENCOURAGEMENT_TEXT[encouragement.kind]),
            "note": encouragement.note,
            "checkin_id": encouragement.checkin_id,
            "created_at": encouragement.created_at,
        },
    )


@router.get("/worksheets", response=list[WorksheetOut])
def worksheet_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = auth_user(request)
    mine = list(selectors.worksheet_list(user=user))
    shared = list(selectors.worksheets_shared_with(user=user))
    return [worksheet_out(w, user) for w in [*mine, *shared]]


@router.post("/worksheets", response={201: WorksheetOut})
def worksheet_create(request: HttpRequest, payload: WorksheetIn) -> Status:
    user = auth_user(request)
    enforce_rate(request, group="goals.worksheet", rate="30/h")
    worksheet = services.worksheet_create(owner=user, data=payload.dict())
    return Status(201, worksheet_out(worksheet, user))


@router.get("/worksheets/{int:worksheet_id}", response=WorksheetOut)
def worksheet_detail(request: HttpRequest, worksheet_id: int) -> dict[str, Any]:
    user = auth_user(request)
    return worksheet_out(selectors.access_visible_worksheet_by_id(user, worksheet_id), user)


@router.patch("/worksheets/{int:worksheet_id}", response=WorksheetOut)
def worksheet_update(request: HttpRequest, worksheet_id: int, payload: WorksheetPatch) -> dict[str, Any]:
    user = auth_user(request)
    worksheet = selectors.access_worksheet_by_id(user, worksheet_id)
    services.worksheet_update(worksheet=worksheet, data=payload.dict(exclude_unset=True))
    return worksheet_out(worksheet, user)


@router.post("/worksheets/{int:worksheet_id}/suggestions", response={201: WorksheetOut})
def worksheet_suggest(request: HttpRequest, worksheet_id: int, payload: SuggestionIn) -> Status:
    """The peer a worksheet is shared with suggests an option."""
    user = auth_user(request)
    worksheet = selectors.access_visible_worksheet_by_id(user, worksheet_id)
    enforce_rate(request, group="goals.suggest", rate="30/h")
    worksheet = services.worksheet_suggest(worksheet=worksheet, user=user, text=payload.text)
    return Status(201, worksheet_out(worksheet, user))


@router.post("/worksheets/{int:worksheet_id}/goal", response={201: GoalDetailOut})
def worksheet_make_goal(request: HttpRequest, worksheet_id: int, payload: MakeGoalIn) -> Status:
    user = auth_user(request)
    worksheet = selectors.access_worksheet_by_id(user, worksheet_id)
    goal = services.worksheet_make_goal(worksheet=worksheet, rhythm=payload.rhythm)
    return Status(201, goal_detail_out(goal, user))
