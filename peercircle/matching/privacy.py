"""Export and erasure of what matching holds about a member (called by core.privacy)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.matching.models import Match, MatchRequest, MatchSide, SituationEmbedding
from peercircle.matching.selectors import matches_for, peer_side_of, render_reasons, side_of


def export_user_data(user: User) -> dict[str, Any]:
    embedding = SituationEmbedding.objects.filter(user=user).first()
    return {
        "situation_vector": None
        if embedding is None
        else {
            "model_version": embedding.model_version,
            "computed_at": embedding.computed_at.isoformat(),
            "values": [round(float(x), 6) for x in embedding.as_array()],
        },
        "requests": [
            {
                "intent": r.intent,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
                "matched_at": r.matched_at.isoformat() if r.matched_at else None,
            }
            for r in MatchRequest.objects.filter(member=user).order_by("created_at")
        ],
        "matches": [
            {
                "peer": peer_side_of(m, user).user.handle,
                "status": m.status,
                "origin": m.origin,
                "reasons": render_reasons(m),
                "proposed_at": m.created_at.isoformat(),
                "activated_at": m.activated_at.isoformat() if m.activated_at else None,
                "ended_at": m.ended_at.isoformat() if m.ended_at else None,
                "my_feedback": side_of(m, user).helpful,
            }
            for m in matches_for(user=user)
        ],
    }


def erase_user_data(user: User) -> None:
    """Remove the vector, requests and feedback; close live matches so peers are not left waiting.

    Match rows stay (the peer's history keeps its shape and a safety flag keeps protecting them); the
    member's side then points at the anonymised account tombstone.
    """
    now = timezone.now()
    SituationEmbedding.objects.filter(user=user).delete()
    live = list(Match.objects.filter(sides__user=user, status__in=Match.LIVE_STATUSES))
    for match in live:
        is_proposal = match.status == Match.Status.PROPOSED
        match.status = Match.Status.DECLINED if is_proposal else Match.Status.ENDED
        match.ended_at = None if is_proposal else now
        match.ended_by = None if is_proposal else user
        match.save(update_fields=["status", "ended_at", "ended_by", "updated_at"])
        # Whoever was waiting on this proposal goes back to the pool.
        MatchRequest.objects.filter(sides__match=match, status=MatchRequest.Status.PROPOSED).exclude(
            member=user
        ).update(status=MatchRequest.Status.WAITING, updated_at=now)
    MatchSide.objects.filter(Q(user=user) | Q(match__in=[m.pk for m in live])).update(is_pending=False)
    MatchSide.objects.filter(user=user).update(helpful=None, request=None)
    MatchRequest.objects.filter(member=user).delete()
