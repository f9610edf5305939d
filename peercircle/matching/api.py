"""The matching JSON API: ask, follow the status, answer proposals, end, reconnect; admin settings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from peercircle.core.api import ErrorOut, auth_user
from peercircle.core.exceptions import PermissionDenied
from peercircle.core.ratelimit import enforce_rate
from peercircle.matching import selectors, services
from peercircle.matching.models import Match, MatchRequest
from peercircle.matching.schemas import (
    EndIn,
    FeedbackIn,
    MatchOut,
    RequestIn,
    RequestOut,
    SettingsIn,
    SettingsOut,
    StatusOut,
)

router = Router(tags=["matching"])
ERRORS: dict[int, type[ErrorOut]] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    429: ErrorOut,
}


def _match(request: HttpRequest, match_id: int) -> tuple[Any, Match]:
    user = auth_user(request)
    return user, selectors.access_match_by_id(user=user, match_id=match_id)


def _out(match: Match, user: Any) -> dict[str, Any]:
    match = selectors.access_match_by_id(user=user, match_id=match.pk)  # fresh, with sides
    return selectors.match_summary(match=match, user=user)


@router.get("/status", response=StatusOut)
def status(request: HttpRequest) -> dict[str, Any]:
    """My open request, the proposal waiting for an answer, my active matches, and my capacity."""
    user = auth_user(request)
    state = selectors.match_status(user=user)
    return {
        "request": state["request"],
        "proposal": selectors.match_summary(match=state["proposal"], user=user)
        if state["proposal"]
        else None,
        "active": [selectors.match_summary(match=m, user=user) for m in state["active"]],
        "capacity": state["capacity"],
    }


@router.post("/request", response={201: RequestOut, **ERRORS})
def request_create(request: HttpRequest, payload: RequestIn) -> Status:
    """Ask for support (intent get), offer it (give) or both; a proposal may be made at once."""
    user = auth_user(request)
    enforce_rate(request, group="matching.request", rate="30/h")
    return Status(201, services.match_request_create(member=user, intent=payload.intent))


@router.post("/request/cancel", response={200: RequestOut, **ERRORS})
def request_cancel(request: HttpRequest) -> MatchRequest:
    return services.match_request_cancel(member=auth_user(request))


@router.get("/proposals", response=list[MatchOut])
def proposals(request: HttpRequest) -> list[dict[str, Any]]:
    """Proposals waiting for an answer (at most one: a member considers one peer at a time)."""
    user = auth_user(request)
    pending = selectors.pending_match_for(user=user)
    return [selectors.match_summary(match=pending, user=user)] if pending else []


@router.get("/matches", response=list[MatchOut])
def matches(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    """All my matches, newest first; `?status=active` (or proposed, ended...) to filter."""
    user = auth_user(request)
    statuses = [status] if status else None
    return [
        selectors.match_summary(match=m, user=user)
        for m in selectors.matches_for(user=user, statuses=statuses)
    ]


@router.get("/matches/{match_id}", response={200: MatchOut, **ERRORS})
def match_detail(request: HttpRequest, match_id: int) -> dict[str, Any]:
    user, match = _match(request, match_id)
    return selectors.match_summary(match=match, user=user)


@router.post("/matches/{match_id}/accept", response={200: MatchOut, **ERRORS})
def accept(request: HttpRequest, match_id: int) -> dict[str, Any]:
    user, match = _match(request, match_id)
    return _out(services.match_accept(match=match, user=user), user)


@router.post("/matches/{match_id}/decline", response={200: MatchOut, **ERRORS})
def decline(request: HttpRequest, match_id: int) -> dict[str, Any]:
    """Not this peer, and stop looking for now."""
    user, match = _match(request, match_id)
    return _out(services.match_decline(match=match, user=user), user)


@router.post("/matches/{match_id}/skip", response={200: MatchOut, **ERRORS})
def skip(request: HttpRequest, match_id: int) -> dict[str, Any]:
    """Not this peer: keep looking for someone else."""
    user, match = _match(request, match_id)
    return _out(services.match_decline(match=match, user=user, is_skip=True), user)


@router.post("/matches/{match_id}/end", response={200: MatchOut, **ERRORS})
def end(request: HttpRequest, match_id: int, payload: EndIn) -> dict[str, Any]:
    user, match = _match(request, match_id)
    ended = services.match_end(
        match=match, user=user, helpful=payload.helpful, is_safety_concern=payload.safety_concern
    )
    return _out(ended, user)


@router.post("/matches/{match_id}/feedback", response={200: MatchOut, **ERRORS})
def feedback(request: HttpRequest, match_id: int, payload: FeedbackIn) -> dict[str, Any]:
    user, match = _match(request, match_id)
    services.match_feedback(match=match, user=user, helpful=payload.helpful)
    return _out(match, user)


@router.post("/matches/{match_id}/reconnect", response={201: MatchOut, **ERRORS})
def reconnect(request: HttpRequest, match_id: int) -> Status:
    """Ask a past peer to talk again (a proposal they can accept or decline)."""
    user, match = _match(request, match_id)
    enforce_rate(request, group="matching.request", rate="30/h")
    return Status(201, _out(services.match_reconnect(match=match, user=user), user))


@router.post("/matches/{match_id}/rematch", response={201: RequestOut, **ERRORS})
def rematch(request: HttpRequest, match_id: int) -> Status:
    """End (or skip) this match and look for someone new."""
    user, match = _match(request, match_id)
    enforce_rate(request, group="matching.request", rate="30/h")
    return Status(201, services.match_rematch(match=match, user=user))


def _require_admin(request: HttpRequest) -> Any:
    user = auth_user(request)
    if not user.is_admin_role:
        raise PermissionDenied(_("Only admins can see or change matching settings."))
    return user


@router.get("/settings", response={200: SettingsOut, **ERRORS})
def settings_get(request: HttpRequest) -> Any:
    _require_admin(request)
    return selectors.matching_settings()


@router.put("/settings", response={200: SettingsOut, **ERRORS})
def settings_put(request: HttpRequest, payload: SettingsIn) -> Any:
    user = _require_admin(request)
    return services.matching_settings_update(actor=user, data=payload.dict(exclude_none=True))
