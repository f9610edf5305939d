"""The learned layer: multinomial logistic regression on the local sentence embeddings plus similarity to
hand-written exemplars of each level, averaged with a second regression on the words themselves.

Features per message: the 384-dim embedding, and for each level the mean cosine similarity to its `k`
nearest development exemplars (scaled so the regulariser does not drown them). The nearest-neighbour part
lets a new wording that closely resembles a known urgent message ("the hose is taped to the exhaust" ~ "the
engine is running in the garage") count even when the linear part has not learned its direction.

The sentence embedding places a message by topic well ("pills" and "tonight" sit near overdoses) and by
the small words that carry risk badly ("not going to", "wont be around", "this time"). The word model,
logistic regression on TF-IDF word unigrams and bigrams of the lexicon's normalised text, sees exactly
those; its probabilities are mixed with the embedding model's at a weight chosen leaving one author out
(`train`): on the 2392 dev rows of 2026-11-26 it raised the model's own any-risk recall on new authors
from 0.867 to 0.927 at the same share of `none` flagged.

Weights live in `data/classifier.json` and the exemplar vectors in `data/exemplars.npy`, both written by
`python -m peercircle.safety.screening.train` from the hand-written development set. The model never lowers
what the lexicon found; it raises a level only at thresholds chosen on out-of-author predictions
(see `train`).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from peercircle.safety.screening.engine import has_model_content
from peercircle.safety.screening.normalise import normalise

WEIGHTS_PATH = Path(__file__).parent / "data" / "classifier.json"
EXEMPLARS_PATH = Path(__file__).parent / "data" / "exemplars.npy"


def neighbour_features(
    vectors: np.ndarray, exemplars: np.ndarray, labels: np.ndarray, *, k: int, n_classes: int
) -> np.ndarray:
    """(n, n_classes): mean cosine similarity of each vector to its k nearest exemplars of each class."""
    similarities = vectors @ exemplars.T
    columns = []
    for level in range(n_classes):
        of_level = similarities[:, labels == level]
        kk = min(k, of_level.shape[1])
        # The k largest per row, without sorting the whole row.
        top = -np.partition(-of_level, kk - 1, axis=1)[:, :kk]
        columns.append(top.mean(axis=1))
    return np.stack(columns, axis=1).astype(np.float32)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")
WORD_NGRAMS = 2


def terms(text: str) -> list[str]:
    """The word unigrams and bigrams of a message, after the lexicon's normalisation (leetspeak,
    apostrophes, evasive spellings folded), the same for training and scoring."""
    tokens = _TOKEN.findall(normalise(text))
    out = list(tokens)
    for n in range(2, WORD_NGRAMS + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def idf_weights(document_frequency: np.ndarray, n_documents: int) -> np.ndarray:
    """Smoothed inverse document frequency (as scikit-learn computes it)."""
    return np.asarray(np.log((1 + n_documents) / (1 + document_frequency)) + 1.0)


def tfidf_rows(texts: list[str], vocabulary: dict[str, int], idf: np.ndarray) -> list[dict[int, float]]:
    """Sublinear TF-IDF of each text over a fixed vocabulary, L2-normalised, as sparse {column: value}."""
    rows: list[dict[int, float]] = []
    for text in texts:
        counts: dict[int, int] = {}
        for term in terms(text):
            column = vocabulary.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        weights = {column: (1.0 + math.log(count)) * float(idf[column]) for column, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in weights.values())) or 1.0
        rows.append({column: value / norm for column, value in weights.items()})
    return rows


@dataclass(frozen=True)
class WordModel:
    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_terms,)
    coef: np.ndarray  # (n_classes, n_terms)
    intercept: np.ndarray  # (n_classes,)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        logits = np.tile(self.intercept.astype(np.float64), (len(texts), 1))
        for index, row in enumerate(tfidf_rows(texts, self.vocabulary, self.idf)):
            if row:
                columns = np.fromiter(row.keys(), dtype=np.int64)
                values = np.fromiter(row.values(), dtype=np.float64)
                logits[index] += self.coef[:, columns] @ values
        return _softmax(logits)


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, 384 + n_classes)
    intercept: np.ndarray  # (n_classes,)
    # P(concern or urgent) at or above which a "none" becomes "concern".
    risk_threshold: float
    # P(urgent) at or above which a "concern" (from the lexicon or the model) becomes "urgent".
    urgent_threshold: float
    model_version: str
    exemplars: np.ndarray  # (n_exemplars, 384) unit vectors
    exemplar_labels: np.ndarray  # (n_exemplars,) class indices
    k: int
    neighbour_scale: float
    # The word model and its share of the mixed probabilities (0 leaves the embedding model alone).
    words: WordModel | None = None
    word_weight: float = 0.0

    def features(self, vectors: np.ndarray) -> np.ndarray:
        neighbours = neighbour_features(
            vectors, self.exemplars, self.exemplar_labels, k=self.k, n_classes=len(self.classes)
        )
        return np.hstack([vectors, neighbours * self.neighbour_scale])

    def probabilities(self, vectors: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        """Class probabilities of embedded texts; with the texts, mixed with the word model's."""
        embedded = _softmax(self.features(vectors) @ self.coef.T + self.intercept)
        if self.words is None or not self.word_weight or texts is None:
            return embedded
        return mix(embedded, self.words.probabilities(texts), self.word_weight)


