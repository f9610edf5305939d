"""Batch assignment: pair a waiting pool one-to-one, maximising total quality, so nobody waits forever.

The graph is first sparsified to each person's best allowed candidates (a person's 11th-best peer almost
never belongs in the optimum). Then:

- "exact": networkx's `max_weight_matching` (Edmonds' blossom algorithm) solves the general matching
  problem exactly, but it is pure Python: about 3 s for 1,000 people on our machine.
- "fast": scipy's sparse assignment solver on the symmetric problem (everyone is both a row and a
  column, and "matched with oneself" means "left waiting", weight 0). Its optimum is a set of cycles;
  2-cycles are pairs, and longer cycles are cut into their best pairs exactly (dynamic programming on the
  cycle), then leftover people are paired greedily. Tens of milliseconds for 1,000 people;
  `python -m bench.matching` reports its total quality against the exact one.
- "auto" (default): exact up to EXACT_MAX_PEOPLE people, fast above.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from peercircle.matching.engine.profile import MatchProfile
from peercircle.matching.engine.scoring import DEFAULT_WEIGHTS, Weights
from peercircle.matching.engine.search import CandidatePool

# Below this quality a pair is not proposed, until waiting relaxes the bar (see `pair_threshold`).
DEFAULT_MIN_QUALITY = 0.35
DEFAULT_CANDIDATES_PER_PERSON = 10
EXACT_MAX_PEOPLE = 300
Method = Literal["auto", "exact", "fast"]


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
    method: Method = "auto",
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
    edges: dict[tuple[int, int], float] = {}
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
            edges[(min(row, other), max(row, other))] = weight
    if method == "exact" or (method == "auto" and len(pool) <= EXACT_MAX_PEOPLE):
        matched = _exact_matching(edges)
    else:
        matched = _fast_matching(edges, len(pool))
    pairs = [tuple(sorted((str(pool.ids[a]), str(pool.ids[b])))) for a, b in matched]
    return sorted((a, b) for a, b in pairs)


def _exact_matching(edges: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, weight) for (a, b), weight in edges.items())
    return [(int(a), int(b)) for a, b in nx.max_weight_matching(graph, maxcardinality=False)]


def _fast_matching(edges: dict[tuple[int, int], float], n: int) -> list[tuple[int, int]]:
    if not edges:
        return []
    pairs = np.array(list(edges), dtype=np.int64)
    weights = np.array(list(edges.values()), dtype=np.float64)
    # Costs must be positive (an explicit zero would vanish from the sparse matrix): cost = top - weight,
    # and staying unmatched (the diagonal) costs `top`, i.e. weight 0.
    top = float(weights.max()) + 1.0
    rows = np.concatenate([pairs[:, 0], pairs[:, 1], np.arange(n)])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0], np.arange(n)])
    costs = np.concatenate([top - weights, top - weights, np.full(n, top)])
    biadjacency = sparse.csr_matrix((costs, (rows, cols)), shape=(n, n))
    _, successor = min_weight_full_bipartite_matching(biadjacency)
    matched: list[tuple[int, int]] = []
    is_matched = np.zeros(n, dtype=bool)
    is_visited = np.zeros(n, dtype=bool)
    for start in range(n):
        if is_visited[start]:
            continue
        cycle = [start]
        is_visited[start] = True
        node = int(successor[start])
        while node != start:
            cycle.append(node)
            is_visited[node] = True
            node = int(successor[node])
        for a, b in _best_pairs_on_cycle(cycle, edges):
            matched.append((a, b))
            is_matched[a] = is_matched[b] = True
    # People the cycles left out may still have a free, eligible peer.
    for (a, b), _weight in sorted(edges.items(), key=lambda item: -item[1]):
        if not (is_matched[a] or is_matched[b]):
            matched.append((a, b))
            is_matched[a] = is_matched[b] = True
    return matched


def _best_pairs_on_cycle(cycle: list[int], edges: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Maximum-weight matching restricted to consecutive people on one assignment cycle."""
    if len(cycle) < 2:
        return []

    def weight(a: int, b: int) -> float:
        return edges.get((min(a, b), max(a, b)), 0.0)

    def best_on_path(path: list[int]) -> tuple[float, list[tuple[int, int]]]:
        # best[i]: best matching of path[:i]; classic take-or-skip over consecutive edges.
        best: list[tuple[float, list[tuple[int, int]]]] = [(0.0, []), (0.0, [])]
        for i in range(2, len(path) + 1):
            skip = best[i - 1]
            w = weight(path[i - 2], path[i - 1])
            take = (best[i - 2][0] + w, [*best[i - 2][1], (path[i - 2], path[i - 1])]) if w > 0 else skip
            best.append(take if take[0] > skip[0] else skip)
        return best[len(path)] if len(path) >= 1 else (0.0, [])

    if len(cycle) == 2:
        return [(cycle[0], cycle[1])] if weight(cycle[0], cycle[1]) > 0 else []
    without_wrap = best_on_path(cycle)
    wrap_weight = weight(cycle[-1], cycle[0])
    if wrap_weight > 0:
        inner = best_on_path(cycle[1:-1])
        with_wrap = (inner[0] + wrap_weight, [*inner[1], (cycle[-1], cycle[0])])
        if with_wrap[0] > without_wrap[0]:
            return with_wrap[1]
    return without_wrap[1]
