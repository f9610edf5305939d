from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _resources(country: str) -> list[dict[str, object]]:
    try:
        from peercircle.safety.resources_data import resources_for_country
    except ImportError:
        return []
    return resources_for_country(country or "INTL")


def help_now(request: HttpRequest) -> HttpResponse:
    """Get help now: crisis resources for the member's country (or a chosen one), open to everyone."""
    country = request.GET.get("country", "")[:4].upper()
    if not country and request.user.is_authenticated:
        country = str(request.user.country)  # type: ignore[union-attr]
    return render(request, "safety/help.html", {"country": country, "resources": _resources(country)})
