"""Candidate search over a whole pool at once.

The pool keeps vectors in one float32 matrix and every attribute in a numpy array (sets as sparse 0/1
matrices), so one request is a matrix-vector product plus a few vectorised masks. Rows are grouped by age
bracket, so a request only touches the rows of its own bracket: the minor/adult rule also saves work.
Exact search: at 100,000 people the product takes a few milliseconds (see `python -m bench.matching`), so
an approximate index would only add recall loss.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from peercircle.matching.engine.profile import AGE_BRACKETS, INTENTS, RELATIONS, MatchProfile
from peercircle.matching.engine.scoring import DEFAULT_WEIGHTS, TIMEZONE_SPAN_HOURS, Weights


def _incidence(sets: Sequence[frozenset[str]]) -> tuple[sparse.csc_matrix, dict[str, int], np.ndarray]:
    """A 0/1 row-per-person matrix for one set-valued attribute, its column vocabulary, and row sizes."""
    vocabulary: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for items in sets:
        for item in items:
            indices.append(vocabulary.setdefault(item, len(vocabulary)))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(sets), max(1, len(vocabulary)))).tocsc()
    sizes = np.diff(np.asarray(indptr)).astype(np.float32)
    return matrix, vocabulary, sizes


def _shared_counts(
    query: frozenset[str], matrix: sparse.csc_matrix, vocabulary: dict[str, int], rows: slice
) -> np.ndarray:
    columns = [vocabulary[item] for item in query if item in vocabulary]
    if not columns:
        return np.zeros(rows.stop - rows.start, dtype=np.float32)
    # A query names a handful of columns: read their row lists straight from the CSC arrays and count,
    # which is several times cheaper than scipy's fancy indexing for one request.
    members = np.concatenate([matrix.indices[matrix.indptr[c] : matrix.indptr[c + 1]] for c in columns])
    members = members[(members >= rows.start) & (members < rows.stop)] - rows.start
    return np.bincount(members, minlength=rows.stop - rows.start).astype(np.float32)


@dataclass
class _SetAttribute:
    matrix: sparse.csc_matrix
    vocabulary: dict[str, int]
    sizes: np.ndarray

    @classmethod
    def build(cls, sets: Sequence[frozenset[str]]) -> _SetAttribute:
        return cls(*_incidence(sets))

    def shared(self, query: frozenset[str], rows: slice) -> np.ndarray:
        return _shared_counts(query, self.matrix, self.vocabulary, rows)


class CandidatePool:
    """Everyone who can currently be offered, as arrays. Build once per batch or cache per process.

    Rows are sorted by age bracket; `ids[i]` is the person in row i.
    """

    def __init__(self, profiles: Iterable[MatchProfile]) -> None:
        ordered = sorted(profiles, key=lambda p: AGE_BRACKETS.index(p.age_bracket))
        self.profiles: list[MatchProfile] = ordered
        n = len(ordered)
        self.ids = np.array([p.id for p in ordered], dtype=object)
        self.row_of: dict[str, int] = {}
        for row, profile in enumerate(ordered):
            if profile.id in self.row_of:
                raise ValueError(f"duplicate profile id {profile.id!r}")
            self.row_of[profile.id] = row
        dimensions = next((len(p.situation_vector) for p in ordered if p.situation_vector is not None), 1)
        self.vectors = np.zeros((n, dimensions), dtype=np.float32)
        for row, profile in enumerate(ordered):
            if profile.situation_vector is not None:
                if len(profile.situation_vector) != dimensions:
                    raise ValueError(
                        f"situation vector of {profile.id!r} has {len(profile.situation_vector)} dimensions, "
                        f"others {dimensions}: re-encode stale vectors (see SituationEncoder.version)"
                    )
                norm = float(np.linalg.norm(profile.situation_vector))
                if norm > 0:
                    self.vectors[row] = profile.situation_vector / norm
        brackets = np.array([AGE_BRACKETS.index(p.age_bracket) for p in ordered], dtype=np.int8)
        self.bracket_rows = {
            bracket: slice(
                int(np.searchsorted(brackets, code)), int(np.searchsorted(brackets, code, "right"))
            )
            for code, bracket in enumerate(AGE_BRACKETS)
        }
        self.relation = np.array([RELATIONS.index(p.relation) for p in ordered], dtype=np.int8)
        self.intent = np.array([INTENTS.index(p.intent) for p in ordered], dtype=np.int8)
        self.languages = _SetAttribute.build([p.languages for p in ordered])
        self.topics = _SetAttribute.build([p.topics for p in ordered])
        self.interests = _SetAttribute.build([p.interests for p in ordered])
        self.availability = _SetAttribute.build([p.availability for p in ordered])
        self.timezone = np.array([p.timezone_offset_hours for p in ordered], dtype=np.float32)
        self.age = np.array([np.nan if p.age is None else p.age for p in ordered], dtype=np.float32)
        self.has_preference = np.array([p.preferred_age_range is not None for p in ordered])
        self.preferred_low = np.array(
            [(p.preferred_age_range or (0, 0))[0] for p in ordered], dtype=np.float32
        )
        self.preferred_high = np.array(
            [(p.preferred_age_range or (0, 0))[1] for p in ordered], dtype=np.float32
        )
        self.waited = np.array([p.waited_seconds for p in ordered], dtype=np.float32)
        self.is_offerable = np.array([not (p.is_suspended or p.is_at_capacity) for p in ordered])
        # Who listed whom: a person is also refused to anyone who has them in their own blocked set.
        blocked_by: dict[str, list[int]] = {}
        for row, profile in enumerate(ordered):
            for other_id in profile.blocked_ids:
                blocked_by.setdefault(other_id, []).append(row)
        self.blocked_by = {other_id: np.array(rows, dtype=np.int64) for other_id, rows in blocked_by.items()}

    def __len__(self) -> int:
        return len(self.profiles)

    @property
    def matrix_bytes(self) -> int:
        return int(self.vectors.nbytes)

    def allowed_and_scores(
        self, query: MatchProfile, weights: Weights = DEFAULT_WEIGHTS
    ) -> tuple[slice, np.ndarray, np.ndarray]:
        """For the rows of the query's age bracket: which are allowed (hard rules) and their pair scores.

        Mirrors `scoring.is_allowed` and `scoring.score_pair` exactly, row by row.
        """
        rows = self.bracket_rows[query.age_bracket]
        count = rows.stop - rows.start
        if count == 0 or query.is_suspended or query.is_at_capacity:
            return rows, np.zeros(count, dtype=bool), np.zeros(count, dtype=np.float32)
        allowed = self.is_offerable[rows].copy()
        allowed &= self.languages.shared(query.languages, rows) > 0
        if not query.wants_support:
            allowed &= self.intent[rows] != INTENTS.index("give")
        excluded = [self.row_of[other] for other in query.blocked_ids if other in self.row_of]
        excluded.extend(self.blocked_by.get(query.id, ()))
        own_row = self.row_of.get(query.id)
        if own_row is not None:
            excluded.append(own_row)
        for row in excluded:
            if rows.start <= row < rows.stop:
                allowed[row - rows.start] = False
        return rows, allowed, self._scores(query, weights, rows)

    def _scores(self, query: MatchProfile, weights: Weights, rows: slice) -> np.ndarray:
        w = weights.signal_weights()
        total = np.zeros(rows.stop - rows.start, dtype=np.float32)
        if query.situation_vector is not None and w["situation"]:
            norm = float(np.linalg.norm(query.situation_vector))
            if len(query.situation_vector) != self.vectors.shape[1] and len(self):
                raise ValueError("the query's situation vector does not match the pool's dimensions")
            if norm > 0:
                q = (query.situation_vector / norm).astype(np.float32)
                total += w["situation"] * np.maximum(self.vectors[rows] @ q, 0.0)
        if w["topics"]:
            total += w["topics"] * _jaccard(self.topics, query.topics, rows)
        relation = self.relation[rows]
        own_relation = RELATIONS.index(query.relation)
        if w["same_relation"]:
            total += w["same_relation"] * (relation == own_relation)
        if w["complementary"]:
            total += w["complementary"] * self._complementary(query, rows, relation)
        if w["interests"]:
            total += w["interests"] * _jaccard(self.interests, query.interests, rows)
        if w["availability"] and query.availability:
            shared = self.availability.shared(query.availability, rows)
            smaller = np.minimum(self.availability.sizes[rows], len(query.availability))
            total += w["availability"] * np.divide(
                shared, smaller, out=np.zeros_like(shared), where=smaller > 0
            )
        if w["timezone"]:
            distance = np.abs(self.timezone[rows] - query.timezone_offset_hours)
            total += w["timezone"] * np.maximum(0.0, 1.0 - distance / TIMEZONE_SPAN_HOURS)
        if w["preferences"]:
            total += w["preferences"] * self._preferences(query, rows)
        if w["waiting"]:
            horizon = weights.wait_horizon_seconds
            own_wait = min(1.0, query.waited_seconds / horizon)
            total += w["waiting"] * (np.minimum(1.0, self.waited[rows] / horizon) + own_wait) / 2
        return total / np.float32(weights.signal_total())

    def _complementary(self, query: MatchProfile, rows: slice, relation: np.ndarray) -> np.ndarray:
        intent = self.intent[rows]
        been_through = relation == RELATIONS.index("been_through")
        offers = intent != INTENTS.index("get")
        wants = intent != INTENTS.index("give")
        if query.relation == "been_through":
            return (query.offers_support & ~been_through & wants).astype(np.float32)
        return (query.wants_support & been_through & offers).astype(np.float32)

    def _preferences(self, query: MatchProfile, rows: slice) -> np.ndarray:
        # Their preference about the query person...
        if query.age is None:
            theirs = ~self.has_preference[rows]
        else:
            theirs = ~self.has_preference[rows] | (
                (self.preferred_low[rows] <= query.age) & (query.age <= self.preferred_high[rows])
            )
        # ...and the query person's preference about them (NaN ages compare False: unknown age fails it).
        if query.preferred_age_range is None:
            mine = np.ones(rows.stop - rows.start, dtype=bool)
        else:
            low, high = query.preferred_age_range
            ages = self.age[rows]
            mine = (ages >= low) & (ages <= high)
        return (theirs.astype(np.float32) + mine.astype(np.float32)) / 2


def _jaccard(attribute: _SetAttribute, query: frozenset[str], rows: slice) -> np.ndarray:
    shared = attribute.shared(query, rows)
    union = attribute.sizes[rows] + len(query) - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def find_best(
    query: MatchProfile,
    pool: CandidatePool | Sequence[MatchProfile],
    k: int = 5,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    min_score: float = 0.0,
) -> list[tuple[str, float]]:
    """The k best allowed candidates for `query` in `pool`, best first, as (id, score).

    Never returns a pair that `scoring.is_allowed` refuses, nor the query person. Ties break by pool row
    order, so results are deterministic.
    """
    if not isinstance(pool, CandidatePool):
        pool = CandidatePool(pool)
    if k <= 0:
        return []
    rows, allowed, scores = pool.allowed_and_scores(query, weights)
    candidates = np.flatnonzero(allowed & (scores >= min_score))
    if candidates.size == 0:
        return []
    candidate_scores = scores[candidates]
    if candidates.size > k:
        top = np.argpartition(-candidate_scores, k - 1)[:k]
        candidates, candidate_scores = candidates[top], candidate_scores[top]
    order = np.lexsort((candidates, -candidate_scores))
    return [
        (str(pool.ids[rows.start + i]), float(candidate_scores[j]))
        for j, i in zip(order, candidates[order], strict=True)
    ]
