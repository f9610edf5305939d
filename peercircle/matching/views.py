"""Matching pages: thin views over services and selectors; the status panel is polled with htmx."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from peercircle.accounts.constants import Intent
from peercircle.accounts.models import Profile, User
from peercircle.core.exceptions import ApplicationError
from peercircle.core.ratelimit import enforce_rate
from peercircle.matching import selectors, services
from peercircle.matching.models import HELPFUL_MAX, HELPFUL_MIN, Match

POLL_SECONDS = 2


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _status_context(user: User) -> dict[str, Any]:
    state = selectors.match_status(user=user)
    proposal = selectors.match_summary(match=state["proposal"], user=user) if state["proposal"] else None
    active = [selectors.match_summary(match=m, user=user) for m in state["active"]]
    profile = Profile.objects.filter(user=user).first()
    fingerprint = repr(
        (
            state["request"].status if state["request"] else None,
            proposal and (proposal["id"], proposal["i_accepted"], proposal["peer_accepted"]),
            [m["id"] for m in active],
        )
    )
    return {
        "open_request": state["request"],
        "proposal": proposal,
        "active_matches": active,
        "capacity": state["capacity"],
        "has_situation": bool(profile and profile.situation.strip()),
        "profile_intent": profile.intent if profile else Intent.GET,
        "intent_choices": Intent.choices,
        "state_token": hashlib.sha256(fingerprint.encode()).hexdigest()[:12],
        "poll_seconds": POLL_SECONDS,
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = _status_context(user)
    past = []
    for match in selectors.past_matches_for(user=user):
        summary = selectors.match_summary(match=match, user=user)
        peer = selectors.peer_side_of(match, user).user
        summary["can_reconnect"] = not match.ended_with_safety_report and not peer.is_suspended
        past.append(summary)
    context.update({"past_matches": past, "helpful_range": range(HELPFUL_MIN, HELPFUL_MAX + 1)})
    return render(request, "matching/index.html", context)


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    """The polled status panel. Unchanged: 204 (htmx keeps the page as it is). Just activated: HX-Redirect."""
    if not request.user.is_authenticated:  # session ended: send the whole page to log in, not the panel
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{reverse('accounts:login')}?next={reverse('matching:index')}"
        return response
    user = _user(request)
    pending = request.GET.get("pending", "")
    if pending.isdigit():
        match = Match.objects.filter(pk=int(pending), sides__user=user, status=Match.Status.ACTIVE).first()
        if match is not None and match.conversation_id is not None:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = selectors.conversation_url(match)
            return response
    context = _status_context(user)
    if request.GET.get("v") == context["state_token"]:
        return HttpResponse(status=204)
    return render(request, "matching/index.html#status", context)


def _run(request: HttpRequest, action: Any, success: str = "") -> Any:
    try:
        result = action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result


@login_required
@require_POST
def request_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        enforce_rate(request, group="matching.request", rate="30/h")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("matching:index")
    intent = request.POST.get("intent") or None
    # The status panel says what happened (looking, or a proposal at once): no separate message.
    _run(request, lambda: services.match_request_create(member=user, intent=intent))
    return redirect("matching:index")


@login_required
@require_POST
def request_cancel(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _run(request, lambda: services.match_request_cancel(member=user), _("You stopped looking for now."))
    return redirect("matching:index")


def _access(request: HttpRequest, pk: int) -> Match:
    return selectors.access_match_by_id(user=_user(request), match_id=pk)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "core/404.html", status=404)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        match = _access(request, pk)
    except ApplicationError:
        return _not_found(request)
    accepted = _run(request, lambda: services.match_accept(match=match, user=user))
    if accepted is not None and accepted.status == Match.Status.ACTIVE:
        url = selectors.conversation_url(accepted)
        if request.htmx:  # type: ignore[attr-defined]
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    if accepted is not None:
        messages.success(request, _("You said yes. We will let you know as soon as your peer answers."))
    return redirect("matching:index")


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        match = _access(request, pk)
    except ApplicationError:
        return _not_found(request)
    is_skip = request.POST.get("skip") == "1"
    message = (
        _("We are looking for someone else for you.")
        if is_skip
        else _("Declined. You are not looking for now.")
    )
    _run(request, lambda: services.match_decline(match=match, user=user, is_skip=is_skip), message)
    return redirect("matching:index")


def _helpful(request: HttpRequest) -> int | None:
    raw = request.POST.get("helpful", "")
    return int(raw) if raw.isdigit() else None


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        match = _access(request, pk)
    except ApplicationError:
        return _not_found(request)
    helpful = _helpful(request)
    is_safety_concern = request.POST.get("safety_concern") == "on"
    _run(
        request,
        lambda: services.match_end(
            match=match, user=user, helpful=helpful, is_safety_concern=is_safety_concern
        ),
        _("The match has ended. Thank you for taking part."),
    )
    return redirect("matching:index")


@login_required
@require_POST
def reconnect(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        match = _access(request, pk)
    except ApplicationError:
        return _not_found(request)
    _run(
        request,
        lambda: services.match_reconnect(match=match, user=user),
        _("We asked your past peer whether they would like to talk again."),
    )
    return redirect("matching:index")


@login_required
@require_POST
def rematch(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        match = _access(request, pk)
    except ApplicationError:
        return _not_found(request)
    _run(
        request, lambda: services.match_rematch(match=match, user=user), _("We are looking for someone new.")
    )
    return redirect("matching:index")
