"""Soft scoring, waiting priority, explanations and text limits."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peercircle.matching.engine import (
    MAX_SITUATION_CHARS,
    CandidatePool,
    MatchProfile,
    SituationEncoder,
    SituationTextError,
    Weights,
    assign,
    clean_situation,
    explain_pair,
    find_best,
    pair_threshold,
    score_pair,
)

TOPICS = ["grief", "dementia", "alcohol", "exams", "caring", "money"]


def vector(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float32)


def person(id: str, **fields: object) -> MatchProfile:
    fields.setdefault("situation_vector", vector(1, 0, 0))
    return MatchProfile(id=id, **fields)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    base_a=st.sets(st.sampled_from(TOPICS)),
    base_b=st.sets(st.sampled_from(TOPICS)),
    extra=st.sampled_from([f"new-{i}" for i in range(3)]),
)
def test_sharing_one_more_topic_never_lowers_the_score(
    base_a: set[str], base_b: set[str], extra: str
) -> None:
    a, b = person("a", topics=base_a), person("b", topics=base_b)
    more_a, more_b = replace(a, topics=base_a | {extra}), replace(b, topics=base_b | {extra})
    assert score_pair(more_a, more_b) >= score_pair(a, b) - 1e-9


def test_a_closer_situation_scores_higher() -> None:
    query = person("q")
    near = person("near", situation_vector=vector(0.9, 0.1, 0))
    far = person("far", situation_vector=vector(0.1, 0.9, 0))
    assert score_pair(query, near) > score_pair(query, far)
    assert [other for other, _ in find_best(query, [query, far, near])] == ["near", "far"]


def test_same_role_and_lived_experience_raise_the_score() -> None:
    carer = person("carer", relation="supporting", intent="get")
    other_carer = person("carer2", relation="supporting")
    patient = person("patient", relation="living_with")
    veteran = person("veteran", relation="been_through", intent="give")
    assert score_pair(carer, other_carer) > score_pair(carer, patient)
    # Someone who has been through it and offers support, for someone who asked for support.
    assert score_pair(patient, veteran) > score_pair(patient, replace(veteran, intent="get"))


def test_availability_time_zone_and_age_preference_raise_the_score() -> None:
    a = person("a", availability={"mon-evening", "sat-morning"}, preferred_age_range=(30, 45), age=38)
    b = person("b", availability={"mon-evening"}, age=40)
    assert score_pair(a, b) > score_pair(a, replace(b, availability=frozenset({"tue-night"})))
    assert score_pair(a, b) > score_pair(a, replace(b, timezone_offset_hours=9))
    assert score_pair(a, b) > score_pair(a, replace(b, age=60))


def test_score_is_symmetric_and_between_zero_and_one() -> None:
    a = person("a", topics={"grief"}, relation="been_through", intent="give", waited_seconds=100)
    b = person("b", situation_vector=vector(0.5, 0.5, 0.7), topics={"grief", "caring"}, intent="get")
    assert score_pair(a, b) == pytest.approx(score_pair(b, a))
    assert 0.0 <= score_pair(a, b) <= 1.0


def test_pool_scores_equal_pair_scores_for_every_signal() -> None:
    rng = np.random.default_rng(3)
    people = [
        person(
            f"p{i}",
            situation_vector=rng.standard_normal(8).astype(np.float32),
            topics=set(rng.choice(TOPICS, size=2, replace=False)),
            interests={"chess"} if i % 2 else {"chess", "running"},
            relation=["living_with", "supporting", "been_through"][i % 3],
            intent=["get", "give", "both"][i % 3 - 1],
            availability={"mon-evening", "tue-evening"} if i % 3 else {"mon-evening"},
            timezone_offset_hours=float(i % 5),
            age=20 + i,
            preferred_age_range=(20, 30) if i % 4 == 0 else None,
            waited_seconds=float(60 * i),
        )
        for i in range(12)
    ]
    weights = Weights(situation=0.7, topics=0.4, waiting=0.3)
    pool = CandidatePool(people)
    by_id = {p.id: p for p in people}
    for query in people:
        for other, score in find_best(query, pool, k=20, weights=weights):
            assert score == pytest.approx(score_pair(query, by_id[other], weights), abs=1e-5)


def test_weights_must_be_usable() -> None:
    with pytest.raises(ValueError, match="negative"):
        Weights(topics=-1)
    with pytest.raises(ValueError, match="positive"):
        Weights(**dict.fromkeys(Weights().signal_weights(), 0.0))


def test_a_person_who_waited_longer_is_served_first_when_only_one_peer_is_free() -> None:
    # given two equally good seekers for one supporter
    supporter = person("supporter", intent="give", relation="been_through")
    newcomer = person("newcomer", intent="get")
    waited = person("waited", intent="get", waited_seconds=900)
    # when the batch runs, then the one who waited gets the supporter
    assert assign([supporter, newcomer, waited]) == [("supporter", "waited")]
    assert next(other for other, _ in find_best(supporter, [supporter, newcomer, waited])) == "waited"


def test_waiting_relaxes_the_quality_bar_so_nobody_waits_forever() -> None:
    a = person("a")
    weak = person("b", situation_vector=vector(0, 1, 0), relation="supporting", timezone_offset_hours=12)
    assert assign([a, weak], quality_vs_wait=0.5, min_quality=0.5) == []
    long_wait = replace(weak, waited_seconds=10**6)
    assert assign([a, long_wait], quality_vs_wait=0.5, min_quality=0.5) == [("a", "b")]
    # An admin who puts quality first keeps the bar whatever the wait.
    assert assign([a, long_wait], quality_vs_wait=1.0, min_quality=0.5) == []
    assert pair_threshold(0, 10**6, Weights(), 0.5, 0.5) == 0.0
    assert pair_threshold(0, 0, Weights(), 0.5, 0.5) == 0.5


def test_assignment_maximises_total_quality_not_the_first_greedy_pair() -> None:
    # a-b is the single best pair, but a-c plus b-d is better in total.
    a = person("a", situation_vector=vector(1, 0, 0))
    b = person("b", situation_vector=vector(0.95, 0.31, 0))
    c = person("c", situation_vector=vector(0.9, -0.43, 0))
    d = person("d", situation_vector=vector(0.6, 0.8, 0))
    assert sorted(assign([a, b, c, d], min_quality=0.0)) == [("a", "c"), ("b", "d")]


def test_explanation_names_shared_topics_role_and_time_but_never_the_situation_text() -> None:
    encoder = SituationEncoder(
        embed_fn=lambda texts: np.eye(len(texts) + 40, 16, dtype=np.float32)[: len(texts)]
    )
    a = person("a", topics={"dementia", "grief"}, relation="supporting", availability={"mon-evening"})
    b = person("b", topics={"dementia"}, relation="supporting", availability={"mon-evening", "sun-night"})
    reasons = explain_pair(a, b, topic_name=encoder.topic_name)
    assert "You both chose: Dementia" in reasons
    assert "You are both caring for someone" in reasons
    assert "You describe similar situations" in reasons
    assert "You are both usually free on Monday evening" in reasons
    assert explain_pair(a, b) == explain_pair(b, a)


@settings(max_examples=30, deadline=None)
@given(secret=st.text(min_size=12, max_size=80).filter(lambda text: text.strip() != ""))
def test_explanation_never_contains_the_situation_text(secret: str) -> None:
    encoder = SituationEncoder(embed_fn=lambda texts: np.ones((len(texts), 8), dtype=np.float32))
    vectors = encoder.encode([secret, secret + " too"])
    a = person("a", situation_vector=vectors[0], topics={"grief"})
    b = person("b", situation_vector=vectors[1], topics={"grief"})
    for reason in explain_pair(a, b, topic_name=encoder.topic_name, inferred_topic=encoder.inferred_topic):
        assert clean_situation(secret) not in reason


def test_situation_text_limits_are_explained() -> None:
    assert clean_situation("  my   mum passed \n in March ") == "my mum passed in March"
    with pytest.raises(SituationTextError, match="cannot be empty"):
        clean_situation("   ")
    with pytest.raises(SituationTextError, match="at most 2,000 characters"):
        clean_situation("x" * (MAX_SITUATION_CHARS + 1))
    assert len(clean_situation("x" * MAX_SITUATION_CHARS)) == MAX_SITUATION_CHARS


def test_encoder_version_changes_when_the_catalog_changes() -> None:
    def embed(texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32)

    first = SituationEncoder(embed_fn=embed)
    second = SituationEncoder(catalog={"grief": ("Grief", "grief")}, embed_fn=embed)
    assert first.version != second.version
    assert first.version.startswith("all-MiniLM")
