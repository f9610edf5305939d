"""The safety API: crisis card state, safety plan, reports, blocks, and the moderator routes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from peercircle.accounts.models import User
from peercircle.core.api import auth_user
from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.core.ratelimit import enforce_rate
from peercircle.safety import moderation, selectors, services
from peercircle.safety.crisis import escalation_mark_not_crisis
from peercircle.safety.models import Escalation, Report
from peercircle.safety.schemas import (
    CrisisResourceOut,
    CrisisStateOut,
    EscalationCloseIn,
    EscalationNoteIn,
    EscalationOut,
    ModerationActionIn,
    ModerationActionOut,
    PrecisionOut,
    QueueItemOut,
    ReportDetailOut,
    SafetyBlockIn,
    SafetyBlockOut,
    SafetyOkOut,
    SafetyPlanIn,
    SafetyPlanOut,
    SafetyReportIn,
    SafetyReportOut,
)

router = Router(tags=["safety"])


# --- members ------------------------------------------------------------------------------------------


@router.get("/resources", auth=None, response=list[CrisisResourceOut])
def resources(request: HttpRequest, country: str = "") -> list[dict[str, Any]]:
    """Crisis services for a country (the member's own when logged in), the suggested one first: for a
    member under 18, the country's service for young people when there is a confirmed one."""
    return selectors.resources_for_viewer(viewer=request.user, country=country[:4])


@router.get("/crisis/card", response=CrisisStateOut)
def crisis_card(request: HttpRequest, conversation_id: int | None = None) -> dict[str, Any]:
    """The crisis card (or peer guidance) the member should see now, if any."""
    card = selectors.crisis_card_for(user=auth_user(request), conversation_id=conversation_id)
    return {"card": card.as_dict() if card else None}


@router.post("/escalations/{escalation_id}/not-crisis", response=SafetyOkOut)
def not_crisis(request: HttpRequest, escalation_id: int) -> dict[str, bool]:
    """The member says this is not a crisis; moderators still see the escalation and this answer."""
    escalation_mark_not_crisis(member=auth_user(request), escalation_id=escalation_id)
    return {"ok": True}


def _plan_out(user: User) -> dict[str, Any]:
    plan = selectors.safety_plan_get(user=user)
    data: dict[str, Any] = {name: getattr(plan, name) if plan else "" for name in SafetyPlanIn.model_fields}
    data["updated_at"] = plan.updated_at if plan else None
    data["professionals_suggestion"] = selectors.safety_plan_suggestions(user=user)
    return data


@router.get("/plan", response=SafetyPlanOut)
def plan_get(request: HttpRequest) -> dict[str, Any]:
    """Your own safety plan. There is no route to anyone else's."""
    return _plan_out(auth_user(request))


@router.put("/plan", response=SafetyPlanOut)
def plan_put(request: HttpRequest, payload: SafetyPlanIn) -> dict[str, Any]:
    user = auth_user(request)
    services.safety_plan_update(user=user, data=payload.dict(exclude_unset=True))
    return _plan_out(user)


@router.post("/reports", response={201: SafetyReportOut})
def report_create(request: HttpRequest, payload: SafetyReportIn) -> Status:
    enforce_rate(request, group="safety.report", rate="30/h")
    report = services.report_create(reporter=auth_user(request), **payload.dict())
    return Status(201, report)


def _block_out(block: Any) -> dict[str, Any]:
    return {"user_id": block.blocked_id, "handle": block.blocked.handle, "created_at": block.created_at}


@router.get("/blocks", response=list[SafetyBlockOut])
def blocks(request: HttpRequest) -> list[dict[str, Any]]:
    return [_block_out(b) for b in selectors.block_list(user=auth_user(request))]


@router.post("/blocks", response={201: SafetyBlockOut})
def block_create(request: HttpRequest, payload: SafetyBlockIn) -> Status:
    user = auth_user(request)
    if payload.user_id is not None:
        target = User.objects.filter(pk=payload.user_id, is_active=True).first()
    elif payload.handle:
        target = User.objects.filter(handle__iexact=payload.handle, is_active=True).first()
    else:
        raise ApplicationError("Say who to block.", code="validation_error")
    if target is None:
        raise NotFound()
    block = services.block_create(blocker=user, blocked=target)
    return Status(201, _block_out(block))


@router.delete("/blocks/{user_id}", response={204: None})
def block_remove(request: HttpRequest, user_id: int) -> Status:
    user = auth_user(request)
    if not selectors.block_list(user=user).filter(blocked_id=user_id).exists():
        raise NotFound()
    target = User.objects.get(pk=user_id)
    services.block_remove(blocker=user, blocked=target)
    return Status(204, None)


# --- moderators ---------------------------------------------------------------------------------------


@router.get("/moderation/queue", response=list[QueueItemOut])
def queue(request: HttpRequest) -> list[dict[str, Any]]:
    """Open escalations (urgent first, longest waiting first) and open reports."""
    items = selectors.moderation_queue(moderator=auth_user(request))
    return [{**item.__dict__, "waiting_seconds": item.waiting_seconds()} for item in items]


def escalation_out(escalation: Escalation) -> dict[str, Any]:
    return {
        "id": escalation.pk,
        "member_handle": escalation.member.handle,
        "level": escalation.level,
        "first_level": escalation.first_level,
        "status": escalation.status,
        "content_type": escalation.content_type,
        "content_id": escalation.content_id,
        "conversation_id": escalation.conversation_id,
        "reasons": list(escalation.reasons),
        "signal_count": escalation.signal_count,
        "waiting_since": selectors.waiting_since(escalation),
        "realert_count": escalation.realert_count,
        "acknowledged_by": escalation.acknowledged_by.handle if escalation.acknowledged_by else None,
        "acknowledged_at": escalation.acknowledged_at,
        "joined_at": escalation.joined_at,
        "closed_at": escalation.closed_at,
        "outcome": escalation.outcome,
        "member_said_not_crisis": escalation.member_said_not_crisis,
        "notes": escalation.notes,
        "context": selectors.escalation_context(escalation),
    }


@router.get("/moderation/escalations/{escalation_id}", response=EscalationOut)
def escalation_detail(request: HttpRequest, escalation_id: int) -> dict[str, Any]:
    """Open an escalation (audited)."""
    return escalation_out(
        moderation.escalation_view(moderator=auth_user(request), escalation_id=escalation_id)
    )


@router.post("/moderation/escalations/{escalation_id}/acknowledge", response=EscalationOut)
def escalation_acknowledge(request: HttpRequest, escalation_id: int) -> dict[str, Any]:
    escalation = moderation.escalation_acknowledge(escalation_id=escalation_id, moderator=auth_user(request))
    return escalation_out(escalation)


@router.post("/moderation/escalations/{escalation_id}/join", response=EscalationOut)
def escalation_join(request: HttpRequest, escalation_id: int) -> dict[str, Any]:
    return escalation_out(
        moderation.escalation_join(escalation_id=escalation_id, moderator=auth_user(request))
    )


@router.post("/moderation/escalations/{escalation_id}/notes", response=EscalationOut)
def escalation_note(request: HttpRequest, escalation_id: int, payload: EscalationNoteIn) -> dict[str, Any]:
    escalation = moderation.escalation_note_add(
        escalation_id=escalation_id, moderator=auth_user(request), text=payload.text
    )
    return escalation_out(escalation)


@router.post("/moderation/escalations/{escalation_id}/close", response=EscalationOut)
def escalation_close(request: HttpRequest, escalation_id: int, payload: EscalationCloseIn) -> dict[str, Any]:
    escalation = moderation.escalation_close(
        escalation_id=escalation_id, moderator=auth_user(request), outcome=payload.outcome, note=payload.note
    )
    return escalation_out(escalation)


@router.post("/moderation/escalations/{escalation_id}/action", response=ModerationActionOut)
def escalation_action(
    request: HttpRequest, escalation_id: int, payload: ModerationActionIn
) -> dict[str, Any]:
    return moderation.moderation_act(
        moderator=auth_user(request), escalation_id=escalation_id, **payload.dict()
    )


def report_out(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "target_type": report.target_type,
        "target_id": report.target_id,
        "category": report.category,
        "note": report.note,
        "status": report.status,
        "created_at": report.created_at,
        "reported_handle": report.reported_user.handle if report.reported_user else None,
        "reporter_dismissed_count": selectors.reporter_dismissed_count(reporter=report.reporter),
        "context": moderation.report_context(report=report),
    }


@router.get("/moderation/reports/{report_id}", response=ReportDetailOut)
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """Open a report (audited)."""
    return report_out(moderation.report_view(moderator=auth_user(request), report_id=report_id))


@router.post("/moderation/reports/{report_id}/action", response=ModerationActionOut)
def report_action(request: HttpRequest, report_id: int, payload: ModerationActionIn) -> dict[str, Any]:
    return moderation.moderation_act(moderator=auth_user(request), report_id=report_id, **payload.dict())


@router.get("/moderation/precision", response=PrecisionOut)
def precision(request: HttpRequest) -> dict[str, Any]:
    """Production precision per level, from moderators' outcomes."""
    selectors.require_moderator(auth_user(request))
    return {"levels": selectors.escalation_precision()}
