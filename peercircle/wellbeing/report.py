"""The programme outcome report: activity over a period and wellbeing change, aggregated and suppressed.

Other apps are built and deployed independently, so every activity figure is gathered by a small
function that looks the other app's model up lazily and reports "not available" when it is missing.

Outcome rules:
* A member's baseline for a measure is their first response ever (up to the end of the period);
  their later score is their most recent response inside the period, taken after the baseline.
* Every cell goes through outcomes.py suppression with the configured minimum group
  (settings.PEERCIRCLE["MIN_REPORT_GROUP"], default 10, never below 5). Role groups partition the
  cohort, so they get complementary suppression; topics overlap (a member can pick several) and get
  primary suppression. Activity counts below the minimum are shown as "fewer than N".
* No individual answer or score ever leaves this module; only aggregates.
* Periods are whole calendar months (the chosen dates are widened to the months they fall in). With
  day-level periods, two reports a day apart could be subtracted to single out the one member who
  checked in on that day; month boundaries make such differences describe a month's check-ins.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.models import Profile, User
from peercircle.wellbeing.instruments import INSTRUMENTS
from peercircle.wellbeing.models import Response
from peercircle.wellbeing.outcomes import (
    DEFAULT_MIN_GROUP,
    Cell,
    ChangeSummary,
    ReportCell,
    check_min_group,
    instrument_change,
    suppress,
    suppress_breakdown,
)

ROLE_GROUPS = [("get", "receiving support"), ("give", "giving support"), ("both", "both")]


def min_group_setting() -> int:
    return check_min_group(int(settings.PEERCIRCLE.get("MIN_REPORT_GROUP", DEFAULT_MIN_GROUP)))


def _model(label: str) -> type[Model] | None:
    """A model of another app by "app_label.Model", or None when that app does not provide it (yet)."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # inclusive

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min))


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    # None when not available or suppressed; the unit is in the label.
    value: float | int | None
    is_available: bool = True
    is_suppressed: bool = False

    def display(self, min_group: int) -> str:
        if not self.is_available:
            return _("not available")
        if self.is_suppressed:
            return _("fewer than %(n)d") % {"n": min_group}
        if isinstance(self.value, float):
            return f"{self.value:.1f}"
        return str(self.value)


def _count(
    label: str, period: Period, *, date_field: str = "created_at", where: dict[str, Any] | None = None
) -> int | None:
    """Rows of another app's model dated in the period (None when the model or a field is missing)."""
    model = _model(label)
    if model is None or not _has_field(model, date_field):
        return None
    conditions = dict(where or {})
    if any(not _has_field(model, name.split("__")[0]) for name in conditions):
        conditions = {}
    return int(
        model._default_manager.filter(
            **{f"{date_field}__gte": period.start, f"{date_field}__lt": period.end}, **conditions
        ).count()
    )


def matches_made(period: Period) -> int | None:
    """Matches both people accepted in the period (proposals that came to nothing are not counted)."""
    model = _model("matching.Match")
    if model is not None and _has_field(model, "activated_at"):
        return _count("matching.Match", period, date_field="activated_at")
    return _count("matching.Match", period)


def _hours_between(
    model: type[Model], start_field: str, end_field: str, period: Period
) -> list[float] | None:
    if not (_has_field(model, start_field) and _has_field(model, end_field)):
        return None
    rows = model._default_manager.filter(
        **{f"{end_field}__gte": period.start, f"{end_field}__lt": period.end, f"{end_field}__isnull": False}
    ).values_list(start_field, end_field)
    return [(end - start).total_seconds() / 3600 for start, end in rows if start and end]


def request_to_match_hours(period: Period) -> list[float] | None:
    """Hours from a match request to its match, for matches made in the period (None if unknown)."""
    request_model = _model("matching.MatchRequest")
    if request_model is None:
        return None
    for end_field in ("matched_at", "fulfilled_at"):
        hours = _hours_between(request_model, "created_at", end_field, period)
        if hours is not None:
            return hours
    match_model = _model("matching.Match")
    if match_model is not None and _has_field(match_model, "request"):
        rows = match_model._default_manager.filter(
            created_at__gte=period.start, created_at__lt=period.end
        ).values_list("request__created_at", "created_at")
        return [(end - start).total_seconds() / 3600 for start, end in rows if start and end]
    return None


