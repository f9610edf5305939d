"""Wellbeing pages: check-ins, results, personal trends, and the admins' outcome report."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercircle.accounts.models import User
from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.wellbeing import report as outcome_report
from peercircle.wellbeing import selectors, services
from peercircle.wellbeing.forms import QuestionnaireForm, ReportPeriodForm
from peercircle.wellbeing.instruments import INSTRUMENTS
from peercircle.wellbeing.presenters import member_trends, report_charts


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def admin_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-out people go to the login page; members and moderators get 403."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _user(request).is_admin_role:
            return render(request, "wellbeing/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    latest = selectors.latest_by_instrument(user=user)
    instruments = [
        {
            "key": key,
            "instrument": instrument,
            "latest": latest.get(key),
            "next_allowed_at": selectors.next_allowed_at(user=user, instrument=key),
        }
        for key, instrument in INSTRUMENTS.items()
    ]
    return render(
        request,
        "wellbeing/index.html",
        {
            "offer": selectors.checkin_offer(user=user),
            "instruments": instruments,
            "has_results": bool(latest),
        },
    )


@require_POST
@login_required
def skip(request: HttpRequest) -> HttpResponse:
    services.checkin_skip(user=_user(request))
    messages.success(request, _("No problem. We'll offer again in a couple of weeks."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("wellbeing:index")


@login_required
def take(request: HttpRequest, instrument: str) -> HttpResponse:
    definition = INSTRUMENTS.get(instrument)
    if definition is None:
        raise Http404
    user = _user(request)
    next_allowed = selectors.next_allowed_at(user=user, instrument=instrument)
    form = QuestionnaireForm(request.POST or None, instrument=definition)
    if request.method == "POST" and next_allowed is None and form.is_valid():
        try:
            response = services.response_submit(user=user, instrument=instrument, answers=form.answers())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("wellbeing:result", response.pk)
    return render(
        request,
        "wellbeing/take.html",
        {"instrument": definition, "form": form, "next_allowed_at": next_allowed},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def result(request: HttpRequest, response_id: int) -> HttpResponse:
    try:
        response = selectors.access_response_by_id(_user(request), response_id)
    except NotFound as exc:
        raise Http404 from exc
    instrument = INSTRUMENTS[response.instrument]
    offer = selectors.checkin_offer(user=_user(request))
    next_key = next((key for key in offer.instruments if key != response.instrument), None) if offer else None
    return render(
        request,
        "wellbeing/result.html",
        {
            "response": response,
            "instrument": instrument,
            "band": instrument.band_for(response.band),
            "needs_support": services.needs_support(response.flags),
            "next_instrument": INSTRUMENTS[next_key] if next_key else None,
            "value": f"{response.value:.2f}" if response.instrument == "brs" else f"{response.value:.0f}",
        },
    )


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    return render(request, "wellbeing/trends.html", {"trends": member_trends(user=_user(request))})


def _report_from_request(request: HttpRequest) -> tuple[ReportPeriodForm, outcome_report.Report | None]:
    since, until = ReportPeriodForm.default_period()
    form = ReportPeriodForm(request.GET or None, initial={"since": since, "until": until})
    if request.GET:
        if not form.is_valid():
            return form, None
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    return form, outcome_report.build_report(since=since, until=until)


@admin_only
def report(request: HttpRequest) -> HttpResponse:
    form, built = _report_from_request(request)
    context: dict[str, Any] = {"form": form, "report": built}
    if built is not None:
        context.update(
            {
                "table": outcome_report.outcome_table(built),
                "charts": report_charts(built),
                "metrics": [(m, m.display(built.min_group)) for m in built.metrics],
            }
        )
    return render(request, "wellbeing/report.html", context)


@admin_only
def report_csv(request: HttpRequest) -> HttpResponse:
    _form, built = _report_from_request(request)
    if built is None:
        return HttpResponse(_("Choose a valid period."), status=400, content_type="text/plain")
    response = HttpResponse(outcome_report.to_csv(built), content_type="text/csv; charset=utf-8")
    filename = f"peercircle-outcomes-{built.period.since}-{built.period.until}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
