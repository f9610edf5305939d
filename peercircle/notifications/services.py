"""In-app notifications: stored, pushed live after commit, emailed only where configured and wanted."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.core.events import send_event_on_commit, user_group
from peercircle.notifications.models import ALWAYS_ON, Kind, Notification, NotificationPreference

logger = logging.getLogger(__name__)


def _preference(user: User, kind: str) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(user=user, kind=kind).first()


def notification_send(
    *, user: User, kind: str, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Notify a member unless they switched this kind off. Returns None when switched off."""
    preference = _preference(user, kind)
    if preference is not None and not preference.is_enabled and kind not in ALWAYS_ON:
        return None
    notification = Notification.objects.create(
        user=user, kind=kind, title=title[:200], body=body[:500], url=url
    )
    send_event_on_commit(
        user_group(user.pk),
        {"type": "notification.new", "id": notification.pk, "kind": kind},
    )
    if settings.EMAIL_ENABLED and user.email and preference is not None and preference.is_email_enabled:
        # Discreet by design: the email never carries the message text, only a pointer back to the app.
        def _mail() -> None:
            try:
                send_mail("PeerCircle", "You have a new notification on PeerCircle.", None, [user.email])
            except Exception:
                logger.exception("notification email failed")

        transaction.on_commit(_mail)
    return notification


def notification_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark some (or all, when ids is None) of the member's notifications as read."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())


def notification_preferences_set(*, user: User, enabled: dict[str, bool], email: dict[str, bool]) -> None:
    """Switch each kind on or off (account notices stay on)."""
    with transaction.atomic():
        for kind in Kind.values:
            NotificationPreference.objects.update_or_create(
                user=user,
                kind=kind,
                defaults={
                    "is_enabled": True if kind in ALWAYS_ON else bool(enabled.get(kind, True)),
                    "is_email_enabled": bool(email.get(kind, False)),
                },
            )
