from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

from peercircle.accounts.models import User
from peercircle.core.models import RetentionSettings


def enforce(*, now: datetime, policy: RetentionSettings) -> dict[str, int]:
    """Erase accounts inactive for longer than the policy allows (staff accounts are kept)."""
    if not policy.inactive_account_days:
        return {}
    from peercircle.core.privacy import account_delete

    cutoff = now - timedelta(days=policy.inactive_account_days)
    stale = User.objects.filter(is_active=True, is_staff=False).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    count = 0
    for user in stale.iterator():
        account_delete(user=user, actor=None, reason="retention: inactive account")
        count += 1
    return {"inactive_accounts": count}
