"""The result every screening layer returns."""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS: tuple[str, ...] = ("none", "concern", "urgent")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def rank(level: str) -> int:
    """Order of a level: none 0 < concern 1 < urgent 2."""
    return _RANK[level]


@dataclass
class ScreenResult:
    """A level, a score in 0..1 consistent with it, and the signals a moderator can read."""

    level: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "score": self.score, "reasons": list(self.reasons)}


def raised(before: ScreenResult, after: ScreenResult) -> bool:
    """True when a later, deeper pass puts the message at a higher level than the gating pass did."""
    return rank(after.level) > rank(before.level)
