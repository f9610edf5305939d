"""Writes of the safety domain: audit, blocks, reports. Screening and the crisis path live beside these."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from peercircle.accounts.models import User
from peercircle.core.exceptions import ApplicationError
from peercircle.safety.models import AuditLog, Block


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
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
