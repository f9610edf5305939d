"""How the "from people like me" feed orders items. Pure: no Django imports.

Closeness of situation leads, recency keeps the feed moving: an item from someone in a very similar
situation stays near the top for days, while a brand-new unrelated item can still surface above an
old, loosely related one. Situation similarities between members mostly fall within 0.25-0.7 (everyone
here is going through something), so recency gets a small weight or it would swamp that spread.
"""

from __future__ import annotations

import numpy as np

SIMILARITY_WEIGHT = 0.8
RECENCY_HALF_LIFE_HOURS = 72.0


def recency(age_hours: float, *, half_life_hours: float = RECENCY_HALF_LIFE_HOURS) -> float:
    """1.0 for something just posted, halving every `half_life_hours`."""
    return float(0.5 ** (max(age_hours, 0.0) / half_life_hours))


def feed_score(similarity: float | None, age_hours: float) -> float:
    """Score in 0..1; without a similarity (no situation on either side) it is recency alone."""
    fresh = recency(age_hours)
    if similarity is None:
        return (1.0 - SIMILARITY_WEIGHT) * fresh
    return SIMILARITY_WEIGHT * max(similarity, 0.0) + (1.0 - SIMILARITY_WEIGHT) * fresh


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    """Cosine of two unit vectors, or None when either is missing."""
    if a is None or b is None:
        return None
    return float(np.dot(a, b))
