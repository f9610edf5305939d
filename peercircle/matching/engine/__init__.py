"""The pure matching engine: no Django, no database. See issue 3 and `python -m bench.matching`."""

from peercircle.matching.engine.assignment import DEFAULT_MIN_QUALITY, assign, pair_threshold
from peercircle.matching.engine.explain import Reason, explain_pair, explain_pair_parts
from peercircle.matching.engine.profile import MatchProfile
from peercircle.matching.engine.scoring import DEFAULT_WEIGHTS, Weights, is_allowed, pair_signals, score_pair
from peercircle.matching.engine.search import CandidatePool, find_best
from peercircle.matching.engine.text import (
    DEFAULT_TOPICS,
    MAX_SITUATION_CHARS,
    SituationEncoder,
    SituationTextError,
    clean_situation,
)

__all__ = [
    "DEFAULT_MIN_QUALITY",
    "DEFAULT_TOPICS",
    "DEFAULT_WEIGHTS",
    "MAX_SITUATION_CHARS",
    "CandidatePool",
    "MatchProfile",
    "Reason",
    "SituationEncoder",
    "SituationTextError",
    "Weights",
    "assign",
    "clean_situation",
    "explain_pair",
    "explain_pair_parts",
    "find_best",
    "is_allowed",
    "pair_signals",
    "pair_threshold",
    "score_pair",
]
