"""Export and erasure of what the safety app holds about a member (called by peercircle.core.privacy).

What a member gets in their export: their safety plan, the blocks they made, the reports they made (what
they wrote and where the report stands), and the escalations about them (when, how urgent, whether a
moderator took it). Moderators' notes, the captured context, screening reasons, outcomes and audit rows are
staff records about the handling of a case, not something the member gave us; they are left out of the
export, and erased or pseudonymised with the account like everything else that could name the member.

Erasure keeps the rows that aggregate statistics and other people's safety depend on, stripped of the
member's words:
- escalations about them stay (the outcome report counts them and measures time to acknowledge; screening
  precision counts outcomes) with context and notes cleared; the member link then points at the inactive
  tombstone row, which names nobody;
- reports they made stay with the reporter removed and the note cleared, so action against someone who
  harmed them is not undone; reports about them keep category and status with every free text cleared, and
  open ones are dismissed because what they point at is gone;
- audit rows stay with actor and target links cleared; the pseudonymous refs (`u<id>`) remain; free-text
  reasons about them are cleared and their handle is replaced by the pseudonymous ref wherever it appears;
- their words quoted in escalations about other members (a peer's crisis context) are replaced.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.db.models import Q
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.safety.models import AuditLog, Block, Escalation, Report, SafetyPlan
from peercircle.safety.services import pseudonymous_ref

ERASED_TEXT = "(deleted)"
ERASED_AUTHOR = "deleted member"
ERASED_RESOLUTION = "account_deleted"
ACCOUNT_DELETE_ACTION = "account.delete"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(user: User) -> dict[str, Any]:
    """The member's safety plan, blocks and reports they made, and escalations about them.

    Escalations carry level, status and times only: moderators' notes, captured context, screening reasons
    and outcomes are staff records of how the case was handled, so they are not part of the export.
    Reports carry what the member already knew (what they reported, why, their note) and the status.
    """
    plan = SafetyPlan.objects.filter(user=user).first()
    return {
        "safety_plan": None if plan is None else {step: getattr(plan, step) for step in SafetyPlan.STEPS},
        "blocks": [
            {"handle": block.blocked.handle, "created_at": _iso(block.created_at)}
            for block in Block.objects.filter(blocker=user).select_related("blocked")
        ],
        "reports_made": [
            {
                "target_type": report.target_type,
                "target_id": report.target_id,
                "category": report.category,
                "note": report.note,
                "status": report.status,
                "created_at": _iso(report.created_at),
            }
            for report in Report.objects.filter(reporter=user)
        ],
        "escalations": [
            {
                "content_type": escalation.content_type,
                "level": escalation.level,
                "status": escalation.status,
                "created_at": _iso(escalation.created_at),
                "acknowledged_at": _iso(escalation.acknowledged_at),
                "closed_at": _iso(escalation.closed_at),
                "member_said_not_crisis": escalation.member_said_not_crisis,
            }
            for escalation in Escalation.objects.filter(member=user)
        ],
    }


def _handle_pattern(handle: str) -> re.Pattern[str]:
    # Whole words only: a short handle like "sam" must not rewrite "same".
    return re.compile(rf"(?<![\w-]){re.escape(handle)}(?![\w-])", re.IGNORECASE)


def _scrub_quoted_context(user: User, handle: str) -> None:
    """Replace the member's entries in escalations about other people (e.g. as the peer in a crisis)."""
    from peercircle.conversations.models import Message

    sent_ids = set(Message.objects.filter(sender=user).values_list("pk", flat=True))
    conversation_ids = user.conversation_memberships.values_list("conversation_id", flat=True)
    for escalation in Escalation.objects.filter(conversation_id__in=conversation_ids).exclude(member=user):
        entries = json.loads(escalation.context) if escalation.context else []
        changed = False
        for entry in entries:
            is_theirs = entry.get("author") == handle or (
                entry.get("content_type") == "message" and entry.get("content_id") in sent_ids
            )
            if is_theirs:
                entry.update(author=ERASED_AUTHOR, text=ERASED_TEXT)
                changed = True
        if changed:
            escalation.context = json.dumps(entries)
            escalation.save(update_fields=["context", "updated_at"])


def _scrub_moderator_notes(handle: str, ref: str) -> None:
    """A moderator's own notes on other members' escalations are signed with their handle."""
    pattern = _handle_pattern(handle)
    # Notes are encrypted, so the database cannot search them; only staff accounts ever wrote any.
    for escalation in Escalation.objects.exclude(notes="").only("pk", "notes").iterator():
        scrubbed = pattern.sub(ref, escalation.notes)
        if scrubbed != escalation.notes:
            escalation.notes = scrubbed
            escalation.save(update_fields=["notes", "updated_at"])


def _scrub_audit(user: User, handle: str, ref: str) -> None:
    pattern = _handle_pattern(handle)
    about_them = AuditLog.objects.filter(Q(actor=user) | Q(target_ref=ref))
    # Reasons written about them can quote them; the erasure's own row says only why the account went.
    about_them.exclude(action=ACCOUNT_DELETE_ACTION).exclude(reason="").update(reason="")
    AuditLog.objects.filter(actor=user).update(actor=None)
    mentions = AuditLog.objects.filter(Q(reason__icontains=handle) | Q(details__icontains=handle))
    for row in mentions.iterator():
        reason = pattern.sub(ref, row.reason)
        details = json.loads(pattern.sub(ref, json.dumps(row.details)))
        if reason != row.reason or details != row.details:
            # The one place audit rows change: erasure must not leave a name behind.
            AuditLog.objects.filter(pk=row.pk).update(reason=reason, details=details)


def erase_user_data(user: User) -> None:
    """Remove the member's plan, blocks and words; keep minimal, pseudonymous rows for statistics and
    for other members' safety (see the module docstring for what stays and why)."""
    handle, ref = user.handle, pseudonymous_ref(user)
    SafetyPlan.objects.filter(user=user).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()

    Escalation.objects.filter(member=user).update(context="", notes="", updated_at=timezone.now())
    _scrub_quoted_context(user, handle)
    if user.is_staff or user.is_superuser or user.is_moderator:
        _scrub_moderator_notes(handle, ref)

    Report.objects.filter(reporter=user).update(reporter=None, note="", updated_at=timezone.now())
    about_them = Report.objects.filter(reported_user=user)
    about_them.filter(status=Report.Status.OPEN).update(
        status=Report.Status.DISMISSED, resolved_at=timezone.now(), resolution=ERASED_RESOLUTION
    )
    about_them.update(note="", resolution_reason="", updated_at=timezone.now())
    # Other people's reports and moderators' reasons may name them.
    pattern = _handle_pattern(handle)
    for report in Report.objects.filter(Q(note__icontains=handle) | Q(resolution_reason__icontains=handle)):
        report.note = pattern.sub(ref, report.note)
        report.resolution_reason = pattern.sub(ref, report.resolution_reason)
        report.save(update_fields=["note", "resolution_reason", "updated_at"])

    _scrub_audit(user, handle, ref)
