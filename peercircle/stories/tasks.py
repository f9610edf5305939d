"""Periodic work of the stories domain."""

from __future__ import annotations

from django_tasks import task

from peercircle.core.schedule import every
from peercircle.stories.services import question_surface_unanswered


@every(15 * 60)
@task()
def surface_unanswered_questions() -> int:
    """Every 15 minutes: questions unanswered past the wait are brought to helpers (once each)."""
    return question_surface_unanswered()
