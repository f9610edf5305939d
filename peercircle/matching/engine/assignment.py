"""Batch assignment: pair a waiting pool one-to-one, maximising total quality, so nobody waits forever.

networkx's `max_weight_matching` solves the general (non-bipartite) problem exactly. It is pure Python, so
the graph is first sparsified to each person's best allowed candidates: a person's 11th-best peer almost
never belongs in the optimum, and the benchmark shows the cost of the full graph is not worth paying.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np

from peercircle.matching.engine.profile import MatchProfile
from peercircle.matching.engine.scoring import DEFAULT_WEIGHTS, Weights
from peercircle.matching.engine.search import CandidatePool

# Below this quality a pair is not proposed, until waiting relaxes the bar (see `pair_threshold`).
DEFAULT_MIN_QUALITY = 0.35
DEFAULT_CANDIDATES_PER_PERSON = 10


def _wait_fraction(waited: np.ndarray | float, horizon: float) -> np.ndarray:
    if horizon == np.inf:
        return np.zeros_like(np.asarray(waited, dtype=np.float32))
    return np.minimum(1.0, np.asarray(waited, dtype=np.float32) / horizon)


def _effective_horizon(weights: Weights, quality_vs_wait: float) -> float:
    """1.0 means quality only: waiting never relaxes anything. 0.0 means waiting counts the most."""
    if not 0.0 <= quality_vs_wait <= 1.0:
        raise ValueError("quality_vs_wait must be between 0 and 1")
    if quality_vs_wait >= 1.0:
        return np.inf
    return weights.wait_horizon_seconds / (1.0 - quality_vs_wait)


def pair_threshold(
    waited_a: float, waited_b: float, weights: Weights, quality_vs_wait: float, min_quality: float
) -> float:
    """The quality a pair needs: `min_quality`, falling to zero as the longer waiter reaches the horizon.

    The horizon is `wait_horizon_seconds / (1 - quality_vs_wait)`: at 0.5 a person whose every allowed
    candidate is weak is still paired after twice the horizon; at 1.0 they wait for a good match.
    """
    horizon = _effective_horizon(weights, quality_vs_wait)
    longest = float(_wait_fraction(max(waited_a, waited_b), horizon))
    return min_quality * (1.0 - longest)


def assign(
    pool: CandidatePool | Sequence[MatchProfile],
    weights: Weights = DEFAULT_WEIGHTS,
    quality_vs_wait: float = 0.5,
    *,
    min_quality: float = DEFAULT_MIN_QUALITY,
    candidates_per_person: int = DEFAULT_CANDIDATES_PER_PERSON,
) -> list[tuple[str, str]]:
    """One-to-one pairs over allowed pairs that clear the (wait-relaxed) quality bar, maximising the total.

    Edge weight is the pair score plus `(1 - quality_vs_wait)` times the pair's mean wait fraction, so
    among comparable pairs the people who waited longest are served first. Pairs come back sorted, each
    as (id, id) with the smaller id first; nobody appears twice.
    """
    if not isinstance(pool, CandidatePool):
        pool = CandidatePool(pool)
    horizon = _effective_horizon(weights, quality_vs_wait)
    wait_priority = 1.0 - quality_vs_wait
    waited = _wait_fraction(pool.waited, horizon)
    graph = nx.Graph()
    for row, person in enumerate(pool.profiles):
        rows, allowed, scores = pool.allowed_and_scores(person, weights)
        longest = np.maximum(waited[rows], waited[row])
        eligible = allowed & (scores >= min_quality * (1.0 - longest))
        candidates = np.flatnonzero(eligible)
        if candidates.size == 0:
            continue
        if candidates.size > candidates_per_person:
            top = np.argpartition(-scores[candidates], candidates_per_person - 1)[:candidates_per_person]
            candidates = candidates[top]
        for i in candidates:
            other = rows.start + int(i)
            # Scores are symmetric; a small epsilon keeps every edge positive so it is worth taking.
            weight = float(scores[i]) + wait_priority * float(waited[row] + waited[other]) / 2 + 1e-6
            graph.add_edge(row, other, weight=weight)
    matching = nx.max_weight_matching(graph, maxcardinality=False)
    pairs = [tuple(sorted((str(pool.ids[a]), str(pool.ids[b])))) for a, b in matching]
    return sorted((a, b) for a, b in pairs)