def escalation_ack_hours(period: Period) -> list[float] | None:
    model = _model("safety.Escalation")
    if model is None:
        return None
    return _hours_between(model, "created_at", "acknowledged_at", period)


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return float(statistics.quantiles(ordered, n=10, method="inclusive")[-1])


def activity_metrics(period: Period, min_group: int) -> list[Metric]:
    """The cohort view's counts and timings; counts below `min_group` are suppressed."""
    members_total = User.objects.filter(is_active=True, date_joined__lt=period.end).count()
    members_new = User.objects.filter(date_joined__gte=period.start, date_joined__lt=period.end).count()
    counts: list[tuple[str, str, Callable[[], int | None]]] = [
        ("members", _("Members at the end of the period"), lambda: members_total),
        ("members_new", _("New members"), lambda: members_new),
        ("matches", _("Matches made"), lambda: matches_made(period)),
        ("conversations", _("Conversations started"), lambda: _count("conversations.Conversation", period)),
        (
            "messages",
            _("Messages sent"),
            lambda: _count("conversations.Message", period, where={"kind": "user"}),
        ),
        ("stories", _("Stories shared"), lambda: _count("stories.Story", period)),
        ("answers", _("Answers given"), lambda: _count("stories.Answer", period)),
        ("goals", _("Goals set"), lambda: _count("goals.Goal", period)),
        ("goal_checkins", _("Goal check-ins"), lambda: _count("goals.GoalCheckIn", period)),
        (
            "wellbeing_checkins",
            _("Wellbeing check-ins"),
            lambda: _count("wellbeing.Response", period, date_field="taken_at"),
        ),
        ("escalations", _("Crisis escalations"), lambda: _count("safety.Escalation", period)),
    ]
    metrics: list[Metric] = []
    for key, label, get in counts:
        value = get()
        if value is None:
            metrics.append(Metric(key, label, None, is_available=False))
        elif value < min_group:
            metrics.append(Metric(key, label, None, is_suppressed=True))
        else:
            metrics.append(Metric(key, label, value))
    timings = [
        ("match_hours", _("Time from request to match (hours)"), request_to_match_hours(period)),
        ("ack_hours", _("Time to acknowledge an escalation (hours)"), escalation_ack_hours(period)),
    ]
    for key, label, hours in timings:
        if hours is None:
            metrics.append(
                Metric(f"{key}_median", _("%(label)s, median") % {"label": label}, None, is_available=False)
            )
            if key == "match_hours":
                metrics.append(
                    Metric(
                        f"{key}_p90",
                        _("%(label)s, 90th percentile") % {"label": label},
                        None,
                        is_available=False,
                    )
                )
            continue
        is_small = len(hours) < min_group
        metrics.append(
            Metric(
                f"{key}_median",
                _("%(label)s, median") % {"label": label},
                None if is_small else float(statistics.median(hours)),
                is_suppressed=is_small,
            )
        )
        if key == "match_hours":
            metrics.append(
                Metric(
                    f"{key}_p90",
                    _("%(label)s, 90th percentile") % {"label": label},
                    None if is_small else _p90(hours),
                    is_suppressed=is_small,
                )
            )
    return metrics


@dataclass(frozen=True)
class Pair:
    user_id: int
    baseline: float
    later: float


def outcome_pairs(period: Period) -> dict[str, list[Pair]]:
    """For each measure, one (baseline, later) pair per member who has both (see module docstring)."""
    responses = (
        Response.objects.filter(taken_at__lt=period.end, user__is_active=True)
        .order_by("user_id", "instrument", "taken_at", "id")
        .values_list("user_id", "instrument", "taken_at", "value")
    )
    first: dict[tuple[int, str], tuple[datetime, float]] = {}
    last_in_period: dict[tuple[int, str], tuple[datetime, float]] = {}
    for user_id, instrument, taken_at, value in responses:
        key = (user_id, instrument)
        if key not in first:
            first[key] = (taken_at, value)
            continue
        if taken_at >= period.start:
            last_in_period[key] = (taken_at, value)
    pairs: dict[str, list[Pair]] = defaultdict(list)
    for (user_id, instrument), (_taken, later) in last_in_period.items():
        pairs[instrument].append(Pair(user_id, first[(user_id, instrument)][1], later))
    return pairs


