"""Demo matching data: every member's vector, and a couple of past matches so feedback and reconnect show.

"sam" is left with no open request, so the demo (and the browser walk-through) starts with
"Find me a peer"; alex, a peer supporter who lost his dad, is then proposed to her at once.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.matching.models import Match, MatchRequest, MatchSide
from peercircle.matching.services import match_request_cancel, situation_embed

# (first, second, days ago it ended, first's feedback)
PAST_MATCHES = [("river", "jun", 6, 5), ("lee", "tomas", 12, 4)]


def seed(users: dict[str, User]) -> None:
    """Embed every demo member now (no worker needed) and add past matches; safe to run twice."""
    for user in users.values():
        situation_embed(user=user)
    now = timezone.now()
    for first, second, days_ago, helpful in PAST_MATCHES:
        if first not in users or second not in users:
            continue
        a, b = users[first], users[second]
        key = Match.key_for(a.pk, b.pk)
        if Match.objects.filter(pair_key=key).exists():
            continue
        ended_at = now - timedelta(days=days_ago)
        match = Match.objects.create(
            status=Match.Status.ENDED,
            pair_key=key,
            score=0.8,
            reasons=[
                {"msgid": "You both chose: %(topics)s", "params": {"topics": "Dementia"}}
                if first == "river"
                else {"msgid": "You both chose: %(topics)s", "params": {"topics": "Recovery from alcohol"}}
            ],
            expires_at=ended_at - timedelta(days=14),
            activated_at=ended_at - timedelta(days=14),
            ended_at=ended_at,
            ended_by=a,
        )
        started = match.activated_at
        MatchSide.objects.bulk_create(
            [
                MatchSide(match=match, user=a, is_pending=False, accepted_at=started, helpful=helpful),
                MatchSide(match=match, user=b, is_pending=False, accepted_at=started),
            ]
        )
    if (
        "sam" in users
        and MatchRequest.objects.filter(member=users["sam"], status__in=MatchRequest.OPEN_STATUSES).exists()
    ):
        match_request_cancel(member=users["sam"])