def mix(embedded: np.ndarray, words: np.ndarray, word_weight: float) -> np.ndarray:
    """The two models' probabilities, averaged at the word model's weight."""
    return np.asarray((1.0 - word_weight) * embedded + word_weight * words)


# Exemplar vectors are stored as int8, unit vectors scaled by this: a quarter of float32's size, and cosine
# similarities move by about 1e-3 (`test_screening_model` checks the bound on the shipped file).
EXEMPLAR_SCALE = 127.0


def quantise(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors as int8 (see `EXEMPLAR_SCALE`)."""
    return np.clip(np.rint(vectors * EXEMPLAR_SCALE), -127, 127).astype(np.int8)


def dequantise(stored: np.ndarray) -> np.ndarray:
    """Stored exemplars back to float32 unit vectors (older files hold float16)."""
    if stored.dtype == np.int8:
        vectors = stored.astype(np.float32) / EXEMPLAR_SCALE
        return np.asarray(vectors / np.linalg.norm(vectors, axis=1, keepdims=True), dtype=np.float32)
    return stored.astype(np.float32)


def load_model(path: Path = WEIGHTS_PATH, exemplars_path: Path = EXEMPLARS_PATH) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    words = None
    if "words" in data:
        word_data = data["words"]
        words = WordModel(
            vocabulary={term: index for index, term in enumerate(word_data["terms"])},
            idf=np.asarray(word_data["idf"], dtype=np.float64),
            coef=np.asarray(word_data["coef"], dtype=np.float64),
            intercept=np.asarray(word_data["intercept"], dtype=np.float64),
        )
    return Model(
        classes=tuple(data["classes"]),
        coef=np.asarray(data["coef"], dtype=np.float32),
        intercept=np.asarray(data["intercept"], dtype=np.float32),
        risk_threshold=float(data["risk_threshold"]),
        urgent_threshold=float(data["urgent_threshold"]),
        model_version=str(data["model_version"]),
        exemplars=dequantise(np.load(exemplars_path)),
        exemplar_labels=np.asarray(data["exemplar_labels"], dtype=np.int64),
        k=int(data["k"]),
        neighbour_scale=float(data["neighbour_scale"]),
        words=words,
        word_weight=float(data["words"]["weight"]) if words is not None else 0.0,
    )


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model, loaded once per process."""
    return load_model()


# A sentence ends at . ! ? ; or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?;\n])\s+")
# Sentences are merged into at most this many chunks before pairing, so a 4,000-character message costs at
# most 15 more embeddings.
MAX_CHUNKS = 8


def segments(text: str) -> list[str]:
    """The parts of a message scored on their own besides the whole: each sentence and each pair of
    adjacent sentences (long messages: chunks of sentences and their pairs).

    One risk sentence in a long message about the rest of someone's week is diluted in the embedding of
    the whole (and cut off past the model's 256 word pieces); scored alone it looks like what it is.
    Leaving one author out at a time, taking the riskiest segment raised the model's any-risk recall on
    new authors from 0.796 to 0.881 at the same share of `none` flagged (train.py).
    """
    sentences = [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]
    if len(sentences) < 2:
        return []
    if len(sentences) > MAX_CHUNKS:
        size = math.ceil(len(sentences) / MAX_CHUNKS)
        sentences = [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]
    out: list[str] = []
    for i in range(len(sentences)):
        for width in (1, 2):
            if i + width > len(sentences):
                continue
            segment = " ".join(sentences[i : i + width])
            # The model is unreliable on a few words: a short segment is not scored on its own.
            if segment != text and segment not in out and has_model_content(segment):
                out.append(segment)
    return out


def riskiest(whole: np.ndarray, parts: np.ndarray) -> np.ndarray:
    """The distribution of the riskiest of a message and its segments (rows in class order none, concern,
    urgent; risk is P(concern) + P(urgent))."""
    best = whole
    for row in parts:
        if row[1] + row[2] > best[1] + best[2]:
            best = row
    return best


def predict(texts: list[str], model: Model | None = None) -> list[dict[str, float]]:
    """Class probabilities for each text (its riskiest segment's, see `segments`), one embedding batch."""
    from peercircle.core.embedding import embed

    model = model or default_model()
    parts = [segments(text) for text in texts]
    batch = list(texts) + [segment for found in parts for segment in found]
    probabilities = model.probabilities(embed(batch), batch)
    out = []
    offset = len(texts)
    for index, found in enumerate(parts):
        row = riskiest(probabilities[index], probabilities[offset : offset + len(found)])
        offset += len(found)
        out.append(dict(zip(model.classes, map(float, row), strict=True)))
    return out