@dataclass(frozen=True)
class OutcomeRow:
    measure: str
    breakdown: str  # "all" | "role" | "topic"
    group: str
    cell: ReportCell[ChangeSummary]


def _summary(instrument: str, pairs: Iterable[Pair]) -> tuple[int, ChangeSummary | None]:
    pair_list = list(pairs)
    if not pair_list:
        return 0, None
    return len(pair_list), instrument_change(
        INSTRUMENTS[instrument], [p.baseline for p in pair_list], [p.later for p in pair_list]
    )


def _cell(key: str, n: int, summary: ChangeSummary | None) -> Cell[ChangeSummary]:
    # An empty group has no summary; it is always suppressed (n=0 < min_group), so the value is never read.
    return Cell(key=key, n=n, value=summary)  # type: ignore[arg-type]


def outcome_rows(period: Period, min_group: int) -> list[OutcomeRow]:
    pairs_by_measure = outcome_pairs(period)
    user_ids = {p.user_id for pairs in pairs_by_measure.values() for p in pairs}
    intent = dict(Profile.objects.filter(user_id__in=user_ids).values_list("user_id", "intent"))
    topics: dict[int, set[str]] = defaultdict(set)
    topic_names: dict[str, str] = {}
    for user_id, slug, name in Profile.topics.through.objects.filter(
        profile__user_id__in=user_ids
    ).values_list("profile__user_id", "topic__slug", "topic__name"):
        topics[user_id].add(slug)
        topic_names[slug] = name
    rows: list[OutcomeRow] = []
    for instrument in INSTRUMENTS:
        pairs = pairs_by_measure.get(instrument, [])
        n, summary = _summary(instrument, pairs)
        role_cells = []
        for role_key, _label in ROLE_GROUPS:
            group_n, group_summary = _summary(
                instrument, (p for p in pairs if intent.get(p.user_id, "get") == role_key)
            )
            role_cells.append(_cell(role_key, group_n, group_summary))
        roles = suppress_breakdown(_cell("all", n, summary), role_cells, min_group=min_group)
        rows.append(OutcomeRow(instrument, "all", "all", roles.total))
        rows.extend(OutcomeRow(instrument, "role", cell.key, cell) for cell in roles.groups)
        topic_cells = []
        for slug in sorted(topic_names):
            group_n, group_summary = _summary(
                instrument, (p for p in pairs if slug in topics.get(p.user_id, set()))
            )
            topic_cells.append(_cell(slug, group_n, group_summary))
        rows.extend(
            OutcomeRow(instrument, "topic", topic_names[c.key], c)
            for c in suppress(topic_cells, min_group=min_group)
        )
    return rows


@dataclass
class Report:
    period: Period
    min_group: int
    metrics: list[Metric]
    outcomes: list[OutcomeRow]
    generated_at: datetime = field(default_factory=timezone.now)

    def overall(self) -> list[OutcomeRow]:
        return [row for row in self.outcomes if row.breakdown == "all"]


def month_period(since: date, until: date) -> Period:
    """The whole calendar months covering since..until (see the module docstring for why)."""
    first_of_next = (until.replace(day=1) + timedelta(days=32)).replace(day=1)
    return Period(since.replace(day=1), first_of_next - timedelta(days=1))


def build_report(*, since: date, until: date, min_group: int | None = None) -> Report:
    """Gather the whole report for the calendar months covering since..until (inclusive)."""
    if until < since:
        raise ValueError("until must not be before since")
    group = check_min_group(min_group) if min_group is not None else min_group_setting()
    period = month_period(since, until)
    return Report(period, group, activity_metrics(period, group), outcome_rows(period, group))


