"""Outcome statistics for the programme report, with small-cell suppression.

Pure functions on plain numbers: no models, no database. The report layer collects one
(baseline, later) pair per member and measure, calls `paired_change`, and passes every cell it is
about to show through `suppress` / `suppress_breakdown` / `reported_change` first.

Privacy rules implemented here (PRODUCT.md: "aggregate reports only above a minimum group size"):

* Primary suppression: a cell describing fewer than `min_group` people (default 10, configurable,
  never below 5) shows nothing: no value and no n, just `is_suppressed=True`.
* Complementary suppression: when a breakdown's groups partition its total (each person in exactly
  one group, e.g. role: receiving / giving / both), a single hidden group could be recovered as
  total minus the shown groups, for counts and, via n x mean, for means too. So after primary
  suppression we also hide the smallest shown group whenever the hidden groups together describe
  fewer than `min_group` people (one extra group always suffices). What can then be derived, the
  pooled hidden groups, always describes at least `min_group` people. A total below `min_group`
  hides everything.
* Not covered: differencing across overlapping breakdowns (topics, where a member can be in several)
  and across two reports whose periods differ slightly. Overlapping breakdowns get primary
  suppression only; the report layer should not offer arbitrary period pairs on small communities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from scipy import stats

from peercircle.wellbeing.instruments import Instrument

__all__ = [
    "DEFAULT_MIN_GROUP",
    "MIN_GROUP_FLOOR",
    "Breakdown",
    "Cell",
    "ChangeSummary",
    "ReportCell",
    "SuppressedChange",
    "check_min_group",
    "instrument_change",
    "paired_change",
    "reported_change",
    "suppress",
    "suppress_breakdown",
]

DEFAULT_MIN_GROUP = 10
MIN_GROUP_FLOOR = 5

# Differences of means on fractional scales (BRS: sixths) land a hair below the threshold in floats.
_TOLERANCE = 1e-9

T = TypeVar("T")


def check_min_group(min_group: int) -> int:
    """Return `min_group` if it is an allowed threshold, else raise ValueError (TypeError if not an int).

    Raising (rather than clamping) makes a misconfigured deployment fail loudly instead of quietly
    publishing at a threshold nobody chose.
    """
    if isinstance(min_group, bool) or not isinstance(min_group, int):
        raise TypeError(f"min_group must be an integer, got {min_group!r}")
    if min_group < MIN_GROUP_FLOOR:
        raise ValueError(f"min_group must be at least {MIN_GROUP_FLOOR}, got {min_group}")
    return min_group


# ---- paired change ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    n: int
    mean_baseline: float
    mean_later: float
    # later - baseline, on the measure's own scale (not direction-adjusted).
    mean_change: float
    ci_low: float | None
    ci_high: float | None
    confidence: float
    # Cohen's d for paired data, d_z = mean(diff) / sd(diff) (sd with n - 1). Signed like mean_change.
    # None when it is undefined (n < 2, or every member changed by exactly the same amount).
    effect_size: float | None
    threshold: float
    higher_is_better: bool
    improved: float  # share of members, 0-1
    declined: float
    unchanged: float


@dataclass(frozen=True, slots=True)
class SuppressedChange:
    """What a report shows for a group below the threshold: nothing but the fact of suppression."""

    is_suppressed: bool = True


def paired_change(
    baseline: Sequence[float],
    later: Sequence[float],
    *,
    threshold: float,
    higher_is_better: bool,
    confidence: float = 0.95,
) -> ChangeSummary:
    """Summarise within-person change from `baseline[i]` to `later[i]`.

    The confidence interval is the paired t interval: mean(diff) +/- t(1 - alpha/2, n - 1) * sd/sqrt(n).
    The effect size is Cohen's d_z (mean of differences over their standard deviation), the paired
    variant; it is larger than the between-group d_av when baseline and later scores correlate,
    so compare it only with other d_z values. A member improved when their change in the better
    direction is at least `threshold` (the instrument's meaningful change), declined when it is at
    least `threshold` in the worse direction.

    This returns raw statistics; pass it through `reported_change` before anyone sees it.
    """
    if len(baseline) != len(later):
        raise ValueError(f"baseline has {len(baseline)} values but later has {len(later)}")
    if not baseline:
        raise ValueError("paired_change needs at least one pair")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if threshold <= 0:
        raise ValueError(f"threshold must be positive, got {threshold}")
    values = [float(v) for v in (*baseline, *later)]
    if not all(math.isfinite(v) for v in values):
        raise ValueError("scores must be finite numbers")

    n = len(baseline)
    diffs = [float(b) - float(a) for a, b in zip(baseline, later, strict=True)]
    mean_change = math.fsum(diffs) / n
    ci_low: float | None = None
    ci_high: float | None = None
    effect_size: float | None = None
    if n >= 2:
        variance = math.fsum((d - mean_change) ** 2 for d in diffs) / (n - 1)
        sd = math.sqrt(variance)
        half_width = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
        ci_low, ci_high = mean_change - half_width, mean_change + half_width
        # Below float noise the differences are all equal and d would be a meaningless huge number.
        if sd > _TOLERANCE * max(1.0, abs(mean_change)):
            effect_size = mean_change / sd

    sign = 1.0 if higher_is_better else -1.0
    improved = sum(1 for d in diffs if sign * d >= threshold - _TOLERANCE)
    declined = sum(1 for d in diffs if sign * d <= -threshold + _TOLERANCE)
    return ChangeSummary(
        n=n,
        mean_baseline=math.fsum(map(float, baseline)) / n,
        mean_later=math.fsum(map(float, later)) / n,
        mean_change=mean_change,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=confidence,
        effect_size=effect_size,
        threshold=threshold,
        higher_is_better=higher_is_better,
        improved=improved / n,
        declined=declined / n,
        unchanged=(n - improved - declined) / n,
    )


def instrument_change(
    instrument: Instrument, baseline: Sequence[float], later: Sequence[float]
) -> ChangeSummary:
    """`paired_change` on `Score.value`s, with the instrument's meaningful change and direction."""
    return paired_change(
        baseline,
        later,
        threshold=instrument.meaningful_change,
        higher_is_better=instrument.higher_is_better,
    )


def reported_change(
    summary: ChangeSummary, *, min_group: int = DEFAULT_MIN_GROUP
) -> ChangeSummary | SuppressedChange:
    """The summary if it describes at least `min_group` people, otherwise `SuppressedChange()`."""
    check_min_group(min_group)
    if summary.n < min_group:
        return SuppressedChange()
    return summary


# ---- cells and breakdowns ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell(Generic[T]):
    """An aggregate before suppression: `n` people are described by `value`."""

    key: str
    n: int
    value: T


@dataclass(frozen=True, slots=True)
class ReportCell(Generic[T]):
    """An aggregate as shown: a suppressed cell carries no n and no value."""

    key: str
    n: int | None
    value: T | None
    is_suppressed: bool

    @classmethod
    def shown(cls, cell: Cell[T]) -> ReportCell[T]:
        return cls(key=cell.key, n=cell.n, value=cell.value, is_suppressed=False)

    @classmethod
    def hidden(cls, key: str) -> ReportCell[T]:
        return cls(key=key, n=None, value=None, is_suppressed=True)


@dataclass(frozen=True, slots=True)
class Breakdown(Generic[T]):
    total: ReportCell[T]
    groups: list[ReportCell[T]]


def _check_n(cell: Cell[T]) -> None:
    if isinstance(cell.n, bool) or not isinstance(cell.n, int) or cell.n < 0:
        raise ValueError(f"cell {cell.key!r}: n must be a non-negative integer, got {cell.n!r}")


def suppress(cells: Sequence[Cell[T]], *, min_group: int = DEFAULT_MIN_GROUP) -> list[ReportCell[T]]:
    """Primary suppression: hide every cell describing fewer than `min_group` people.

    Use this alone only for cells that cannot be combined into one another (independent figures, or
    overlapping groups such as topics); for groups that add up to a shown total use
    `suppress_breakdown`.
    """
    check_min_group(min_group)
    result: list[ReportCell[T]] = []
    for cell in cells:
        _check_n(cell)
        result.append(ReportCell.shown(cell) if cell.n >= min_group else ReportCell.hidden(cell.key))
    return result


def suppress_breakdown(
    total: Cell[T],
    groups: Sequence[Cell[T]],
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    groups_partition_total: bool = True,
) -> Breakdown[T]:
    """Suppress a total and its breakdown so that no small group can be derived by subtraction.

    With `groups_partition_total` (every person in exactly one group; the group sizes must add up to
    the total), hidden groups are topped up with the smallest shown group whenever together they
    describe fewer than `min_group` people. Ties between equally small groups are broken by their
    order in `groups`, so results are stable.
    """
    check_min_group(min_group)
    _check_n(total)
    for group in groups:
        _check_n(group)
    if groups_partition_total and sum(group.n for group in groups) != total.n:
        raise ValueError(
            f"groups add up to {sum(group.n for group in groups)} people but the total has {total.n}; "
            "pass groups_partition_total=False for overlapping groups"
        )

    if total.n < min_group:
        # Every group is a subset of a small total, so everything is small.
        return Breakdown(
            total=ReportCell.hidden(total.key), groups=[ReportCell.hidden(group.key) for group in groups]
        )

    hidden = {index for index, group in enumerate(groups) if group.n < min_group}
    if groups_partition_total:
        hidden_people = sum(groups[index].n for index in hidden)
        # An empty group derived by subtraction describes nobody, so only people count. One shown group
        # (n >= min_group) is always enough, and one always exists: the groups add up to a total of at
        # least min_group, so they cannot all be small while hiding fewer than min_group people.
        if 0 < hidden_people < min_group:
            smallest_shown = min(
                (index for index in range(len(groups)) if index not in hidden),
                key=lambda index: (groups[index].n, index),
            )
            hidden.add(smallest_shown)

    return Breakdown(
        total=ReportCell.shown(total),
        groups=[
            ReportCell.hidden(group.key) if index in hidden else ReportCell.shown(group)
            for index, group in enumerate(groups)
        ],
    )
