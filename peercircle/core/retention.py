"""Retention: each app may provide `peercircle.<app>.retention.enforce(*, now, policy) -> dict[str, int]`.

The daily task below calls them all and logs how many rows each removed.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime

from django.utils import timezone

from peercircle.core.models import RetentionSettings
from peercircle.core.privacy import PRIVACY_APPS

logger = logging.getLogger(__name__)


def retention_enforce(*, now: datetime | None = None) -> dict[str, int]:
    """Apply the retention settings across every app; returns counts per kind of data removed."""
    now = now or timezone.now()
    policy = RetentionSettings.load()
    removed: dict[str, int] = {}
    for app in PRIVACY_APPS:
        try:
            module = importlib.import_module(f"peercircle.{app}.retention")
        except ModuleNotFoundError as exc:
            if exc.name != f"peercircle.{app}.retention":
                raise
            continue
        for kind, count in module.enforce(now=now, policy=policy).items():
            removed[f"{app}.{kind}"] = count
    logger.info("retention enforced", extra={"removed": removed})
    return removed
