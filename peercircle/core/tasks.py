from __future__ import annotations

from django_tasks import task

from peercircle.core.retention import retention_enforce
from peercircle.core.schedule import every


@every(24 * 60 * 60)
@task()
def retention_daily() -> dict[str, int]:
    """Enforce the retention settings once a day."""
    return retention_enforce()
