"""Turn responses and reports into chart SVG and table rows for pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peercircle.accounts.models import User
from peercircle.wellbeing.charts import (
    OutcomeBar,
    ShareBar,
    TrendPoint,
    outcome_chart,
    share_chart,
    trend_chart,
)
from peercircle.wellbeing.instruments import INSTRUMENTS
from peercircle.wellbeing.report import Report
from peercircle.wellbeing.selectors import responses_for


@dataclass
class Trend:
    key: str
    name: str
    short_name: str
    svg: str
    rows: list[dict[str, Any]]
    meaningful_change: float


def _format_value(instrument: str, value: float) -> str:
    return f"{value:.2f}" if instrument == "brs" else f"{value:.0f}"


def member_trends(*, user: User) -> list[Trend]:
    """One chart and data table per measure the member has answered (their own data only)."""
    trends = []
    for key, instrument in INSTRUMENTS.items():
        responses = list(responses_for(user=user, instrument=key))
        if not responses:
            continue
        rows = [
            {
                "when": r.taken_at,
                "value": _format_value(key, r.value),
                "band": str(instrument.band_for(r.band).label),
            }
            for r in responses
        ]
        direction = _("higher is better") if instrument.higher_is_better else _("lower is better")
        first, last = responses[0], responses[-1]
        desc = _(
            "%(n)d results from %(start)s to %(end)s; first %(first)s, latest %(last)s (%(direction)s). "
            "The shaded band is plus or minus %(change)s around your first result: changes inside it are "
            "within the usual ups and downs."
        ) % {
            "n": len(responses),
            "start": date_format(first.taken_at, "j M Y"),
            "end": date_format(last.taken_at, "j M Y"),
            "first": _format_value(key, first.value),
            "last": _format_value(key, last.value),
            "direction": direction,
            "change": f"{instrument.meaningful_change:g}",
        }
        svg = trend_chart(
            [TrendPoint(r.taken_at, r.value) for r in responses],
            chart_id=f"trend-{key}",
            title=_("%(name)s over time") % {"name": instrument.short_name},
            desc=desc,
            y_label=f"{instrument.short_name} ({direction})",
            value_range=instrument.value_range,
            meaningful_change=instrument.meaningful_change,
            band_label=_("within ±%(change)s of your first result")
            % {"change": f"{instrument.meaningful_change:g}"},
        )
        trends.append(
            Trend(key, str(instrument.name), instrument.short_name, svg, rows, instrument.meaningful_change)
        )
    return trends


def report_charts(report: Report) -> dict[str, str]:
    """Charts of the main outcomes (whole cohort per measure); suppressed measures are left out."""
    change_bars: list[OutcomeBar] = []
    share_bars: list[ShareBar] = []
    for row in report.overall():
        summary = row.cell.value
        if row.cell.is_suppressed or summary is None or summary.ci_low is None or summary.ci_high is None:
            continue
        instrument = INSTRUMENTS[row.measure]
        sign = 1 if instrument.higher_is_better else -1
        scale = instrument.meaningful_change
        low, high = sorted((sign * summary.ci_low / scale, sign * summary.ci_high / scale))
        change_bars.append(OutcomeBar(instrument.short_name, sign * summary.mean_change / scale, low, high))
        share_bars.append(ShareBar(instrument.short_name, summary.improved, summary.declined))
    if not change_bars:
        return {}
    described = "; ".join(
        _("%(m)s %(c)+.2f (95%% CI %(l)+.2f to %(h)+.2f)")
        % {"m": b.label, "c": b.change, "l": b.ci_low, "h": b.ci_high}
        for b in change_bars
    )
    return {
        "change": outcome_chart(
            change_bars,
            chart_id="report-change",
            title=_("Mean change per measure with 95% confidence intervals"),
            desc=_(
                "Change from baseline in units of each measure's meaningful change, positive meaning better. "
                "The shaded band marks less than one meaningful change. %(values)s."
            )
            % {"values": described},
            x_label=_("mean change (1 = one meaningful change; right is better)"),
        ),
        "share": share_chart(
            share_bars,
            chart_id="report-share",
            title=_("Share of members with a meaningful improvement or decline"),
            desc="; ".join(
                _("%(m)s: %(i).0f%% improved, %(d).0f%% declined")
                % {"m": b.label, "i": b.improved * 100, "d": b.declined * 100}
                for b in share_bars
            ),
            labels=(_("improved"), _("about the same"), _("declined")),
        ),
    }
