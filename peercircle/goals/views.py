"""Goal pages (thin: forms in, services and selectors do the work)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercircle.accounts.models import User
from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.goals import selectors, services
from peercircle.goals.constants import ENCOURAGEMENT_TEXT, Status
from peercircle.goals.forms import (
    CheckInForm,
    EncourageForm,
    GoalForm,
    PartnersForm,
    SuggestionForm,
    WorksheetForm,
)
from peercircle.goals.models import GoalCheckIn


def _apply_errors(form: Any, exc: ApplicationError) -> None:
    if exc.fields:
        for field, errors in exc.fields.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc.message)


def not_found_as_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    return wrapper


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    goals = list(selectors.goal_list(user=user))
    return render(
        request,
        "goals/index.html",
        {
            "active": [g for g in goals if g.status == Status.ACTIVE],
            "completed": [g for g in goals if g.status == Status.COMPLETED],
            "archived": [g for g in goals if g.status == Status.ARCHIVED],
            "shared_with_me": selectors.goals_shared_with(user=user),
            "worksheets": selectors.worksheet_list(user=user),
            "worksheets_shared": selectors.worksheets_shared_with(user=user),
        },
    )


@login_required
def goal_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    peers = list(selectors.peers_for(user))
    form = GoalForm(request.POST or None, peers=peers)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(owner=user, **form.cleaned_data)
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your goal is set. Small steps count."))
            return redirect("goals:detail", goal.pk)
    return render(request, "goals/goal_form.html", {"form": form, "has_peers": bool(peers), "is_new": True})


@login_required
@not_found_as_404
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    user = _user(request)
    goal = selectors.access_goal_by_id(user, goal_id)
    initial = {f: getattr(goal, f) for f in ("title", "why", "first_step", "rhythm", "end_date")}
    form = GoalForm(request.POST or None, initial=initial, with_partners=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, editor=user, data=form.cleaned_data)
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your goal is updated. The earlier version is kept in its history."))
            return redirect("goals:detail", goal.pk)
    return render(request, "goals/goal_form.html", {"form": form, "goal": goal, "is_new": False})


def _detail_context(user: User, goal: Any, **extra: Any) -> dict[str, Any]:
    is_mine = goal.owner_id == user.pk
    peers = list(selectors.peers_for(user)) if is_mine else []
    context = {
        "goal": goal,
        "is_mine": is_mine,
        "streak": selectors.goal_streak(goal=goal),
        "checkins": selectors.checkins_visible(user=user, goal=goal),
        "encouragements": selectors.encouragements_visible(user=user, goal=goal),
        "encouragement_text": ENCOURAGEMENT_TEXT,
        "partners": list(goal.partners.all()) if is_mine else [],
        "revisions": goal.revisions.all()[:20] if is_mine else [],
        "checkin_form": CheckInForm() if is_mine else None,
        "partners_form": PartnersForm(
            peers=peers, initial={"partner_ids": [p.pk for p in goal.partners.all()]}
        )
        if is_mine and peers
        else None,
        "encourage_form": None if is_mine else EncourageForm(),
    }
    latest = goal.checkins.first() if is_mine else None
    context["show_support"] = latest is not None and latest.risk_level != "none"
    context.update(extra)
    return context


@login_required
@not_found_as_404
def goal_detail(request: HttpRequest, goal_id: int) -> HttpResponse:
    user = _user(request)
    goal = selectors.access_visible_goal_by_id(user, goal_id)
    return render(request, "goals/goal_detail.html", _detail_context(user, goal))


@require_POST
@login_required
@not_found_as_404
def checkin_create(request: HttpRequest, goal_id: int) -> HttpResponse:
    user = _user(request)
    goal = selectors.access_goal_by_id(user, goal_id)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            checkin = services.goal_checkin_create(goal=goal, user=user, **form.cleaned_data)
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            if checkin.risk_level == "none":
                messages.success(request, _("Checked in. Thank you for showing up for yourself."))
            else:
                messages.info(request, _("Thank you for sharing that. If things feel heavy, help is here."))
            return redirect("goals:detail", goal.pk)
    return render(
        request, "goals/goal_detail.html", _detail_context(user, goal, checkin_form=form), status=400
    )


@require_POST
@login_required
@not_found_as_404
def encourage(request: HttpRequest, goal_id: int) -> HttpResponse:
    user = _user(request)
    goal = selectors.access_visible_goal_by_id(user, goal_id)
    form = EncourageForm(request.POST)
    if form.is_valid():
        checkin = None
        if form.cleaned_data.get("checkin_id"):
            checkin = GoalCheckIn.objects.filter(pk=form.cleaned_data["checkin_id"], goal=goal).first()
        try:
            services.goal_encourage(
                goal=goal,
                sender=user,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                checkin=checkin,
            )
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your encouragement is on its way."))
            return redirect("goals:detail", goal.pk)
    return render(
        request, "goals/goal_detail.html", _detail_context(user, goal, encourage_form=form), status=400
    )


@require_POST
@login_required
@not_found_as_404
def goal_status(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.access_goal_by_id(_user(request), goal_id)
    action = request.POST.get("status")
    if action == Status.COMPLETED:
        services.goal_complete(goal=goal)
        messages.success(request, _("Well done. This goal is marked complete."))
    elif action == Status.ARCHIVED:
        services.goal_archive(goal=goal)
        messages.success(request, _("Goal put away. You can bring it back any time."))
    elif action == Status.ACTIVE:
        services.goal_reopen(goal=goal)
        messages.success(request, _("Goal is active again."))
    return redirect("goals:detail", goal.pk)


@require_POST
@login_required
@not_found_as_404
def goal_partners(request: HttpRequest, goal_id: int) -> HttpResponse:
    user = _user(request)
    goal = selectors.access_goal_by_id(user, goal_id)
    form = PartnersForm(request.POST, peers=list(selectors.peers_for(user)))
    if form.is_valid():
        try:
            services.goal_share_set(goal=goal, partner_ids=form.cleaned_data["partner_ids"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Sharing updated."))
    else:
        messages.error(request, _("Choose from your peers."))
    return redirect("goals:detail", goal.pk)


@login_required
def worksheet_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = WorksheetForm(request.POST or None, peers=list(selectors.peers_for(user)))
    if request.method == "POST" and form.is_valid():
        try:
            worksheet = services.worksheet_create(owner=user, data=form.to_data())
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Worksheet saved. Come back to it whenever you like."))
            return redirect("goals:worksheet_detail", worksheet.pk)
    return render(request, "goals/worksheet.html", {"form": form, "worksheet": None})


@login_required
@not_found_as_404
def worksheet_detail(request: HttpRequest, worksheet_id: int) -> HttpResponse:
    user = _user(request)
    worksheet = selectors.access_visible_worksheet_by_id(user, worksheet_id)
    if worksheet.owner_id != user.pk:
        return render(
            request, "goals/worksheet_shared.html", {"worksheet": worksheet, "form": SuggestionForm()}
        )
    form = WorksheetForm(
        request.POST or None,
        peers=list(selectors.peers_for(user)),
        initial=WorksheetForm.initial_for(worksheet),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.worksheet_update(worksheet=worksheet, data=form.to_data())
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Worksheet saved."))
            return redirect("goals:worksheet_detail", worksheet.pk)
    return render(request, "goals/worksheet.html", {"form": form, "worksheet": worksheet})


@require_POST
@login_required
@not_found_as_404
def worksheet_suggest(request: HttpRequest, worksheet_id: int) -> HttpResponse:
    user = _user(request)
    worksheet = selectors.access_visible_worksheet_by_id(user, worksheet_id)
    if worksheet.owner_id == user.pk:
        raise Http404
    form = SuggestionForm(request.POST)
    if form.is_valid():
        try:
            services.worksheet_suggest(worksheet=worksheet, user=user, text=form.cleaned_data["text"])
        except ApplicationError as exc:
            form.add_error("text", exc.message)
        else:
            messages.success(request, _("Your idea was passed on."))
            return redirect("goals:worksheet_detail", worksheet.pk)
    return render(request, "goals/worksheet_shared.html", {"worksheet": worksheet, "form": form}, status=400)


@require_POST
@login_required
@not_found_as_404
def worksheet_make_goal(request: HttpRequest, worksheet_id: int) -> HttpResponse:
    worksheet = selectors.access_worksheet_by_id(_user(request), worksheet_id)
    try:
        goal = services.worksheet_make_goal(worksheet=worksheet)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("goals:worksheet_detail", worksheet.pk)
    messages.success(request, _("Your chosen step is now a goal."))
    return redirect("goals:detail", goal.pk)
