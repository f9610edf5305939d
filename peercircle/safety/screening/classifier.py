"""The learned layer: multinomial logistic regression on the local sentence embeddings.

Weights live in `data/classifier.json`, written by `python -m peercircle.safety.screening.train` from the
hand-written development set. The model never lowers what the lexicon found; it can only raise a level
when it is confident, with thresholds chosen on out-of-fold predictions (see `train`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS_PATH = Path(__file__).parent / "data" / "classifier.json"


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, 384)
    intercept: np.ndarray  # (n_classes,)
    # P(concern or urgent) at or above which a lexicon "none" becomes "concern".
    risk_threshold: float
    # P(urgent) at or above which a lexicon "concern" becomes "urgent".
    urgent_threshold: float
    model_version: str

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def load_model(path: Path = WEIGHTS_PATH) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        classes=tuple(data["classes"]),
        coef=np.asarray(data["coef"], dtype=np.float32),
        intercept=np.asarray(data["intercept"], dtype=np.float32),
        risk_threshold=float(data["risk_threshold"]),
        urgent_threshold=float(data["urgent_threshold"]),
        model_version=str(data["model_version"]),
    )


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model, loaded once per process."""
    return load_model()


def predict(texts: list[str], model: Model | None = None) -> list[dict[str, float]]:
    """Class probabilities for each text, embedding them in one batch."""
    from peercircle.core.embedding import embed

    model = model or default_model()
    probabilities = model.probabilities(embed(texts))
    return [dict(zip(model.classes, map(float, row), strict=True)) for row in probabilities]
