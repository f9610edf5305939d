"""Scoring tests against the published rules, written independently of the implementation."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peercircle.wellbeing.instruments import (
    BRS,
    INSTRUMENTS,
    PHQ4,
    UCLA3,
    WHO5,
    InvalidAnswers,
    change_direction,
)


def test_registry_holds_exactly_the_four_free_instruments() -> None:
    assert set(INSTRUMENTS) == {"who5", "phq4", "ucla3", "brs"}
    assert all(key == instrument.key for key, instrument in INSTRUMENTS.items())
    names = " ".join(str(instrument.name) + instrument.source for instrument in INSTRUMENTS.values())
    assert "WEMWBS" not in names and "Warwick" not in names


@pytest.mark.parametrize("instrument", list(INSTRUMENTS.values()), ids=list(INSTRUMENTS))
def test_every_instrument_cites_its_source_and_licence(instrument) -> None:
    assert instrument.source and instrument.licence and instrument.meaningful_change_basis
    assert any(ch.isdigit() for ch in instrument.source)  # a year / doi, not just a name
    assert [item.number for item in instrument.items] == list(range(1, len(instrument.items) + 1))


def test_who5_published_wording_and_options() -> None:
    assert [str(item.text) for item in WHO5.items] == [
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ]
    assert [(o.value, str(o.label)) for o in WHO5.items[0].options] == [
        (5, "All of the time"),
        (4, "Most of the time"),
        (3, "More than half of the time"),
        (2, "Less than half of the time"),
        (1, "Some of the time"),
        (0, "At no time"),
    ]
    assert "two weeks" in str(WHO5.time_frame)


def test_phq4_published_wording_and_order_of_subscales() -> None:
    assert [str(item.text) for item in PHQ4.items] == [
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
    ]
    assert [str(o.label) for o in PHQ4.items[0].options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert "2 weeks" in str(PHQ4.instructions)


def test_ucla3_and_brs_wording() -> None:
    assert [str(item.text) for item in UCLA3.items] == [
        "How often do you feel that you lack companionship?",
        "How often do you feel left out?",
        "How often do you feel isolated from others?",
    ]
    assert [(o.value, str(o.label)) for o in UCLA3.items[0].options] == [
        (1, "Hardly ever"),
        (2, "Some of the time"),
        (3, "Often"),
    ]
    assert [item.is_reversed for item in BRS.items] == [False, True, False, True, False, True]
    assert str(BRS.items[1].text) == "I have a hard time making it through stressful events."


# ---- WHO-5 ------------------------------------------------------------------------------------


def _who5_expected(answers: tuple[int, ...]) -> tuple[int, str, set[str]]:
    percent = 4 * sum(answers)
    flags = set()
    if percent < 50:
        flags.add("who5_poor")
    if percent <= 28:
        flags.add("who5_depression_screen")
    band = "likely_depression" if percent <= 28 else ("poor" if percent < 50 else "good")
    return percent, band, flags


def test_who5_all_answer_vectors_match_the_published_rule() -> None:
    vectors = list(itertools.product(range(6), repeat=5))
    assert len(vectors) == 6**5
    for answers in vectors:
        score = WHO5.score(answers)
        percent, band, flags = _who5_expected(answers)
        assert score.total == sum(answers)
        assert score.value == percent
        assert score.band == band
        assert score.flags == flags


@pytest.mark.parametrize(
    ("answers", "percent", "band", "flags"),
    [
        ((0, 0, 0, 0, 0), 0, "likely_depression", {"who5_poor", "who5_depression_screen"}),
        ((2, 1, 1, 1, 2), 28, "likely_depression", {"who5_poor", "who5_depression_screen"}),
        ((2, 2, 1, 1, 2), 32, "poor", {"who5_poor"}),
        ((3, 3, 2, 2, 2), 48, "poor", {"who5_poor"}),
        ((3, 3, 3, 2, 2), 52, "good", set()),
        ((5, 5, 5, 5, 5), 100, "good", set()),
    ],
)
def test_who5_band_boundaries(answers, percent, band, flags) -> None:
    score = WHO5.score(answers)
    assert (score.value, score.band, score.flags) == (percent, band, flags)


# ---- PHQ-4 ------------------------------------------------------------------------------------


def test_phq4_all_answer_vectors() -> None:
    for answers in itertools.product(range(4), repeat=4):
        score = PHQ4.score(answers)
        total = sum(answers)
        gad2, phq2 = answers[0] + answers[1], answers[2] + answers[3]
        assert score.total == total and score.value == total
        assert dict(score.subscores) == {"anxiety": gad2, "depression": phq2}
        expected_band = ["normal"] * 3 + ["mild"] * 3 + ["moderate"] * 3 + ["severe"] * 4
        assert score.band == expected_band[total]
        assert ("phq4_severe" in score.flags) == (total >= 9)
        assert ("gad2_positive" in score.flags) == (gad2 >= 3)
        assert ("phq2_positive" in score.flags) == (phq2 >= 3)


@pytest.mark.parametrize(
    ("answers", "band", "flags"),
    [
        ((1, 1, 0, 0), "normal", set()),  # total 2, GAD-2 2: just below both cut-offs
        ((2, 1, 0, 0), "mild", {"gad2_positive"}),  # total 3, GAD-2 exactly 3
        ((0, 0, 1, 2), "mild", {"phq2_positive"}),
        ((3, 3, 0, 2), "moderate", {"gad2_positive"}),  # total 8
        ((3, 3, 1, 2), "severe", {"gad2_positive", "phq2_positive", "phq4_severe"}),  # total 9
        ((3, 3, 3, 3), "severe", {"gad2_positive", "phq2_positive", "phq4_severe"}),
    ],
)
def test_phq4_worked_examples(answers, band, flags) -> None:
    score = PHQ4.score(answers)
    assert score.band == band
    assert score.flags == flags
    assert str(score.band_label) == str(PHQ4.band_for(band).label)


# ---- UCLA-3 -----------------------------------------------------------------------------------


def test_ucla3_all_answer_vectors() -> None:
    for answers in itertools.product((1, 2, 3), repeat=3):
        score = UCLA3.score(answers)
        assert score.value == sum(answers)
        assert score.band == ("lonely" if sum(answers) >= 6 else "not_lonely")
        assert ("ucla3_lonely" in score.flags) == (sum(answers) >= 6)


def test_ucla3_boundary_5_vs_6() -> None:
    assert UCLA3.score((2, 2, 1)).band == "not_lonely"
    assert UCLA3.score((2, 2, 2)).band == "lonely"
    assert UCLA3.score((1, 1, 1)).value == 3 and UCLA3.score((3, 3, 3)).value == 9


# ---- BRS --------------------------------------------------------------------------------------


def _brs_expected(answers: tuple[int, ...]) -> Fraction:
    positive = answers[0] + answers[2] + answers[4]
    negative = (6 - answers[1]) + (6 - answers[3]) + (6 - answers[5])
    return Fraction(positive + negative, 6)


@given(st.tuples(*[st.integers(1, 5)] * 6))
def test_brs_matches_reversed_mean_and_bands(answers) -> None:
    score = BRS.score(answers)
    mean = _brs_expected(answers)
    assert score.value == pytest.approx(float(mean))
    assert 1 <= score.value <= 5
    expected = "low" if mean < 3 else ("normal" if mean <= Fraction(43, 10) else "high")
    assert score.band == expected
    assert ("brs_low" in score.flags) == (expected == "low")


@pytest.mark.parametrize(
    ("answers", "mean", "band"),
    [
        ((5, 1, 5, 1, 5, 1), 5.0, "high"),  # most resilient answers use the reversed items' 1s
        ((1, 5, 1, 5, 1, 5), 1.0, "low"),
        ((3, 3, 3, 3, 3, 3), 3.0, "normal"),  # 3.00 is the lowest normal score
        ((3, 3, 3, 3, 2, 3), 17 / 6, "low"),  # 2.83
        ((4, 2, 4, 2, 4, 2), 4.0, "normal"),
        ((5, 2, 4, 2, 4, 2), 25 / 6, "normal"),  # 4.17
        ((5, 2, 5, 2, 4, 2), 26 / 6, "high"),  # 4.33 > 4.30
        ((4, 4, 4, 4, 4, 4), 3.0, "normal"),  # agreeing with everything cancels out
    ],
)
def test_brs_worked_examples_with_reversed_items(answers, mean, band) -> None:
    score = BRS.score(answers)
    assert score.value == pytest.approx(mean)
    assert score.band == band


def test_brs_reversal_is_applied_only_to_items_2_4_6() -> None:
    base = BRS.score((3, 3, 3, 3, 3, 3)).total
    for index in range(6):
        answers = [3] * 6
        answers[index] = 5
        delta = BRS.score(answers).total - base
        assert delta == (-2 if index in (1, 3, 5) else 2)


# ---- invalid answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "answers", "message"),
    [
        (WHO5, (1, 2, 3, 4), "expected 5 answers, got 4"),
        (WHO5, (1, 2, 3, 4, 5, 5), "expected 5 answers, got 6"),
        (WHO5, (1, 2, 3, 4, 6), "item 5: answer 6 is not one of"),
        (WHO5, (-1, 2, 3, 4, 5), "item 1: answer -1"),
        (PHQ4, (0, 0, 0, 4), "item 4: answer 4"),
        (PHQ4, (0, 0, True, 0), "must be an integer"),
        (PHQ4, (0, 0, 1.0, 0), "must be an integer"),
        (PHQ4, "0000", "sequence of integers"),
        (UCLA3, (0, 1, 1), "item 1: answer 0"),
        (UCLA3, (), "expected 3 answers, got 0"),
        (BRS, (1, 2, 3, 4, 5, 0), "item 6: answer 0"),
        (BRS, (1, 2, 3, 4, 5, "5"), "must be an integer"),
    ],
)
def test_invalid_answers_are_rejected_with_a_clear_message(instrument, answers, message) -> None:
    with pytest.raises(InvalidAnswers, match=message) as raised:
        instrument.score(answers)
    assert isinstance(raised.value, ValueError)
    assert instrument.short_name in str(raised.value)


# ---- meaningful change ------------------------------------------------------------------------


def test_meaningful_change_is_direction_aware() -> None:
    assert WHO5.meaningful_change == 10
    assert change_direction(WHO5, 40, 52) == 1
    assert change_direction(WHO5, 40, 48) == 0
    assert change_direction(WHO5, 40, 30) == -1
    # lower is better: PHQ-4 falling by 3 is an improvement, rising by 3 a decline
    assert change_direction(PHQ4, 9, 6) == 1
    assert change_direction(PHQ4, 6, 9) == -1
    assert change_direction(PHQ4, 6, 8) == 0
    assert change_direction(UCLA3, 8, 6) == 1
    # float means: 19/6 - 16/6 is exactly the 0.5 threshold
    assert change_direction(BRS, 16 / 6, 19 / 6) == 1
    assert change_direction(BRS, 16 / 6, 18 / 6) == 0
