"""Export and erasure of a member's wellbeing data (called by peercircle.core.privacy)."""

from __future__ import annotations

from typing import Any

from peercircle.accounts.models import User
from peercircle.wellbeing.models import Response, Skip


def export_user_data(user: User) -> dict[str, Any]:
    """Every questionnaire the member completed, with their answers and the computed score."""
    return {
        "responses": [
            {
                "instrument": r.instrument,
                "answers": r.answers,
                "score": r.value,
                "total": r.total,
                "subscores": r.subscores,
                "band": r.band,
                "taken_at": r.taken_at.isoformat(),
            }
            for r in Response.objects.filter(user=user).order_by("taken_at")
        ],
        "skipped_offers": [s.created_at.isoformat() for s in Skip.objects.filter(user=user)],
    }


def erase_user_data(user: User) -> None:
    """Answers are health data: erased, not anonymised (later reports simply no longer count them)."""
    Response.objects.filter(user=user).delete()
    Skip.objects.filter(user=user).delete()
