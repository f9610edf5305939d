from __future__ import annotations

from django.db.models import QuerySet

from peercircle.accounts.models import User
from peercircle.notifications.models import ALWAYS_ON, Kind, Notification, NotificationPreference


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def notification_preferences(*, user: User) -> list[dict[str, object]]:
    """One row per kind, with defaults for kinds the member never touched."""
    stored = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    rows = []
    for kind, label in Kind.choices:
        if kind == Kind.MODERATOR_ALERT and not user.is_moderator:
            continue  # members never receive these
        pref = stored.get(kind)
        rows.append(
            {
                "kind": kind,
                "label": str(label),
                "is_enabled": True if pref is None else pref.is_enabled,
                "is_email_enabled": False if pref is None else pref.is_email_enabled,
                "is_locked": kind in ALWAYS_ON,
            }
        )
    return rows
