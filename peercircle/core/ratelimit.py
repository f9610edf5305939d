"""Rate limits for services and views, on django-ratelimit's counters (a maintained library)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from peercircle.core.exceptions import RateLimited


def user_or_ip(group: str, request: HttpRequest) -> str:
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def enforce_rate(request: HttpRequest, *, group: str, rate: str) -> None:
    """Count this request against `rate` (e.g. "10/m") and raise RateLimited past it."""
    if is_ratelimited(request, group=group, key=user_or_ip, rate=rate, increment=True):
        raise RateLimited(_("You are doing that too often. Please wait a little and try again."))
