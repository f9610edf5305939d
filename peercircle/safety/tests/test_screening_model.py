"""The full stack (lexicon + context + embedding classifier); loads the local sentence model once."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from peercircle.core.embedding import MODEL_VERSION
from peercircle.safety.screening import (
    ScreenResult,
    ascreen_deep,
    raised,
    screen,
    screen_deep,
    screen_deep_many,
)
from peercircle.safety.screening.classifier import default_model
from peercircle.safety.screening.cli import main
from peercircle.safety.screening.dataset import DEV_AUTHOR_GROUPS, DEV_PATH, load_labelled
from peercircle.safety.screening.engine import combine
from peercircle.safety.screening.result import rank
from peercircle.safety.screening.train import (
    MAX_CONCERN_TO_URGENT,
    MAX_NONE_FLAGGED_BY_MODEL,
    DevSet,
    author_ids,
    choose_thresholds,
)


@pytest.fixture(scope="module")
def dev_results() -> list[tuple[str, str, ScreenResult]]:
    rows = load_labelled(DEV_PATH)
    results = screen_deep_many([text for _, text in rows])
    return [(gold, text, result) for (gold, text), result in zip(rows, results, strict=True)]


def test_shipped_weights_match_the_embedding_model() -> None:
    model = default_model()
    assert model.model_version == MODEL_VERSION, "retrain: python -m peercircle.safety.screening.train"
    assert model.classes == ("none", "concern", "urgent")
    assert model.coef.shape == (3, 384 + 3)
    assert model.exemplars.shape == (len(load_labelled(DEV_PATH)), 384)
    assert model.exemplar_labels.shape == (model.exemplars.shape[0],)
    assert 0.0 < model.risk_threshold <= 1.0
    assert 0.0 < model.urgent_threshold <= 1.0


def test_int8_exemplars_keep_cosine_similarities() -> None:
    from peercircle.core.embedding import embed
    from peercircle.safety.screening.classifier import EXEMPLARS_PATH, dequantise, quantise

    assert np.load(EXEMPLARS_PATH).dtype == np.int8, "exemplars are stored as int8 (train.py)"
    texts = [text for _, text in load_labelled(DEV_PATH)[:200]]
    exact = embed(texts)
    stored = dequantise(quantise(exact))
    queries = embed(["I have the pills here and tonight is the night", "this exam is killing me"])
    error = np.abs(queries @ exact.T - queries @ stored.T)
    assert error.max() < 0.01
    assert float(error.mean()) < 0.002


def test_deep_pass_never_lowers_the_gating_level(dev_results: list[tuple[str, str, ScreenResult]]) -> None:
    for _, text, deep in dev_results:
        assert rank(deep.level) >= rank(screen(text).level), text


def test_full_stack_stays_above_agreed_floors_on_the_dev_set(
    dev_results: list[tuple[str, str, ScreenResult]],
) -> None:
    risk = [r.level for g, _, r in dev_results if g != "none"]
    urgent = [r.level for g, _, r in dev_results if g == "urgent"]
    none = [r.level for g, _, r in dev_results if g == "none"]
    # In-sample (the exemplars include these rows and the lexicon was written from their errors), so the
    # floors sit just under what it scores (0.994 / 0.992 / 0.054 on the 11671 rows; scoring each message's
    # riskiest segment flags more in-sample `none` than the whole message alone did, 0.014). The `none`
    # ceiling moved from 0.045 to 0.05 when batches N to T arrived (written as harder negatives: the same
    # model flagged 6.5% of their `none` in-sample against 4.0% of the older rows'), and to 0.06 when v8
    # and batches U to AD did: the gate alone flags 2-13% of those ten authors' `none` (their negatives
    # were written after the lexicon and only partly tuned against), so the full stack flags 8.6% of the
    # new rows' `none` and 4.2% of the older 8377 rows' (4.7% before). The out-of-author figures are
    # printed by `python -m peercircle.safety.screening.train`.
    assert sum(level != "none" for level in risk) / len(risk) >= 0.99
    assert sum(level == "urgent" for level in urgent) / len(urgent) >= 0.99
    assert sum(level != "none" for level in none) / len(none) <= 0.06


def test_author_groups_cover_the_dev_set_with_every_level() -> None:
    # Training scores every choice leaving one author out; rows appended without a group would be
    # silently treated as the last author's, and a group without risk rows scores nothing.
    rows = load_labelled(DEV_PATH)
    authors = author_ids(len(rows))
    assert [int(a) for a in sorted(set(authors))] == list(range(len(DEV_AUTHOR_GROUPS)))
    for author in range(len(DEV_AUTHOR_GROUPS)):
        levels = {level for (level, _), a in zip(rows, authors, strict=True) if a == author}
        assert levels == {"none", "concern", "urgent"}
    with pytest.raises(ValueError, match="DEV_AUTHOR_GROUPS"):
        author_ids(len(rows) + 1)


def test_combine_raises_only_when_confident() -> None:
    fast = ScreenResult("none", 0.0, [])
    quiet = combine(
        fast, {"none": 0.6, "concern": 0.3, "urgent": 0.1}, risk_threshold=0.8, urgent_threshold=0.8
    )
    assert quiet.level == "none"
    loud = combine(
        fast, {"none": 0.05, "concern": 0.9, "urgent": 0.05}, risk_threshold=0.8, urgent_threshold=0.8
    )
    assert loud.level == "concern"
    assert loud.reasons == ["model: resembles risk messages (0.95)"]
    assert raised(fast, loud)
    urgent = combine(
        ScreenResult("concern", 0.5, ["ideation: wants to die"]),
        {"none": 0.0, "concern": 0.1, "urgent": 0.9},
        risk_threshold=0.8,
        urgent_threshold=0.8,
    )
    assert urgent.level == "urgent"
    assert urgent.score >= 0.75
    kept = combine(
        ScreenResult("urgent", 0.9, ["means: stockpiled"]),
        {"none": 1.0},
        risk_threshold=0.8,
        urgent_threshold=0.8,
    )
    assert kept.level == "urgent"


def test_screen_deep_keeps_hard_negatives_quiet() -> None:
    for text in (
        "this exam is killing me",
        "two years clean today",
        "if you feel suicidal call the crisis line",
    ):
        assert screen_deep(text).level == "none", text


async def test_ascreen_deep_matches_screen_deep() -> None:
    text = "i wish i was dead"
    assert (await ascreen_deep(text, context=["hi"])).as_dict() == screen_deep(text, context=["hi"]).as_dict()


def test_cli_uses_the_full_stack_by_default() -> None:
    stdin = io.StringIO(
        '{"id": 1, "text": "i saved up my pills"}\nnope\n{"id": 2, "text": "killing it today"}\n'
    )
    stdout = io.StringIO()
    assert main([], stdin=stdin, stdout=stdout) == 1
    rows = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [row.get("level", "error") for row in rows] == ["urgent", "error", "none"]
    assert [row["id"] for row in rows] == [1, None, 2]


def test_combine_raises_a_missed_message_to_urgent_only_past_both_thresholds() -> None:
    fast = ScreenResult("none", 0.0, [])
    both = combine(
        fast, {"none": 0.05, "concern": 0.15, "urgent": 0.8}, risk_threshold=0.8, urgent_threshold=0.5
    )
    assert both.level == "urgent"
    assert both.score >= 0.75
    assert [reason.split(" (")[0] for reason in both.reasons] == [
        "model: resembles risk messages",
        "model: resembles urgent messages",
    ]
    # Urgent-looking but not risky enough overall: the message is left as the lexicon found it.
    unsure = combine(
        fast, {"none": 0.3, "concern": 0.1, "urgent": 0.6}, risk_threshold=0.8, urgent_threshold=0.5
    )
    assert unsure.level == "none"
    assert not raised(fast, unsure)


@pytest.mark.parametrize(
    "text", ["ok", "A.", "yes", "lol", "thx x", "k", "same", "night x", "Breathe out slowly."]
)
def test_model_never_flags_a_word_or_two(text):
    from peercircle.safety.screening import screen_deep

    assert screen_deep(text).level == "none"


def test_thresholds_hold_the_model_to_its_budgets() -> None:
    # given out-of-author probabilities for 600 rows of each level
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1, 2], 600)
    probabilities = rng.dirichlet([1.0, 1.0, 1.0], size=len(labels))
    dev = DevSet(
        texts=[""] * len(labels),
        labels=labels,
        authors=np.zeros(len(labels), dtype=int),
        vectors=np.zeros((len(labels), 384), dtype=np.float32),
        fast=[],
        segment_rows=np.zeros(0, dtype=np.int64),
        segment_vectors=np.zeros((0, 384), dtype=np.float32),
        segment_texts=[],
    )
    # when the thresholds are chosen
    risk_threshold, urgent_threshold = choose_thresholds(dev, probabilities)
    # then the model alone spends its budgets, and not a row more
    p_risk = probabilities[:, 1] + probabilities[:, 2]
    none_flagged = (p_risk[labels == 0] >= risk_threshold).mean()
    concern_raised = (probabilities[labels == 1, 2] >= urgent_threshold).mean()
    assert MAX_NONE_FLAGGED_BY_MODEL - 1 / 600 < none_flagged <= MAX_NONE_FLAGGED_BY_MODEL
    assert MAX_CONCERN_TO_URGENT - 1 / 600 < concern_raised <= MAX_CONCERN_TO_URGENT


def test_segments_are_sentences_and_pairs_of_enough_words() -> None:
    from peercircle.safety.screening.classifier import MAX_CHUNKS, segments

    assert segments("just one sentence here with enough words") == []
    text = "Work was long and the bus was late again. I have the pills counted out on the table. Anyway."
    assert segments(text) == [
        "Work was long and the bus was late again.",
        "Work was long and the bus was late again. I have the pills counted out on the table.",
        "I have the pills counted out on the table.",
        "I have the pills counted out on the table. Anyway.",
    ]
    long = " ".join(f"Sentence number {i} has a few words in it." for i in range(200))
    assert len(segments(long)) <= 2 * MAX_CHUNKS - 1


def test_a_risk_sentence_buried_in_a_long_message_is_scored_on_its_own() -> None:
    from peercircle.safety.screening.classifier import predict

    # given a long message about an ordinary week with one risk sentence in the middle
    week = [
        "Monday I went to the shops and bought bread and milk for the week.",
        "The bus was late again so I walked home in the rain with my shopping bags.",
        "My neighbour asked me about the fence and we talked about the garden for a while.",
    ]
    risk = "Honestly I just want to die and stop being a burden to everyone."
    rest = [
        "On Thursday I cleaned the kitchen and watched a film about the history of trains.",
        "Friday my sister phoned about her holiday plans and the price of flights to Spain.",
    ]
    whole = " ".join([*week, risk, *rest])
    # when it is scored, then it is at least as risky as its riskiest sentence, and riskier than the rest
    scored, alone, ordinary = predict([whole, risk, " ".join(week + rest)])
    p_risk = {
        name: p["concern"] + p["urgent"]
        for name, p in (("whole", scored), ("alone", alone), ("ordinary", ordinary))
    }
    assert p_risk["whole"] >= p_risk["alone"] - 1e-6
    assert p_risk["whole"] > p_risk["ordinary"] + 0.3


def test_word_model_scores_as_the_regression_it_was_fitted_as() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from peercircle.safety.screening.classifier import terms
    from peercircle.safety.screening.train import WORD_MIN_DF, fit_word_model

    # given the word model fitted on part of the dev set, and scikit-learn's own TF-IDF and regression
    # fitted on the same rows
    rows = load_labelled(DEV_PATH)[::7]
    texts = [text for _, text in rows]
    labels = np.array([["none", "concern", "urgent"].index(level) for level, _ in rows])
    ours = fit_word_model(texts, labels, 4.0)
    vectoriser = TfidfVectorizer(analyzer=terms, min_df=WORD_MIN_DF, sublinear_tf=True)
    reference = LogisticRegression(C=4.0, max_iter=5000, class_weight="balanced")
    reference.fit(vectoriser.fit_transform(texts), labels)
    # when both score unseen rows
    unseen = [text for _, text in load_labelled(DEV_PATH)[3::7][:200]]
    # then the hand-written scoring (what ships: a vocabulary, weights, no scikit-learn objects) agrees
    assert ours.vocabulary == vectoriser.vocabulary_
    np.testing.assert_allclose(
        ours.probabilities(unseen), reference.predict_proba(vectoriser.transform(unseen)), atol=1e-4
    )


def test_terms_see_through_evasive_spellings() -> None:
    from peercircle.safety.screening.classifier import terms

    assert "kill myself" in terms("gonna k!ll mys3lf")
    assert "dont want" in terms("I don\u2019t want to")


def test_shipped_model_mixes_in_the_word_model() -> None:
    import dataclasses

    from peercircle.safety.screening.classifier import predict
    from peercircle.safety.screening.result import LEVELS

    model = default_model()
    assert model.words is not None and 0.0 < model.word_weight < 1.0
    assert model.words.coef.shape == (3, len(model.words.vocabulary))
    # given messages of one sentence each (no segments), scored with and without the word model
    texts = ["i have been stockpiling my tablets for weeks", "we are stockpiling snacks for the film night"]
    mixed = predict(texts)
    embedding_only = predict(texts, dataclasses.replace(model, word_weight=0.0))
    words_only = model.words.probabilities(texts)
    # then what ships is the weighted mean of the two models
    for got, alone, worded in zip(mixed, embedding_only, words_only, strict=True):
        expected = (1 - model.word_weight) * np.array([alone[c] for c in LEVELS]) + model.word_weight * worded
        np.testing.assert_allclose([got[c] for c in LEVELS], expected, atol=1e-5)


def test_held_out_rows_that_repeat_a_dev_text_are_left_out(tmp_path) -> None:
    from peercircle.safety.screening.dataset import load_heldout

    # given a dev set and a held-out set sharing one line (in another case)
    dev = tmp_path / "dev.tsv"
    dev.write_text("level\ttext\nnone\tanyone up?\nurgent\ttook them all\n", encoding="utf-8")
    heldout = tmp_path / "heldout.tsv"
    heldout.write_text(
        "level\ttext\nnone\tAnyone up?\nconcern\tcant stop thinking about it\n", encoding="utf-8"
    )
    # when the held-out set is loaded, then only the new writer's own line is measured
    assert load_heldout(heldout, dev) == ([("concern", "cant stop thinking about it")], 1)
