"""What the matching engine knows about one person: no Django, no database, no private text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np

AgeBracket = Literal["adult", "minor"]
Relation = Literal["living_with", "supporting", "been_through"]
Intent = Literal["get", "give", "both"]

AGE_BRACKETS: tuple[str, ...] = get_args(AgeBracket)
RELATIONS: tuple[str, ...] = get_args(Relation)
INTENTS: tuple[str, ...] = get_args(Intent)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_PARTS = ("morning", "afternoon", "evening", "night")
# Weekly availability slots such as "mon-evening": 28 in all.
SLOTS: tuple[str, ...] = tuple(f"{day}-{part}" for day in DAYS for part in DAY_PARTS)


@dataclass(frozen=True, eq=False)
class MatchProfile:
    """One person waiting for (or offering) a match.

    `situation_vector` is the stored representation of their situation (see `engine.text`), never the text.
    `blocked_ids` holds everyone this person must never meet: people they blocked or reported, people who
    blocked or reported them, and past peers whose match ended with a safety report. The engine also checks
    the other side's set, so a one-sided list is still safe.
    """

    id: str
    situation_vector: np.ndarray | None = None
    topics: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"en"})
    age_bracket: AgeBracket = "adult"
    relation: Relation = "living_with"
    intent: Intent = "both"
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    timezone_offset_hours: float = 0.0
    age: int | None = None
    preferred_age_range: tuple[int, int] | None = None
    is_suspended: bool = False
    is_at_capacity: bool = False
    waited_seconds: float = 0.0
    blocked_ids: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.age_bracket not in AGE_BRACKETS:
            raise ValueError(f"age_bracket must be one of {', '.join(AGE_BRACKETS)}")
        if self.relation not in RELATIONS:
            raise ValueError(f"relation must be one of {', '.join(RELATIONS)}")
        if self.intent not in INTENTS:
            raise ValueError(f"intent must be one of {', '.join(INTENTS)}")
        unknown_slots = set(self.availability) - set(SLOTS)
        if unknown_slots:
            raise ValueError(f"unknown availability slots: {', '.join(sorted(unknown_slots))}")
        if self.preferred_age_range is not None:
            low, high = self.preferred_age_range
            if low > high:
                raise ValueError("preferred_age_range must be (youngest, oldest)")
        if self.waited_seconds < 0:
            raise ValueError("waited_seconds must not be negative")
        if self.situation_vector is not None:
            vector = np.asarray(self.situation_vector, dtype=np.float32)
            if vector.ndim != 1:
                raise ValueError("situation_vector must be one-dimensional")
            # Frozen dataclass: set the normalised copy once, so callers may pass lists or float64.
            object.__setattr__(self, "situation_vector", vector)
        # Accept any iterable for the set-like fields and store frozensets, so profiles are safe to share.
        for name in ("topics", "languages", "interests", "availability", "blocked_ids"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    @property
    def is_minor(self) -> bool:
        return self.age_bracket == "minor"

    @property
    def wants_support(self) -> bool:
        return self.intent in ("get", "both")

    @property
    def offers_support(self) -> bool:
        return self.intent in ("give", "both")
