from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's shell needs: quick exit target, discreet mode, unread counts."""
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "quick_exit_url": settings.PEERCIRCLE["QUICK_EXIT_URL"],
        "is_discreet": False,
        "unread_notifications": 0,
    }
    if user is not None and user.is_authenticated:
        from peercircle.notifications.selectors import notification_unread_count

        context["is_discreet"] = bool(getattr(user, "is_discreet", False))
        context["unread_notifications"] = notification_unread_count(user=user)
    return context