# ---- flat table, CSV, JSON, text ---------------------------------------------------------------

OUTCOME_COLUMNS = [
    "measure",
    "breakdown",
    "group",
    "n",
    "mean_baseline",
    "mean_later",
    "mean_change",
    "ci95_low",
    "ci95_high",
    "effect_size_dz",
    "improved_pct",
    "declined_pct",
    "suppressed",
]


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def outcome_table(report: Report) -> list[dict[str, Any]]:
    """One dict per outcome cell, aggregates only; suppressed cells carry no numbers at all."""
    table = []
    for row in report.outcomes:
        record: dict[str, Any] = {
            "measure": INSTRUMENTS[row.measure].short_name,
            "breakdown": row.breakdown,
            "group": dict(ROLE_GROUPS).get(row.group, row.group) if row.breakdown == "role" else row.group,
        }
        summary = row.cell.value
        if row.cell.is_suppressed or summary is None:
            record.update(dict.fromkeys(OUTCOME_COLUMNS[3:-1]))
            record["suppressed"] = True
        else:
            record.update(
                {
                    "n": summary.n,
                    "mean_baseline": _round(summary.mean_baseline),
                    "mean_later": _round(summary.mean_later),
                    "mean_change": _round(summary.mean_change),
                    "ci95_low": _round(summary.ci_low),
                    "ci95_high": _round(summary.ci_high),
                    "effect_size_dz": _round(summary.effect_size),
                    "improved_pct": _round(summary.improved * 100, 1),
                    "declined_pct": _round(summary.declined * 100, 1),
                    "suppressed": False,
                }
            )
        table.append(record)
    return table


def to_json(report: Report) -> str:
    return json.dumps(
        {
            "since": report.period.since.isoformat(),
            "until": report.period.until.isoformat(),
            "min_group": report.min_group,
            "activity": [
                {
                    "key": m.key,
                    "label": m.label,
                    "value": m.value,
                    "available": m.is_available,
                    "suppressed": m.is_suppressed,
                }
                for m in report.metrics
            ],
            "outcomes": outcome_table(report),
        },
        indent=2,
    )


def to_csv(report: Report) -> str:
    """The aggregate outcome table as CSV (suppressed cells are blank with suppressed=true)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=OUTCOME_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in outcome_table(report):
        writer.writerow(
            {
                k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
                for k, v in record.items()
            }
        )
    return buffer.getvalue()


def to_text(report: Report) -> str:
    """A plain-text table for the terminal."""
    lines = [
        _("PeerCircle outcome report %(since)s to %(until)s (cells under %(n)d people suppressed)")
        % {"since": report.period.since, "until": report.period.until, "n": report.min_group},
        "",
        _("Activity"),
    ]
    width = max(len(m.label) for m in report.metrics)
    lines += [f"  {m.label.ljust(width)}  {m.display(report.min_group)}" for m in report.metrics]
    lines += ["", _("Wellbeing change (baseline to latest check-in in the period)")]
    headers = ["measure", "breakdown", "group", "n", "change", "95% CI", "d_z", "improved", "declined"]
    body = []
    for record in outcome_table(report):
        if record["suppressed"]:
            cells = [
                record["measure"],
                record["breakdown"],
                record["group"],
                _("suppressed"),
                "",
                "",
                "",
                "",
                "",
            ]
        else:
            ci = (
                f"{record['ci95_low']:+.2f} to {record['ci95_high']:+.2f}"
                if record["ci95_low"] is not None
                else "-"
            )
            cells = [
                record["measure"],
                record["breakdown"],
                record["group"],
                str(record["n"]),
                f"{record['mean_change']:+.2f}",
                ci,
                "-" if record["effect_size_dz"] is None else f"{record['effect_size_dz']:+.2f}",
                f"{record['improved_pct']:.0f}%",
                f"{record['declined_pct']:.0f}%",
            ]
        body.append([str(c) for c in cells])
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(headers)]
    lines.append("  " + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(lines) + "\n"
