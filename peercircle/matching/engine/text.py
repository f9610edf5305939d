"""Turning "my situation" (and chosen topics) into the vector the engine compares.

Plain sentence-model cosine confuses near misses that share a mood but not a situation (grief vs. baby
loss vs. caring). We add a zero-shot "topic profile": the text is compared with a short description of
every topic in the community's catalog, and the soft mix of the closest topic descriptions is added to
the text vector. Topics the member picked are added the same way. Texts and descriptions are first moved
away from the catalog's mean, the "someone is struggling" direction every situation shares.
`python -m bench.matching` measures each step against plain cosine and TF-IDF.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from peercircle.core.embedding import MODEL_VERSION

MAX_SITUATION_CHARS = 2000

# Temperature and weight of the inferred topic mix, and weight of chosen topics: see the bench quality table.
ANCHOR_TEMPERATURE = 0.05
ANCHOR_WEIGHT = 1.0
CHOSEN_TOPIC_WEIGHT = 0.5
# Share of the catalog's mean direction removed from texts and topic descriptions: every situation here
# is "someone struggling", and that common direction drowns the differences between near misses.
CENTERING = 0.5

EmbedFn = Callable[[list[str]], np.ndarray]


# A default catalog for communities that have not configured theirs (and for the operator commands):
# slug -> (name, description). The description is what the text is compared with.
DEFAULT_TOPICS: dict[str, tuple[str, str]] = {
    "bereavement": ("Bereavement", "grief after the death of a loved one, bereavement"),
    "baby-loss": ("Baby loss", "miscarriage, stillbirth, losing a baby during pregnancy"),
    "suicide-loss": ("Bereaved by suicide", "bereaved by suicide, losing someone to suicide"),
    "dementia": ("Dementia", "caring for someone with dementia or Alzheimer's"),
    "child-illness": ("Seriously ill child", "parent of a seriously ill or disabled child"),
    "caring-partner": ("Caring for a partner", "caring for a partner or spouse who is ill"),
    "cancer": ("Cancer", "living with cancer, cancer treatment"),
    "diabetes": ("Diabetes", "living with diabetes"),
    "chronic-pain": ("Chronic pain", "chronic pain and long-term illness"),
    "alcohol": ("Alcohol", "alcohol addiction and recovery, drinking"),
    "gambling": ("Gambling", "gambling addiction, betting"),
    "drugs": ("Drugs", "drug addiction and recovery"),
    "job-loss": ("Job loss", "losing a job, redundancy, unemployment"),
    "money": ("Money worries", "debt and money worries"),
    "burnout": ("Work stress", "work stress and burnout"),
    "breakup": ("Breakup", "breakup with a partner, heartbreak"),
    "divorce": ("Divorce and separation", "divorce, separation and co-parenting children"),
    "moving-abroad": ("Moving abroad", "moving to a new country, homesickness, expat loneliness"),
    "student-life": ("Student life", "loneliness at university or college, student life"),
    "exams": ("Exam stress", "exam stress and academic pressure"),
    "postnatal": ("Postnatal depression", "postnatal depression after having a baby, new parent"),
    "infertility": ("Infertility", "infertility, trying to conceive, IVF"),
    "eating-disorder": ("Eating disorders", "eating disorders, anorexia, bulimia, binge eating"),
    "bullying": ("Bullying", "bullying and cyberbullying"),
    "anxiety": ("Anxiety", "anxiety, social anxiety, panic"),
    "depression": ("Depression", "depression and low mood"),
    "friendship": ("Friendship problems", "problems with friends, falling out"),
    "family": ("Family conflict", "conflict with parents or family"),
    "loneliness": ("Loneliness", "loneliness and isolation"),
    "lgbtq": ("LGBTQ+", "coming out, LGBTQ+ identity"),
    "self-harm": ("Self-harm", "self-harm"),
    "trauma": ("Trauma", "trauma and PTSD"),
}


class SituationTextError(ValueError):
    """The situation text cannot be used; the message is safe to show the member."""


def clean_situation(text: str) -> str:
    """Strip and validate a situation text: not empty, at most MAX_SITUATION_CHARS characters."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise SituationTextError("Describe your situation in a few words; it cannot be empty.")
    if len(cleaned) > MAX_SITUATION_CHARS:
        raise SituationTextError(
            f"Describe your situation in at most {MAX_SITUATION_CHARS:,} characters "
            f"(this one has {len(cleaned):,})."
        )
    return cleaned


