"""Writes of the safety domain: audit, blocks, reports. Screening and the crisis path live beside these."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.models import User
from peercircle.core.events import send_event_on_commit
from peercircle.core.exceptions import ApplicationError, NotFound, RateLimited
from peercircle.safety.models import (
    CONTENT_TYPES,
    PLAN_FIELD_MAX,
    TARGET_TYPES,
    AuditLog,
    Block,
    Report,
    SafetyPlan,
)

REPORT_NOTE_MAX = 1000


def pseudonymous_ref(user: User | None) -> str:
    """A stable id for audit rows that does not name the person and survives erasure."""
    if user is None:
        return "system"
    return f"u{user.pk}"


def audit_log_record(
    *,
    actor: User | None,
    action: str,
    target_type: str = "",
    target_id: str | int = "",
    target_user: User | None = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditLog:
    """Write one audit row; call inside the same transaction as the action it records."""
    return AuditLog.objects.create(
        actor=actor,
        actor_ref=pseudonymous_ref(actor),
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_ref=pseudonymous_ref(target_user) if target_user is not None else "",
        reason=reason,
        details=details or {},
    )


@transaction.atomic
def block_create(*, blocker: User, blocked: User) -> Block:
    """Block someone: idempotent; hides them both ways and prevents any future match."""
    if blocker.pk == blocked.pk:
        raise ApplicationError("You cannot block yourself.", code="invalid_target")
    try:
        with transaction.atomic():
            block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    except IntegrityError:
        block = Block.objects.get(blocker=blocker, blocked=blocked)
    return block


@transaction.atomic
def block_remove(*, blocker: User, blocked: User) -> None:
    """Lift a block this member made (blocks made by the other person stay)."""
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


# --- safety plans -------------------------------------------------------------------------------------


def safety_plan_update(*, user: User, data: dict[str, str]) -> SafetyPlan:
    """Save the member's own safety plan (any subset of the six steps). Nobody else can ever read it."""
    unknown = sorted(set(data) - set(SafetyPlan.STEPS))
    if unknown:
        raise ApplicationError(
            _("Unknown part of the safety plan."), code="validation_error", fields={"": unknown}
        )
    cleaned: dict[str, str] = {}
    for name, value in data.items():
        text = (value or "").strip()
        if len(text) > PLAN_FIELD_MAX:
            message = _("Please keep each part to %(max)d characters or fewer.") % {"max": PLAN_FIELD_MAX}
            raise ApplicationError(message, code="validation_error", fields={name: [message]})
        cleaned[name] = text
    with transaction.atomic():
        plan, _created = SafetyPlan.objects.select_for_update().get_or_create(user=user)
        for name, text in cleaned.items():
            setattr(plan, name, text)
        plan.save(update_fields=[*cleaned, "updated_at"])
    return plan


# --- reports ------------------------------------------------------------------------------------------


def reports_per_hour() -> int:
    return int(settings.PEERCIRCLE.get("REPORTS_PER_HOUR", 10))


def report_target_resolve(*, viewer: User, target_type: str, target_id: int) -> tuple[Any, User | None]:
    """The reported thing and its author, if `viewer` can see it; NotFound alike for missing and hidden."""
    if target_type not in TARGET_TYPES:
        raise NotFound()
    try:
        if target_type == "user":
            target = User.objects.filter(pk=target_id, is_active=True).first()
            if target is None:
                raise NotFound()
            return target, target
        if target_type == "message":
            from peercircle.conversations.models import Message

            message = (
                Message.objects.filter(
                    pk=target_id, conversation__participants__user=viewer, kind=Message.Kind.USER
                )
                .filter(Q(is_held=False) | Q(sender=viewer))
                .select_related("sender")
                .first()
            )
            if message is None:
                raise NotFound()
            return message, message.sender
        from peercircle.stories import selectors as stories

        if target_type == "story":
            story = stories.story_get(viewer=viewer, story_id=target_id)
            return story, story.author
        if target_type == "comment":
            from peercircle.stories.models import Comment

            comment = (
                Comment.objects.filter(pk=target_id, deleted_at__isnull=True).select_related("author").first()
            )
            if comment is None:
                raise NotFound()
            stories.story_get(viewer=viewer, story_id=comment.story_id)
            if not stories.comment_list(viewer=viewer, story=comment.story).filter(pk=comment.pk).exists():
                raise NotFound()
            return comment, comment.author
        if target_type == "question":
            question = stories.question_get(viewer=viewer, question_id=target_id)
            return question, question.author
        answer = stories.answer_get(viewer=viewer, answer_id=target_id)
        return answer, answer.author
    except (ValueError, TypeError) as exc:
        raise NotFound() from exc


@transaction.atomic
def report_create(
    *,
    reporter: User,
    target_type: str,
    target_id: int,
    category: str,
    note: str = "",
    now: datetime | None = None,
) -> Report:
    """Report a member or something they wrote. Rate-limited per hour; reporting the same thing twice
    while the first report is open returns the first."""
    if category not in Report.Category.values:
        raise ApplicationError(
            _("Choose what is wrong."), code="validation_error", fields={"category": [category]}
        )
    note = (note or "").strip()
    if len(note) > REPORT_NOTE_MAX:
        raise ApplicationError(
            _("The note is too long."), code="validation_error", fields={"note": ["too long"]}
        )
    _target, author = report_target_resolve(viewer=reporter, target_type=target_type, target_id=target_id)
    if author is not None and author.pk == reporter.pk:
        raise ApplicationError(_("You cannot report yourself."), code="invalid_target")
    existing = Report.objects.filter(
        reporter=reporter, target_type=target_type, target_id=str(target_id), status=Report.Status.OPEN
    ).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    # Lock the reporter's row so parallel submissions cannot all slip under the limit.
    User.objects.select_for_update().filter(pk=reporter.pk).first()
    recent = Report.objects.filter(reporter=reporter, created_at__gte=now - timedelta(hours=1)).count()
    if recent >= reports_per_hour():
        raise RateLimited(_("You have sent a lot of reports in the last hour. Please wait a little."))
    report = Report.objects.create(
        reporter=reporter,
        reported_user=author,
        target_type=target_type,
        target_id=str(target_id),
        category=category,
        note=note,
        is_safety_report=category == Report.Category.SELF_HARM,
    )
    audit_log_record(
        actor=reporter,
        action="report.create",
        target_type=target_type,
        target_id=target_id,
        target_user=author,
        details={"report_id": report.pk, "category": category},
    )
    from peercircle.safety.crisis import MODERATORS_GROUP, escalation_from_report

    if report.is_safety_report and author is not None and target_type in CONTENT_TYPES:
        escalation_from_report(report=report, target=_target, author=author)

    send_event_on_commit(
        MODERATORS_GROUP,
        {
            "type": "moderation.report",
            "report": {
                "id": report.pk,
                "target_type": target_type,
                "category": category,
                "is_safety_report": report.is_safety_report,
                "url": f"/safety/moderation/reports/{report.pk}/",
            },
        },
    )
    return report
