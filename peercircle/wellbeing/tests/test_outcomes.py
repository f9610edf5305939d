"""Outcome statistics and small-cell suppression for the programme report."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import stats

from peercircle.wellbeing.instruments import BRS, PHQ4, UCLA3, WHO5
from peercircle.wellbeing.outcomes import (
    DEFAULT_MIN_GROUP,
    Cell,
    ChangeSummary,
    SuppressedChange,
    check_min_group,
    instrument_change,
    paired_change,
    reported_change,
    suppress,
    suppress_breakdown,
)

who5_scores = st.integers(0, 25).map(lambda raw: float(raw * 4))
pairs = st.lists(st.tuples(who5_scores, who5_scores), min_size=1, max_size=60)
min_groups = st.integers(5, 30)


def _split(data: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    return [a for a, _ in data], [b for _, b in data]


# ---- paired change ----------------------------------------------------------------------------


def test_worked_example_who5() -> None:
    # given five members whose WHO-5 rose by 8, 12, 20, 0 and -4 points
    baseline = [40.0, 52.0, 28.0, 60.0, 72.0]
    later = [48.0, 64.0, 48.0, 60.0, 68.0]
    # when
    summary = paired_change(baseline, later, threshold=10, higher_is_better=True)
    # then: mean 7.2, sd of differences sqrt(364.8 / 4) = 9.550, t(0.975, 4) = 2.776
    assert summary.n == 5
    assert summary.mean_change == pytest.approx(7.2)
    assert summary.effect_size == pytest.approx(7.2 / math.sqrt(91.2))
    half = 2.7764451 * math.sqrt(91.2) / math.sqrt(5)
    assert summary.ci_low == pytest.approx(7.2 - half, rel=1e-6)
    assert summary.ci_high == pytest.approx(7.2 + half, rel=1e-6)
    assert summary.improved == pytest.approx(2 / 5)  # +12 and +20; +8 is below the 10-point change
    assert summary.declined == 0
    assert summary.unchanged == pytest.approx(3 / 5)


@given(pairs)
def test_ci_contains_the_mean_and_matches_scipy(data) -> None:
    baseline, later = _split(data)
    summary = paired_change(baseline, later, threshold=10, higher_is_better=True)
    diffs = np.array(later) - np.array(baseline)
    assert summary.mean_change == pytest.approx(float(diffs.mean()), abs=1e-9)
    if len(data) < 2:
        assert summary.ci_low is None and summary.ci_high is None and summary.effect_size is None
        return
    assert summary.ci_low is not None and summary.ci_high is not None
    assert summary.ci_low <= summary.mean_change <= summary.ci_high
    sd = float(diffs.std(ddof=1))
    if sd == 0:
        assert summary.effect_size is None
        assert summary.ci_low == pytest.approx(summary.ci_high)
        return
    interval = stats.ttest_rel(later, baseline).confidence_interval(0.95)
    assert summary.ci_low == pytest.approx(float(interval.low), rel=1e-6, abs=1e-9)
    assert summary.ci_high == pytest.approx(float(interval.high), rel=1e-6, abs=1e-9)
    assert summary.effect_size == pytest.approx(float(diffs.mean()) / sd)


@given(pairs, st.booleans(), st.sampled_from([4.0, 8.0, 10.0, 12.0]))
def test_improved_and_declined_shares_follow_direction(data, higher_is_better, threshold) -> None:
    baseline, later = _split(data)
    summary = paired_change(baseline, later, threshold=threshold, higher_is_better=higher_is_better)
    better = [(b - a) if higher_is_better else (a - b) for a, b in data]
    assert summary.improved == pytest.approx(sum(d >= threshold for d in better) / len(data))
    assert summary.declined == pytest.approx(sum(d <= -threshold for d in better) / len(data))
    assert summary.improved + summary.declined + summary.unchanged == pytest.approx(1)


def test_lower_is_better_counts_a_fall_as_improvement() -> None:
    # PHQ-4 falling 9 -> 6 (3 points) is a meaningful improvement, rising 2 -> 5 a decline
    summary = paired_change([9, 2, 4], [6, 5, 4], threshold=3, higher_is_better=False)
    assert (summary.improved, summary.declined) == pytest.approx((1 / 3, 1 / 3))
    assert summary.mean_change == pytest.approx(0)


def test_instrument_change_uses_each_instruments_threshold_and_direction() -> None:
    # given one member per instrument who moved exactly the meaningful amount in the better direction
    assert instrument_change(WHO5, [40.0], [50.0]).improved == 1
    assert instrument_change(WHO5, [40.0], [48.0]).improved == 0
    assert instrument_change(PHQ4, [9.0], [6.0]).improved == 1
    assert instrument_change(PHQ4, [6.0], [9.0]).declined == 1
    assert instrument_change(UCLA3, [8.0], [6.0]).improved == 1
    assert instrument_change(BRS, [16 / 6], [19 / 6]).improved == 1


def test_fractional_threshold_is_met_exactly_despite_float_error() -> None:
    # BRS means are sixths: 16/6 -> 19/6 is a change of exactly 0.5
    summary = paired_change([16 / 6, 3.0], [19 / 6, 3.0], threshold=0.5, higher_is_better=True)
    assert summary.improved == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("baseline", "later", "kwargs", "message"),
    [
        ([1.0, 2.0], [1.0], {}, "baseline has 2 values but later has 1"),
        ([], [], {}, "at least one pair"),
        ([1.0], [float("nan")], {}, "finite"),
        ([1.0], [2.0], {"threshold": 0}, "threshold must be positive"),
        ([1.0], [2.0], {"confidence": 1.0}, "confidence"),
    ],
)
def test_paired_change_rejects_bad_input(baseline, later, kwargs, message) -> None:
    arguments = {"threshold": 10.0, "higher_is_better": True, **kwargs}
    with pytest.raises(ValueError, match=message):
        paired_change(baseline, later, **arguments)


# ---- suppressing a change summary -------------------------------------------------------------


def test_suppressed_change_carries_no_statistics() -> None:
    assert [field.name for field in dataclasses.fields(SuppressedChange)] == ["is_suppressed"]


@given(pairs, min_groups)
def test_small_groups_never_reveal_values(data, min_group) -> None:
    baseline, later = _split(data)
    summary = paired_change(baseline, later, threshold=10, higher_is_better=True)
    shown = reported_change(summary, min_group=min_group)
    if len(data) < min_group:
        assert shown == SuppressedChange()
    else:
        assert isinstance(shown, ChangeSummary) and shown.n == len(data)


@pytest.mark.parametrize(
    ("n", "min_group", "is_shown"),
    [
        (4, 5, False),
        (5, 5, True),
        (9, 10, False),
        (10, 10, True),
        (11, 10, True),
        (9, 5, True),
        (11, 12, False),
    ],
)
def test_threshold_boundaries(n, min_group, is_shown) -> None:
    summary = paired_change([50.0] * n, [60.0] * n, threshold=10, higher_is_better=True)
    shown = reported_change(summary, min_group=min_group)
    assert isinstance(shown, ChangeSummary) is is_shown
    [cell] = suppress([Cell("everyone", n, 10.0)], min_group=min_group)
    assert cell.is_suppressed is not is_shown
    assert (cell.n, cell.value) == ((n, 10.0) if is_shown else (None, None))


def test_default_threshold_is_ten() -> None:
    assert DEFAULT_MIN_GROUP == 10
    assert suppress([Cell("a", 9, 1.0), Cell("b", 10, 2.0)])[0].is_suppressed
    assert not suppress([Cell("a", 9, 1.0), Cell("b", 10, 2.0)])[1].is_suppressed


@pytest.mark.parametrize("min_group", [4, 0, -10])
def test_threshold_below_five_is_refused(min_group) -> None:
    with pytest.raises(ValueError, match="at least 5"):
        check_min_group(min_group)
    with pytest.raises(ValueError, match="at least 5"):
        suppress([Cell("a", 100, 1.0)], min_group=min_group)
    summary = paired_change([1.0] * 20, [2.0] * 20, threshold=1, higher_is_better=True)
    with pytest.raises(ValueError, match="at least 5"):
        reported_change(summary, min_group=min_group)


def test_threshold_must_be_an_integer() -> None:
    with pytest.raises(TypeError):
        check_min_group(7.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        check_min_group(True)  # type: ignore[arg-type]


# ---- breakdowns and complementary suppression -------------------------------------------------


def _counts_breakdown(sizes: list[int], min_group: int, **kwargs):
    groups = [Cell(f"g{index}", size, float(size)) for index, size in enumerate(sizes)]
    return groups, suppress_breakdown(
        Cell("total", sum(sizes), float(sum(sizes))), groups, min_group=min_group, **kwargs
    )


def test_one_small_group_is_protected_by_hiding_the_next_smallest() -> None:
    # role split: receiving 40, giving 3, both 25 -> "giving" would be 68 - 40 - 25 = 3 by subtraction
    _, breakdown = _counts_breakdown([40, 3, 25], 10)
    assert not breakdown.total.is_suppressed and breakdown.total.n == 68
    assert [cell.is_suppressed for cell in breakdown.groups] == [False, True, True]
    assert [cell.n for cell in breakdown.groups] == [40, None, None]


def test_two_small_groups_that_pool_to_the_threshold_need_nothing_more() -> None:
    _, breakdown = _counts_breakdown([40, 4, 6], 10)
    assert [cell.is_suppressed for cell in breakdown.groups] == [False, True, True]


def test_two_small_groups_below_the_threshold_together_hide_a_third() -> None:
    _, breakdown = _counts_breakdown([40, 4, 5, 12], 10)
    assert [cell.is_suppressed for cell in breakdown.groups] == [False, True, True, True]


def test_empty_group_does_not_force_extra_suppression() -> None:
    # nobody is described by "0 people", so the other groups stay visible
    _, breakdown = _counts_breakdown([40, 0, 25], 10)
    assert [cell.is_suppressed for cell in breakdown.groups] == [False, True, False]


def test_small_total_hides_everything() -> None:
    _, breakdown = _counts_breakdown([6, 3], 10)
    assert breakdown.total.is_suppressed and breakdown.total.value is None
    assert all(cell.is_suppressed and cell.n is None for cell in breakdown.groups)


def test_groups_must_add_up_to_the_total_unless_they_overlap() -> None:
    groups = [Cell("grief", 30, 1.0), Cell("caring", 4, 2.0)]
    with pytest.raises(ValueError, match="groups_partition_total=False"):
        suppress_breakdown(Cell("total", 30, 0.0), groups, min_group=10)
    breakdown = suppress_breakdown(Cell("total", 30, 0.0), groups, min_group=10, groups_partition_total=False)
    assert [cell.is_suppressed for cell in breakdown.groups] == [False, True]


def test_negative_group_size_is_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        suppress([Cell("a", -1, 1.0)])


@given(st.lists(st.integers(0, 40), min_size=1, max_size=6), min_groups)
def test_no_small_group_can_be_derived_by_subtraction(sizes, min_group) -> None:
    groups, breakdown = _counts_breakdown(sizes, min_group)
    total = sum(sizes)
    shown = [cell for cell in breakdown.groups if not cell.is_suppressed]
    hidden = [group for group, cell in zip(groups, breakdown.groups, strict=True) if cell.is_suppressed]
    # every visible cell describes enough people
    for cell in (breakdown.total, *shown):
        assert cell.is_suppressed or (cell.n is not None and cell.n >= min_group)
    for group, cell in zip(groups, breakdown.groups, strict=True):
        if group.n < min_group:
            assert cell.is_suppressed and cell.n is None and cell.value is None
    if not breakdown.total.is_suppressed:
        # what an attacker derives: the hidden groups pooled, total minus everything shown
        derived = total - sum(cell.n for cell in shown if cell.n is not None)
        assert derived == 0 or derived >= min_group
        # protection costs at most one extra group
        assert sum(1 for group in hidden if group.n >= min_group) <= 1
    else:
        assert total < min_group


@given(st.lists(st.integers(10, 40), min_size=1, max_size=6))
def test_large_groups_are_all_shown(sizes) -> None:
    assume(sum(sizes) >= 10)
    _, breakdown = _counts_breakdown(sizes, 10)
    assert not any(cell.is_suppressed for cell in (breakdown.total, *breakdown.groups))
    assert [cell.value for cell in breakdown.groups] == [float(size) for size in sizes]


def test_means_of_a_hidden_group_cannot_be_recovered() -> None:
    # Means leak through n x mean just like counts: total 30 people with mean 50, receiving 20 at 52,
    # both 7 at 47, giving 3 at 40. After suppression the only derivable pool is giving+both (10 people).
    total = Cell("total", 30, (20 * 52 + 7 * 47 + 3 * 40) / 30)
    groups = [Cell("receiving", 20, 52.0), Cell("both", 7, 47.0), Cell("giving", 3, 40.0)]
    breakdown = suppress_breakdown(total, groups, min_group=5)
    # min_group 5: "giving" (3) is small, "both" (7) is hidden with it so the pool is 10 people
    assert [cell.value for cell in breakdown.groups] == [52.0, None, None]
