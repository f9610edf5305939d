"""Situation vectors from the real local model: matching by meaning, not by shared words."""

from __future__ import annotations

import numpy as np
import pytest

from peercircle.matching.engine import SituationEncoder


@pytest.fixture(scope="module")
def encoder() -> SituationEncoder:
    return SituationEncoder()


def similarity(encoder: SituationEncoder, first: str, second: str) -> float:
    a, b = encoder.encode([first, second])
    return float(np.dot(a, b))


def test_two_bereavements_worded_differently_are_the_same_situation(encoder: SituationEncoder) -> None:
    grief = similarity(encoder, "my mum passed in March", "lost my father to a heart attack")
    unrelated = similarity(encoder, "my mum passed in March", "I was made redundant in March")
    assert grief > unrelated + 0.2


def test_caring_for_dementia_is_closer_to_caring_than_to_grief(encoder: SituationEncoder) -> None:
    carer = "caring for my husband with dementia"
    assert similarity(
        encoder, carer, "dad keeps wandering at night since his Alzheimer's diagnosis"
    ) > similarity(encoder, carer, "my mum died after a long illness")


def test_chosen_topics_pull_two_vague_descriptions_together(encoder: SituationEncoder) -> None:
    vague_a, vague_b = "everything is too much right now", "I can't cope with how things are"
    without = float(np.dot(*encoder.encode([vague_a, vague_b])))
    with_topics = float(np.dot(*encoder.encode([vague_a, vague_b], [["gambling"], ["gambling"]])))
    assert with_topics > without
    assert (
        encoder.inferred_topic(encoder.encode_one("I bet our savings on football", ["gambling"]))
        == "gambling"
    )
