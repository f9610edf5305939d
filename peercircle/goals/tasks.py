"""Periodic goal work for the task queue."""

from __future__ import annotations

from django_tasks import task

from peercircle.core.schedule import every
from peercircle.goals.services import goal_reminders_send


@every(60 * 60)
@task()
def send_goal_reminders() -> int:
    """Hourly: gentle reminders for goals whose check-in rhythm has come round."""
    return goal_reminders_send()
