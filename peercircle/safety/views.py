"""Safety pages: get help now, safety plan, report, blocks, and the moderator queue. Thin: services decide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercircle.accounts.models import User
from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.core.exceptions import PermissionDenied as AppPermissionDenied
from peercircle.safety import moderation, selectors, services
from peercircle.safety.crisis import escalation_mark_not_crisis
from peercircle.safety.forms import ActionForm, CloseForm, NoteForm, ReportForm, SafetyPlanForm
from peercircle.safety.models import TARGET_TYPES, SafetyPlan


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def help_now(request: HttpRequest) -> HttpResponse:
    """Get help now: crisis resources for the member's country (or a chosen one), open to everyone. A member
    under 18 is offered the country's service for young people first."""
    country = request.GET.get("country", "")[:4].upper()
    if not country and request.user.is_authenticated:
        country = str(request.user.country)  # type: ignore[union-attr]
    return render(
        request,
        "safety/help.html",
        {
            "country": country,
            "resources": selectors.resources_for_viewer(viewer=request.user, country=country),
            "emergency_number": selectors.emergency_number_for_country(country),
        },
    )


# --- safety plan --------------------------------------------------------------------------------------


def _plan_initial(user: User) -> dict[str, str]:
    plan = selectors.safety_plan_get(user=user)
    initial = {name: getattr(plan, name) if plan else "" for name in SafetyPlan.STEPS}
    if not initial["professionals"]:
        initial["professionals"] = selectors.safety_plan_suggestions(user=user)
    return initial


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """The member's own safety plan: the six Stanley-Brown steps. Only the member can ever read it."""
    user = _user(request)
    if request.method == "POST":
        form = SafetyPlanForm(request.POST)
        if form.is_valid():
            try:
                services.safety_plan_update(user=user, data=form.cleaned_data)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your safety plan is saved. Only you can see it."))
                return redirect("safety:plan")
    else:
        form = SafetyPlanForm(initial=_plan_initial(user))
    saved = selectors.safety_plan_get(user=user)
    return render(request, "safety/plan.html", {"form": form, "plan": saved})


