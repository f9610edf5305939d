from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return dashboard(request)
    return render(request, "core/landing.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"profile": request.user.profile})  # type: ignore[union-attr]


def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """The database and the channel layer are reachable."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # report, never crash the probe
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        layer = get_channel_layer()
        assert layer is not None
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.send)(channel, {"type": "ready.check"})
        checks["channel_layer"] = "ok"
    except Exception as exc:
        checks["channel_layer"] = f"error: {exc.__class__.__name__}"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(
        request,
        "core/rate_limited.html",
        {"message": _("You are doing that too often. Please wait a little and try again.")},
        status=429,
    )


def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "core/guidelines.html", {"version": settings.PEERCIRCLE["GUIDELINES_VERSION"]})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/404.html", status=404)


@login_required
def coming_soon(request: HttpRequest, title: str = "") -> HttpResponse:
    """Shown by sections that a later change fills in, so every link in the shell leads somewhere."""
    return render(request, "core/coming_soon.html", {"section_title": title})
