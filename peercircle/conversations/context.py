"""Template context: the unread-message badge in the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def unread_messages(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from peercircle.conversations.selectors import unread_total

    return {"unread_messages": unread_total(user=user)}
