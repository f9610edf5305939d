"""Export and erasure of a member's goals data (called by peercircle.core.privacy)."""

from __future__ import annotations

from typing import Any

from peercircle.accounts.models import User
from peercircle.goals.models import Encouragement, Goal, GoalShare, Worksheet


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def export_user_data(user: User) -> dict[str, Any]:
    """The member's goals with check-ins, history and encouragement received, what they sent, worksheets."""
    goals = []
    for goal in Goal.objects.filter(owner=user).prefetch_related(
        "checkins", "revisions", "encouragements", "partners"
    ):
        goals.append(
            {
                "title": goal.title,
                "why": goal.why,
                "first_step": goal.first_step,
                "rhythm": goal.rhythm,
                "end_date": _iso(goal.end_date),
                "status": goal.status,
                "created_at": _iso(goal.created_at),
                "partners": [p.handle for p in goal.partners.all()],
                "checkins": [
                    {"progress": c.progress, "mood": c.mood, "note": c.note, "created_at": _iso(c.created_at)}
                    for c in goal.checkins.all()
                ],
                "history": [
                    {"action": r.action, "changes": r.changes, "at": _iso(r.created_at)}
                    for r in goal.revisions.all()
                ],
                "encouragement_received": [
                    {"kind": e.kind, "created_at": _iso(e.created_at)} for e in goal.encouragements.all()
                ],
            }
        )
    return {
        "goals": goals,
        "encouragement_sent": [
            {"kind": e.kind, "note": e.note, "created_at": _iso(e.created_at)}
            for e in Encouragement.objects.filter(sender=user)
        ],
        "worksheets": [
            {
                "problem": w.problem,
                "options": w.options,
                "chosen": w.chosen,
                "first_step": w.first_step,
                "review": w.review,
                "updated_at": _iso(w.updated_at),
            }
            for w in Worksheet.objects.filter(owner=user)
        ],
    }


def erase_user_data(user: User) -> None:
    """Goals and worksheets are private to their owner, so they go entirely; so do notes sent to others."""
    Goal.objects.filter(owner=user).delete()
    Worksheet.objects.filter(owner=user).delete()
    Encouragement.objects.filter(sender=user).delete()
    GoalShare.objects.filter(partner=user).delete()
    Worksheet.objects.filter(shared_with=user).update(shared_with=None)
