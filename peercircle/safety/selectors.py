from __future__ import annotations

from django.db.models import Q

from peercircle.accounts.models import User
from peercircle.safety.models import Block, Report


def is_blocked_between(*, a: User, b: User) -> bool:
    """True when either person blocked the other."""
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def blocked_user_ids(*, user: User) -> set[int]:
    """Everyone this user blocked or was blocked by: their content is hidden both ways."""
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list("blocker_id", "blocked_id")
    return {other for pair in pairs for other in pair if other != user.pk}


def never_match_ids(*, user: User) -> set[int]:
    """Blocked either way, or reported either way: never matched again."""
    ids = blocked_user_ids(user=user)
    reported = Report.objects.filter(reporter=user, reported_user__isnull=False).values_list(
        "reported_user_id", flat=True
    )
    reporters = Report.objects.filter(reported_user=user, reporter__isnull=False).values_list(
        "reporter_id", flat=True
    )
    ids.update(i for i in reported if i is not None)
    ids.update(i for i in reporters if i is not None)
    return ids
