"""Periodic chat work for the task queue."""

from __future__ import annotations

from django_tasks import task

from peercircle.core.schedule import every


@every(60)
@task()
def expire_disappearing_messages() -> int:
    """Every minute: clear messages past their conversation's disappearing time (so at most a minute late)."""
    from peercircle.conversations.services import messages_expire

    return messages_expire()