def _default_embed(texts: list[str]) -> np.ndarray:
    from peercircle.core.embedding import embed

    return embed(texts)


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


@dataclass
class SituationEncoder:
    """Encodes situations against one topic catalog. Build once per process (it embeds the catalog)."""

    catalog: Mapping[str, tuple[str, str]] = field(default_factory=lambda: dict(DEFAULT_TOPICS))
    embed_fn: EmbedFn = _default_embed
    anchor_weight: float = ANCHOR_WEIGHT
    anchor_temperature: float = ANCHOR_TEMPERATURE
    chosen_topic_weight: float = CHOSEN_TOPIC_WEIGHT
    centering: float = CENTERING

    def __post_init__(self) -> None:
        self.slugs: list[str] = list(self.catalog)
        self._column = {slug: i for i, slug in enumerate(self.slugs)}
        if self.slugs:
            descriptions = [self.catalog[slug][1] for slug in self.slugs]
            raw = _normalise_rows(np.asarray(self.embed_fn(descriptions), dtype=np.float32))
            self.common = self.centering * raw.mean(axis=0)
            self.anchors = _normalise_rows(raw - self.common)
        else:
            self.anchors = np.zeros((0, 1), dtype=np.float32)
            self.common = np.zeros(1, dtype=np.float32)

    @property
    def version(self) -> str:
        """Stored vectors with another version must be recomputed (model, catalog or recipe changed)."""
        recipe = repr(
            (
                sorted(self.catalog.items()),
                self.anchor_weight,
                self.anchor_temperature,
                self.chosen_topic_weight,
                self.centering,
            )
        )
        return f"{MODEL_VERSION}+topics-{hashlib.sha256(recipe.encode()).hexdigest()[:12]}"

    def topic_name(self, slug: str) -> str:
        entry = self.catalog.get(slug)
        return entry[0] if entry else slug.replace("-", " ").replace("_", " ")

    def encode(self, texts: Sequence[str], topics: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """(n, d) unit vectors for situation texts (cleaned first) and, optionally, each one's topics.

        Raises SituationTextError for an empty or over-long text. Unknown topic slugs are ignored here
        (they still count as shared topics in scoring).
        """
        cleaned = [clean_situation(text) for text in texts]
        if not cleaned:
            return np.zeros((0, self.anchors.shape[1]), dtype=np.float32)
        vectors = _normalise_rows(np.asarray(self.embed_fn(cleaned), dtype=np.float32))
        if self.slugs:
            vectors = _normalise_rows(vectors - self.common)
        result = vectors.copy()
        if self.slugs and self.anchor_weight:
            similarities = vectors @ self.anchors.T
            mix = np.exp((similarities - similarities.max(axis=1, keepdims=True)) / self.anchor_temperature)
            mix /= mix.sum(axis=1, keepdims=True)
            result += self.anchor_weight * (mix @ self.anchors)
        if topics is not None and self.chosen_topic_weight:
            if len(topics) != len(cleaned):
                raise ValueError("topics must have one entry per text")
            for row, chosen in enumerate(topics):
                columns = [self._column[slug] for slug in chosen if slug in self._column]
                if columns:
                    result[row] += self.chosen_topic_weight * self.anchors[columns].mean(axis=0)
        return _normalise_rows(result)

    def encode_one(self, text: str, topics: Sequence[str] = ()) -> np.ndarray:
        return self.encode([text], [list(topics)])[0]

    def inferred_topic(self, vector: np.ndarray) -> str | None:
        """The catalog topic a situation vector is closest to, to describe a match in words."""
        if not self.slugs:
            return None
        return self.slugs[int(np.argmax(self.anchors @ vector))]
