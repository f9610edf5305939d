from __future__ import annotations

from typing import Any

from peercircle.accounts.models import User
from peercircle.notifications.models import Notification, NotificationPreference


def export_user_data(user: User) -> dict[str, Any]:
    return {
        "notifications": [
            {"kind": n.kind, "title": n.title, "body": n.body, "created_at": n.created_at.isoformat()}
            for n in Notification.objects.filter(user=user)
        ],
        "preferences": list(NotificationPreference.objects.filter(user=user).values("kind", "is_enabled")),
    }


def erase_user_data(user: User) -> None:
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
