"""Pair scoring: hard rules that are never broken, then a weighted sum of soft signals.

Everything here is pure and works on `MatchProfile`s. `search.CandidatePool` computes the same signals for a
whole pool at once with numpy; tests check that both give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from peercircle.matching.engine.profile import MatchProfile

# Why a pair is refused. Stable codes: the lead maps them to messages, tests and logs use them as they are.
REFUSED_SELF = "self"
REFUSED_SUSPENDED = "suspended"
REFUSED_AT_CAPACITY = "at_capacity"
REFUSED_AGE_BRACKET = "age_bracket"
REFUSED_NO_SHARED_LANGUAGE = "no_shared_language"
REFUSED_BLOCKED = "blocked"
REFUSED_NOBODY_ASKED = "nobody_asked_for_support"

TIMEZONE_SPAN_HOURS = 12.0


@dataclass(frozen=True)
class Weights:
    """How much each soft signal counts. Admin-tunable; every signal is in [0, 1].

    The score is the weighted mean of the signals, so it stays in [0, 1] whatever the weights are, and
    `min_quality` keeps its meaning when an admin changes them. Defaults come from `python -m bench.matching`
    (quality table): situation similarity carries most of the information; chosen topics are already mixed
    into the situation vector, and a Jaccard weight of 0.25 on top scored best on both the dev set and
    ESConv (0.5 and 1.0 over-trust noisy topic picks); the rest are tie-breakers that research says
    matter for how a chat goes (same role, lived experience) or that make a chat practical (availability,
    time zone).
    """

    situation: float = 1.0
    topics: float = 0.25
    same_relation: float = 0.1
    complementary: float = 0.15
    interests: float = 0.05
    availability: float = 0.1
    timezone: float = 0.05
    preferences: float = 0.1
    waiting: float = 0.1
    # Waiting this long fills the waiting signal; the batch matcher also relaxes its quality bar over it.
    wait_horizon_seconds: float = 600.0

    def __post_init__(self) -> None:
        for spec in fields(self):
            if getattr(self, spec.name) < 0:
                raise ValueError(f"weight {spec.name} must not be negative")
        if self.signal_total() <= 0:
            raise ValueError("at least one weight must be positive")
        if self.wait_horizon_seconds <= 0:
            raise ValueError("wait_horizon_seconds must be positive")

    def signal_weights(self) -> dict[str, float]:
        return {
            spec.name: getattr(self, spec.name)
            for spec in fields(self)
            if spec.name != "wait_horizon_seconds"
        }

    def signal_total(self) -> float:
        return sum(self.signal_weights().values())


DEFAULT_WEIGHTS = Weights()
SIGNALS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS.signal_weights())


def is_allowed(a: MatchProfile, b: MatchProfile) -> tuple[bool, str | None]:
    """Whether two people may ever be offered to each other, and if not, the refusal code."""
    if a.id == b.id:
        return False, REFUSED_SELF
    if a.is_suspended or b.is_suspended:
        return False, REFUSED_SUSPENDED
    if a.is_at_capacity or b.is_at_capacity:
        return False, REFUSED_AT_CAPACITY
    if a.age_bracket != b.age_bracket:
        return False, REFUSED_AGE_BRACKET
    if not (a.languages & b.languages):
        return False, REFUSED_NO_SHARED_LANGUAGE
    if b.id in a.blocked_ids or a.id in b.blocked_ids:
        return False, REFUSED_BLOCKED
    # Two people who only offer support would sit waiting for each other to ask; two seekers may support
    # each other (mutual peer support), so only this one combination is out.
    if not (a.wants_support or b.wants_support):
        return False, REFUSED_NOBODY_ASKED
    return True, None


def situation_similarity(a: MatchProfile, b: MatchProfile) -> float:
    if a.situation_vector is None or b.situation_vector is None:
        return 0.0
    norms = float(np.linalg.norm(a.situation_vector) * np.linalg.norm(b.situation_vector))
    if norms == 0.0:
        return 0.0
    return max(0.0, float(np.dot(a.situation_vector, b.situation_vector)) / norms)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the other: two free evenings out of two is a full overlap."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def is_complementary(a: MatchProfile, b: MatchProfile) -> bool:
    """Someone who has been through it and offers support, with someone going through it who asked."""

    def gives_to(giver: MatchProfile, seeker: MatchProfile) -> bool:
        return (
            giver.relation == "been_through"
            and giver.offers_support
            and seeker.relation != "been_through"
            and seeker.wants_support
        )

    return gives_to(a, b) or gives_to(b, a)


def preference_satisfied(chooser: MatchProfile, other: MatchProfile) -> float:
    if chooser.preferred_age_range is None:
        return 1.0
    low, high = chooser.preferred_age_range
    return 1.0 if other.age is not None and low <= other.age <= high else 0.0


def wait_fraction(waited_seconds: float, horizon_seconds: float) -> float:
    return min(1.0, waited_seconds / horizon_seconds)


def pair_signals(a: MatchProfile, b: MatchProfile, weights: Weights = DEFAULT_WEIGHTS) -> dict[str, float]:
    """Every soft signal for a pair, each in [0, 1], keyed like `Weights` fields."""
    horizon = weights.wait_horizon_seconds
    return {
        "situation": situation_similarity(a, b),
        "topics": jaccard(a.topics, b.topics),
        "same_relation": 1.0 if a.relation == b.relation else 0.0,
        "complementary": 1.0 if is_complementary(a, b) else 0.0,
        "interests": jaccard(a.interests, b.interests),
        "availability": overlap(a.availability, b.availability),
        "timezone": max(
            0.0, 1.0 - abs(a.timezone_offset_hours - b.timezone_offset_hours) / TIMEZONE_SPAN_HOURS
        ),
        "preferences": (preference_satisfied(a, b) + preference_satisfied(b, a)) / 2,
        "waiting": (wait_fraction(a.waited_seconds, horizon) + wait_fraction(b.waited_seconds, horizon)) / 2,
    }


def score_pair(a: MatchProfile, b: MatchProfile, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """Quality of a pair in [0, 1], symmetric. It does not check hard rules: use `is_allowed` first."""
    signals = pair_signals(a, b, weights)
    signal_weights = weights.signal_weights()
    total = sum(signal_weights[name] * value for name, value in signals.items())
    return total / weights.signal_total()
