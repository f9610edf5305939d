"""Regenerate the classifier weights and exemplars from tests/data/screening_dev.tsv, deterministically.

    python -m peercircle.safety.screening.train

Only the development set is read: the held-out v3 set is never read here. Everything is chosen on 5-fold
out-of-fold predictions over the development set (nearest-neighbour features are themselves computed
out-of-fold, inside each training fold, so the regression does not learn to trust a message's similarity
to itself):

- the regularisation strength C, from `C_GRID`, maximising out-of-fold any-risk plus urgent recall at the
  thresholds below;
- the risk threshold, so that the model on its own would flag at most `MAX_NONE_FLAGGED` of dev `none`;
- the urgent threshold, so that it would raise at most `MAX_CONCERN_TO_URGENT` of dev `concern` to urgent.

The model only ever adds to the lexicon.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from peercircle.safety.screening.classifier import EXEMPLARS_PATH, WEIGHTS_PATH, neighbour_features
from peercircle.safety.screening.dataset import DEV_PATH, load_labelled
from peercircle.safety.screening.result import LEVELS

# The product allows at most 10% of `none` messages flagged; the lexicon alone flags about 1% of dev
# `none`, so the deep pass may spend most of the rest (dev `none` rows are mostly hard negatives, so
# ordinary traffic should see fewer). Recall is what the product favours.
MAX_NONE_FLAGGED = 0.08
# A concern raised to urgent costs a moderator an urgent look at someone who is already flagged; a missed
# urgent costs far more, so this budget is looser than the one for `none`.
MAX_CONCERN_TO_URGENT = 0.15
C_GRID = (1.0, 4.0, 16.0)
K_NEIGHBOURS = 5
# Similarities sit in a narrow band (~0.3-0.9): scaling lets them compete with 384 embedding dimensions.
NEIGHBOUR_SCALE = 3.0
FOLDS = 5
SEED = 0


def _fit(features: np.ndarray, labels: np.ndarray, c: float) -> object:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit(features, labels)
    return model


def _threshold(scores: np.ndarray, max_rate: float) -> float:
    """The lowest threshold at which at most `max_rate` of these negatives' scores reach it."""
    if len(scores) == 0:
        return 1.0
    ordered = np.sort(scores)[::-1]
    allowed = int(np.floor(max_rate * len(ordered)))
    # Strictly above the (allowed+1)-th highest negative score.
    return float(min(1.0, ordered[allowed] + 1e-6)) if allowed < len(ordered) else 0.0


def _out_of_fold_neighbours(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Neighbour features for every row, each computed against the other folds only."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(labels), len(LEVELS)), dtype=np.float32)
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED + 1)
    for keep, held in folds.split(vectors, labels):
        out[held] = neighbour_features(
            vectors[held], vectors[keep], labels[keep], k=K_NEIGHBOURS, n_classes=len(LEVELS)
        )
    return out


def _features(vectors: np.ndarray, neighbours: np.ndarray) -> np.ndarray:
    return np.hstack([vectors, neighbours * NEIGHBOUR_SCALE])


def _out_of_fold(vectors: np.ndarray, labels: np.ndarray, c: float) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(labels), len(LEVELS)))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_idx, test_idx in folds.split(vectors, labels):
        train_vectors, train_labels = vectors[train_idx], labels[train_idx]
        train_features = _features(train_vectors, _out_of_fold_neighbours(train_vectors, train_labels))
        test_neighbours = neighbour_features(
            vectors[test_idx], train_vectors, train_labels, k=K_NEIGHBOURS, n_classes=len(LEVELS)
        )
        model = _fit(train_features, train_labels, c)
        out[test_idx] = model.predict_proba(_features(vectors[test_idx], test_neighbours))  # type: ignore[attr-defined]
    return out


def _operating_point(out_of_fold: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    p_urgent = out_of_fold[:, 2]
    p_risk = out_of_fold[:, 1] + p_urgent
    risk_threshold = _threshold(p_risk[labels == 0], MAX_NONE_FLAGGED)
    urgent_threshold = _threshold(p_urgent[labels == 1], MAX_CONCERN_TO_URGENT)
    urgent = labels == 2
    return {
        "risk_threshold": risk_threshold,
        "urgent_threshold": urgent_threshold,
        "oof_recall_risk": float((p_risk[labels > 0] >= risk_threshold).mean()),
        # As `combine` applies them: urgent needs the risk threshold too unless the lexicon said concern.
        "oof_recall_urgent": float(
            ((p_urgent[urgent] >= urgent_threshold) & (p_risk[urgent] >= risk_threshold)).mean()
        ),
    }


def train(
    dev_path: Path = DEV_PATH, out_path: Path = WEIGHTS_PATH, exemplars_path: Path = EXEMPLARS_PATH
) -> dict[str, object]:
    from peercircle.core.embedding import MODEL_VERSION, embed

    rows = load_labelled(dev_path)
    labels = np.array([LEVELS.index(level) for level, _ in rows])
    vectors = embed([text for _, text in rows])

    by_c = {c: _operating_point(_out_of_fold(vectors, labels, c), labels) for c in C_GRID}
    # Ties go to the stronger regularisation (earlier in the grid).
    best_c = max(C_GRID, key=lambda c: (by_c[c]["oof_recall_risk"] + by_c[c]["oof_recall_urgent"], -c))
    point = by_c[best_c]

    model = _fit(_features(vectors, _out_of_fold_neighbours(vectors, labels)), labels, best_c)
    payload: dict[str, object] = {
        "classes": list(LEVELS),
        "model_version": MODEL_VERSION,
        "trained_on": dev_path.name,
        "n_examples": len(rows),
        "C": best_c,
        "k": K_NEIGHBOURS,
        "neighbour_scale": NEIGHBOUR_SCALE,
        "risk_threshold": round(point["risk_threshold"], 4),
        "urgent_threshold": round(point["urgent_threshold"], 4),
        "oof_by_C": {
            str(c): {k: round(v, 4) for k, v in p.items() if k.startswith("oof")} for c, p in by_c.items()
        },
        "oof_recall_risk_at_threshold": round(point["oof_recall_risk"], 4),
        "oof_recall_urgent_at_threshold": round(point["oof_recall_urgent"], 4),
        "exemplar_labels": [int(x) for x in labels],
        "coef": [[round(float(x), 6) for x in row] for row in model.coef_],  # type: ignore[attr-defined]
        "intercept": [round(float(x), 6) for x in model.intercept_],  # type: ignore[attr-defined]
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(payload, indent=0) + "\n", encoding="utf-8")
    # float16 halves the file; cosine similarities move by < 1e-3.
    np.save(exemplars_path, vectors.astype(np.float16), allow_pickle=False)
    return payload


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV_PATH)
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--exemplars", type=Path, default=EXEMPLARS_PATH)
    args = parser.parse_args(argv)
    payload = train(args.dev, args.out, args.exemplars)
    summary = {k: v for k, v in payload.items() if k not in {"coef", "intercept", "exemplar_labels"}}
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
