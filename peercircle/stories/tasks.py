"""Periodic work of the stories domain."""

from __future__ import annotations

from django_tasks import task

from peercircle.accounts.models import User
from peercircle.core.schedule import every
from peercircle.stories.selectors import recent_writer_ids, situation_vectors
from peercircle.stories.services import question_surface_unanswered


@every(15 * 60)
@task()
def surface_unanswered_questions() -> int:
    """Every 15 minutes: questions unanswered past the wait are brought to helpers (once each)."""
    return question_surface_unanswered()


@every(30 * 60)
@task()
def refresh_writer_vectors() -> int:
    """Embed recent writers' situations ahead of time, so opening the feed never waits on the model."""
    writers = list(User.objects.filter(pk__in=recent_writer_ids()))
    return len(situation_vectors(users=writers))
