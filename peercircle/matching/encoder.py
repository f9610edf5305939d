"""The community's situation encoder: the engine's `SituationEncoder` over the live topic catalog.

Built once per process and rebuilt when admins change the topic catalog, because the catalog is part of
every stored vector (its `version` changes with it, which makes stored embeddings stale).
"""

from __future__ import annotations

import threading

from peercircle.accounts.models import Topic
from peercircle.matching.engine import SituationEncoder

_lock = threading.Lock()
_cached: tuple[tuple[tuple[str, str, str], ...], SituationEncoder] | None = None


def topic_catalog() -> tuple[tuple[str, str, str], ...]:
    """(slug, name, description) of every active topic, in a stable order."""
    rows = Topic.objects.filter(is_active=True).order_by("slug").values_list("slug", "name", "description")
    return tuple((slug, name, description or name) for slug, name, description in rows)


def community_encoder() -> SituationEncoder:
    """The encoder for the current catalog (embedding the catalog takes ~0.1 s, so it is cached)."""
    global _cached
    catalog = topic_catalog()
    with _lock:
        if _cached is None or _cached[0] != catalog:
            encoder = SituationEncoder(
                catalog={slug: (name, description) for slug, name, description in catalog}
            )
            _cached = (catalog, encoder)
        return _cached[1]
