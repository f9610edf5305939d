from __future__ import annotations

from datetime import datetime, timedelta

from peercircle.core.models import RetentionSettings
from peercircle.notifications.models import Notification


def enforce(*, now: datetime, policy: RetentionSettings) -> dict[str, int]:
    if not policy.notification_days:
        return {}
    cutoff = now - timedelta(days=policy.notification_days)
    deleted, _ = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    return {"read_notifications": deleted}
