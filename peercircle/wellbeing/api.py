"""JSON API for wellbeing check-ins, personal trends and the admins' report (at /api/v1/wellbeing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from peercircle.core.api import auth_user
from peercircle.core.exceptions import ApplicationError, NotFound, PermissionDenied
from peercircle.core.ratelimit import enforce_rate
from peercircle.wellbeing import report as outcome_report
from peercircle.wellbeing import selectors, services
from peercircle.wellbeing.instruments import INSTRUMENTS
from peercircle.wellbeing.models import Response
from peercircle.wellbeing.schemas import InstrumentOut, OfferOut, OkOut, ResponseIn, ResponseOut, TrendOut

router = Router(tags=["wellbeing"])


def _support() -> dict[str, str]:
    return {
        "message": _("Your answers suggest a lot of anxiety and low mood lately. Support is available."),
        "help_url": reverse("safety:help"),
        "safety_plan_url": reverse("safety:plan"),
        "note": _("PHQ-4 does not ask about suicide, so it cannot tell whether you are safe."),
    }


def response_out(response: Response) -> dict[str, Any]:
    instrument = INSTRUMENTS[response.instrument]
    return {
        "id": response.pk,
        "instrument": response.instrument,
        "value": response.value,
        "total": response.total,
        "subscores": response.subscores,
        "band": response.band,
        "band_label": str(instrument.band_for(response.band).label),
        "flags": response.flags,
        "taken_at": response.taken_at,
        "support": _support() if services.needs_support(response.flags) else None,
    }


@router.get("/instruments", response=list[InstrumentOut])
def instruments(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "name": str(i.name),
            "short_name": i.short_name,
            "instructions": str(i.instructions),
            "time_frame": str(i.time_frame) if i.time_frame else None,
            "items": [
                {
                    "number": item.number,
                    "text": str(item.text),
                    "options": [{"value": o.value, "label": str(o.label)} for o in item.options],
                }
                for item in i.items
            ],
            "higher_is_better": i.higher_is_better,
            "meaningful_change": i.meaningful_change,
            "value_range": i.value_range,
            "source": i.source,
            "asks_about_suicide": False,
        }
        for key, i in INSTRUMENTS.items()
    ]


@router.get("/offer", response=OfferOut)
def offer(request: HttpRequest) -> dict[str, Any]:
    """The check-in to offer now (baseline or follow-up), if any."""
    current = selectors.checkin_offer(user=auth_user(request))
    return {
        "kind": current.kind if current else None,
        "instruments": current.instruments if current else [],
        "interval_days": selectors.interval_days(),
    }


@router.post("/skip", response=OkOut)
def skip(request: HttpRequest) -> dict[str, bool]:
    services.checkin_skip(user=auth_user(request))
    return {"ok": True}


@router.post("/responses", response={201: ResponseOut})
def response_create(request: HttpRequest, payload: ResponseIn) -> Status:
    user = auth_user(request)
    enforce_rate(request, group="wellbeing.respond", rate="30/h")
    response = services.response_submit(user=user, instrument=payload.instrument, answers=payload.answers)
    return Status(201, response_out(response))


@router.get("/responses", response=list[ResponseOut])
def response_list(request: HttpRequest, instrument: str | None = None) -> list[dict[str, Any]]:
    return [response_out(r) for r in selectors.responses_for(user=auth_user(request), instrument=instrument)]


@router.get("/responses/{int:response_id}", response=ResponseOut)
def response_detail(request: HttpRequest, response_id: int) -> dict[str, Any]:
    return response_out(selectors.access_response_by_id(auth_user(request), response_id))


@router.get("/trends/{instrument}", response=TrendOut)
def trend(request: HttpRequest, instrument: str) -> dict[str, Any]:
    """The member's own scores on one measure over time, with the meaningful-change band."""
    definition = INSTRUMENTS.get(instrument)
    if definition is None:
        raise NotFound()
    responses = list(selectors.responses_for(user=auth_user(request), instrument=instrument))
    return {
        "instrument": instrument,
        "meaningful_change": definition.meaningful_change,
        "higher_is_better": definition.higher_is_better,
        "baseline": responses[0].value if responses else None,
        "points": [{"taken_at": r.taken_at, "value": r.value, "band": r.band} for r in responses],
    }


@router.get("/report")
def report(
    request: HttpRequest, since: dt.date, until: dt.date | None = None, format: str = "json"
) -> HttpResponse:
    """The programme outcome report (admins only): aggregates only, small cells suppressed."""
    if not auth_user(request).is_admin_role:
        raise PermissionDenied(_("This report is for community admins."))
    try:
        built = outcome_report.build_report(since=since, until=until or timezone.localdate())
    except ValueError as exc:
        raise ApplicationError(str(exc)) from exc
    if format == "csv":
        return HttpResponse(outcome_report.to_csv(built), content_type="text/csv; charset=utf-8")
    return HttpResponse(outcome_report.to_json(built), content_type="application/json")
