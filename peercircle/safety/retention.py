"""Retention of escalation records and reports (called daily by peercircle.core.retention).

Old records are cut down, not deleted. The outcome report counts escalations per period and measures time
to acknowledge straight from Escalation rows, and screening precision counts their outcomes, so deleting
rows would quietly shrink old periods. After `policy.escalation_days` a closed escalation keeps only its
level, status, outcome and times; the captured context (the member's words and their peer's) and the
moderators' notes are cleared. Resolved reports lose the reporter's note and the moderator's reason but
keep who reported whom: that link is what keeps two people from ever being matched again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

from peercircle.core.models import RetentionSettings
from peercircle.safety.models import Escalation, Report


def enforce(*, now: datetime, policy: RetentionSettings) -> dict[str, int]:
    """Clear the text of escalations closed, and reports resolved, more than `escalation_days` ago."""
    if not policy.escalation_days:
        return {}
    cutoff = now - timedelta(days=policy.escalation_days)
    # Encrypted fields cannot be compared in SQL, so "already cleared" is spotted in Python.
    stale = Escalation.objects.filter(status=Escalation.Status.CLOSED, closed_at__lt=cutoff)
    cleared_ids = [e.pk for e in stale.only("pk", "context", "notes").iterator() if e.context or e.notes]
    escalations = Escalation.objects.filter(pk__in=cleared_ids).update(context="", notes="", updated_at=now)
    reports = (
        Report.objects.exclude(status=Report.Status.OPEN)
        .filter(resolved_at__lt=cutoff)
        .filter(~Q(note="") | ~Q(resolution_reason=""))
        .update(note="", resolution_reason="", updated_at=now)
    )
    return {"escalation_texts": escalations, "report_texts": reports}