@login_required
def plan_print(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SafetyPlanForm(initial=_plan_initial(user))
    steps = [(form.fields[name].label, form.initial.get(name, "")) for name in SafetyPlan.STEPS]
    return render(
        request,
        "safety/plan_print.html",
        {
            "steps": steps,
            "resources": selectors.resources_for_viewer(viewer=user)[:3],
            "emergency_number": selectors.emergency_number_for_country(str(user.country or "")),
        },
    )


# --- crisis card --------------------------------------------------------------------------------------


@login_required
@require_POST
def not_crisis(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        escalation = escalation_mark_not_crisis(member=_user(request), escalation_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    card = selectors.crisis_card_build(escalation=escalation, role="member", viewer=_user(request))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "safety/_crisis_card.html", {"card": card})
    messages.success(request, _("Thank you for telling us. Help is still here whenever you need it."))
    return redirect(request.POST.get("next") or "safety:help")


# --- reports and blocks -------------------------------------------------------------------------------


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """Report a message, story, comment, question, answer or member (?target_type=&target_id=)."""
    source = request.POST if request.method == "POST" else request.GET
    target_type = source.get("target_type", "")
    target_id_raw = source.get("target_id", "")
    if target_type not in TARGET_TYPES or not target_id_raw.isdigit():
        raise Http404
    target_id = int(target_id_raw)
    try:
        _target, author = services.report_target_resolve(
            viewer=_user(request), target_type=target_type, target_id=target_id
        )
    except NotFound as exc:
        raise Http404 from exc
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=_user(request),
                target_type=target_type,
                target_id=target_id,
                category=form.cleaned_data["category"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            return render(request, "safety/report_sent.html", {"author": author, "target_type": target_type})
    context = {"form": form, "target_type": target_type, "target_id": target_id, "author": author}
    return render(request, "safety/report.html", context, status=status)


@login_required
def blocks(request: HttpRequest) -> HttpResponse:
    """The people I blocked, with a way to unblock, and a way to block someone by handle."""
    user = _user(request)
    if request.method == "POST":
        handle = request.POST.get("handle", "").strip()[:30]
        target = User.objects.filter(handle__iexact=handle, is_active=True).first() if handle else None
        if target is None:
            messages.error(request, _("We could not find a member with that handle."))
        else:
            try:
                services.block_create(blocker=user, blocked=target)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("%(handle)s is blocked.") % {"handle": target.handle})
        return redirect("safety:blocks")
    return render(request, "safety/blocks.html", {"blocks": selectors.block_list(user=user)})


@login_required
@require_POST
def unblock(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _user(request)
    block = selectors.block_list(user=user).filter(blocked_id=user_id).first()
    if block is None:
        raise Http404
    services.block_remove(blocker=user, blocked=block.blocked)
    messages.success(request, _("%(handle)s is unblocked.") % {"handle": block.blocked.handle})
    return redirect("safety:blocks")


# --- moderation ---------------------------------------------------------------------------------------


def moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _user(request).is_moderator:
            raise DjangoPermissionDenied
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc
        except AppPermissionDenied as exc:
            raise DjangoPermissionDenied from exc

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@moderator_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Escalations (urgent first, longest waiting first) and reports, updated live over ws/moderation/."""
    now = timezone.now()
    items = selectors.moderation_queue(moderator=_user(request), now=now)
    rows = [(item, item.waiting_seconds(now)) for item in items]
    return render(
        request,
        "safety/moderation/queue.html",
        {
            "rows": rows,
            "now": now,
            "js_strings": _queue_strings(),
            "precision": selectors.escalation_precision(),
        },
    )


def _queue_strings() -> dict[str, str]:
    return {
        "seconds": _("%s s"),
        "minutes": _("%s min"),
        "urgent": _("Urgent"),
        "concern": _("Concern"),
        "escalation": _("Escalation #%s"),
        "report": _("Report #%s"),
        "report_label": _("Report"),
        "safety_report": _("Safety report"),
        "not_crisis": _("Member said: not a crisis"),
        "realert": _("Still waiting: an urgent alert has not been acknowledged"),
        "new_urgent": _("New urgent crisis alert"),
        "new_concern": _("New concern for the queue"),
        "open": _("Open alert"),
        "live": _("Live: new alerts appear here at once."),
        "reconnecting": _("Reconnecting to live alerts…"),
    }


def _conversation_url(conversation_id: int | None) -> str:
    if conversation_id is None:
        return ""
    try:
        return reverse("conversations:detail", args=[conversation_id])
    except NoReverseMatch:
        return ""


@moderator_required
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One escalation: the flagged words and a few messages of context. Opening it is audited."""
    moderator = _user(request)
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op == "acknowledge":
                moderation.escalation_acknowledge(escalation_id=pk, moderator=moderator)
                messages.success(
                    request, _("You have acknowledged this. The member's card says a moderator is on it.")
                )
            elif op == "join":
                escalation = moderation.escalation_join(escalation_id=pk, moderator=moderator)
                messages.success(request, _("You joined the conversation as a moderator."))
                url = _conversation_url(escalation.conversation_id)
                if url:
                    return redirect(url)
            elif op == "note":
                note_form = NoteForm(request.POST)
                if not note_form.is_valid():
                    raise ApplicationError(_("Write a note of up to 2000 characters."))
                moderation.escalation_note_add(
                    escalation_id=pk, moderator=moderator, text=note_form.cleaned_data["text"]
                )
                messages.success(request, _("Note added."))
            elif op == "close":
                close_form = CloseForm(request.POST)
                if not close_form.is_valid():
                    raise ApplicationError(_("Choose an outcome."))
                moderation.escalation_close(
                    escalation_id=pk,
                    moderator=moderator,
                    outcome=close_form.cleaned_data["outcome"],
                    note=close_form.cleaned_data["note"],
                )
                messages.success(request, _("Closed. Thank you."))
                return redirect("safety:moderation")
            elif op == "action":
                _act(request, escalation_id=pk)
            else:
                raise ApplicationError(_("Unknown action."))
        except (ApplicationError, ValueError) as exc:
            if isinstance(exc, NotFound | AppPermissionDenied):
                raise
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("safety:escalation_detail", pk=pk)
    escalation = moderation.escalation_view(moderator=moderator, escalation_id=pk)
    return render(
        request,
        "safety/moderation/escalation.html",
        {
            "escalation": escalation,
            "context_entries": selectors.escalation_context(escalation),
            "waiting": int((timezone.now() - selectors.waiting_since(escalation)).total_seconds()),
            "conversation_url": _conversation_url(escalation.conversation_id),
            "note_form": NoteForm(),
            "close_form": CloseForm(),
            "action_form": ActionForm(is_escalation=True),
        },
    )


def _act(request: HttpRequest, **target: int) -> None:
    form = ActionForm(request.POST, is_escalation="escalation_id" in target)
    if not form.is_valid():
        raise ApplicationError(_("Choose an action and give a reason."))
    moderation.moderation_act(
        moderator=_user(request),
        action=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
        duration_hours=form.cleaned_data.get("duration_hours"),
        **target,  # type: ignore[arg-type]
    )
    messages.success(request, _("Done. The action is recorded in the audit log."))


@moderator_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: the reported item and limited context. Opening it is audited."""
    moderator = _user(request)
    if request.method == "POST":
        try:
            _act(request, report_id=pk)
        except ApplicationError as exc:
            if isinstance(exc, NotFound | AppPermissionDenied):
                raise
            messages.error(request, exc.message)
            return redirect("safety:report_detail", pk=pk)
        return redirect("safety:moderation")
    item = moderation.report_view(moderator=moderator, report_id=pk)
    return render(
        request,
        "safety/moderation/report.html",
        {
            "report": item,
            "context_entries": moderation.report_context(report=item),
            "dismissed_count": selectors.reporter_dismissed_count(reporter=item.reporter),
            "action_form": ActionForm(),
        },
    )
