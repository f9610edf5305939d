"""Server-side charts as accessible inline SVG (matplotlib, Agg backend).

matplotlib writes colours as `style` attributes and a `<style>` element, which the site's Content
Security Policy (no inline styles) would block inside an HTML page. `accessible_svg` rewrites them as
SVG presentation attributes, which CSP does not touch, prefixes every id so several charts can share
a page, and adds role="img", <title> and <desc>.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
from matplotlib.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

ACCENT = "#1f5f8b"
BAND = "#cfe3f1"
MUTED = "#4a4f57"
DECLINE = "#9b1c1c"
IMPROVE = "#1e6b3a"

_STYLE_PROPS = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "font-size",
    "font-family",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "clip-path",
}


def _figure(width: float = 6.4, height: float = 3.0) -> Figure:
    figure = Figure(figsize=(width, height))
    figure.set_layout_engine("constrained")
    return figure


def _render(figure: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "peercircle", "font.size": 10}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def accessible_svg(raw: str, *, chart_id: str, title: str, desc: str) -> str:
    """Make matplotlib's SVG safe to inline under CSP and meaningful to screen readers."""
    root = ET.fromstring(raw)  # noqa: S314 - matplotlib's own output, never user input
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    for element in list(root.iter()):
        for child in list(element):
            tag = child.tag.split("}")[-1]
            if tag in {"metadata", "style", "title", "desc"}:
                element.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for declaration in style.split(";"):
                if ":" not in declaration:
                    continue
                name, value = (part.strip() for part in declaration.split(":", 1))
                if name in _STYLE_PROPS:
                    element.set(name, value)
        if "id" in element.attrib:
            element.set("id", f"{prefix}-{element.attrib['id']}")
        for attribute in ("clip-path", "mask", "filter"):
            if attribute in element.attrib:
                element.set(attribute, element.attrib[attribute].replace("url(#", f"url(#{prefix}-"))
        href = f"{{{XLINK_NS}}}href"
        if element.attrib.get(href, "").startswith("#"):
            element.set(href, f"#{prefix}-{element.attrib[href][1:]}")
    # What the removed <style> element said, as inherited presentation attributes.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title {prefix}-desc")
    root.set("class", "chart")
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    root.set("width", "100%")
    title_el = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{prefix}-title"})
    title_el.text = title
    desc_el = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{prefix}-desc"})
    desc_el.text = desc
    root.insert(0, desc_el)
    root.insert(0, title_el)
    return ET.tostring(root, encoding="unicode")


@dataclass(frozen=True)
class TrendPoint:
    when: datetime
    value: float


def trend_chart(
    points: Sequence[TrendPoint],
    *,
    chart_id: str,
    title: str,
    desc: str,
    y_label: str,
    value_range: tuple[float, float],
    meaningful_change: float,
    band_label: str,
) -> str:
    """A member's scores over time, with a shaded band of +/- the meaningful change around the first score."""
    figure = _figure()
    axes = figure.add_subplot()
    low, high = value_range
    if points:
        baseline = points[0].value
        axes.axhspan(
            max(low, baseline - meaningful_change),
            min(high, baseline + meaningful_change),
            color=BAND,
            label=band_label,
        )
        axes.plot(
            mdates.date2num([p.when for p in points]),
            [p.value for p in points],
            marker="o",
            color=ACCENT,
            linewidth=2,
        )
        axes.legend(loc="upper left", frameon=False, fontsize=8)
    axes.set_ylim(low, high)
    axes.set_ylabel(y_label)
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=6))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return accessible_svg(_render(figure), chart_id=chart_id, title=title, desc=desc)


@dataclass(frozen=True)
class OutcomeBar:
    label: str
    # Mean change and its CI in units of the measure's meaningful change, signed so that + is better.
    change: float
    ci_low: float
    ci_high: float


def outcome_chart(bars: Sequence[OutcomeBar], *, chart_id: str, title: str, desc: str, x_label: str) -> str:
    """Mean change per measure with its 95% CI, on a common scale (1 = one meaningful change)."""
    figure = _figure(height=0.6 + 0.55 * max(1, len(bars)))
    axes = figure.add_subplot()
    axes.axvspan(-1, 1, color=BAND)
    axes.axvline(0, color=MUTED, linewidth=0.8)
    for index, bar in enumerate(bars):
        colour = IMPROVE if bar.change >= 0 else DECLINE
        axes.errorbar(
            [bar.change],
            [index],
            xerr=[[bar.change - bar.ci_low], [bar.ci_high - bar.change]],
            fmt="o",
            color=colour,
            capsize=4,
        )
    axes.set_yticks(range(len(bars)), [bar.label for bar in bars])
    axes.set_ylim(-0.6, len(bars) - 0.4)
    limit = max([1.5, *(abs(b.ci_low) for b in bars), *(abs(b.ci_high) for b in bars)]) * 1.1
    axes.set_xlim(-limit, limit)
    axes.set_xlabel(x_label)
    axes.invert_yaxis()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return accessible_svg(_render(figure), chart_id=chart_id, title=title, desc=desc)


@dataclass(frozen=True)
class ShareBar:
    label: str
    improved: float  # 0-1
    declined: float


def share_chart(
    bars: Sequence[ShareBar], *, chart_id: str, title: str, desc: str, labels: tuple[str, str, str]
) -> str:
    """Stacked horizontal bars: share improved / about the same / declined, per measure."""
    figure = _figure(height=0.8 + 0.55 * max(1, len(bars)))
    axes = figure.add_subplot()
    improved_label, same_label, declined_label = labels
    for index, bar in enumerate(bars):
        same = max(0.0, 1 - bar.improved - bar.declined)
        axes.barh(index, bar.improved * 100, color=IMPROVE, label=improved_label if index == 0 else None)
        axes.barh(
            index, same * 100, left=bar.improved * 100, color=BAND, label=same_label if index == 0 else None
        )
        axes.barh(
            index,
            bar.declined * 100,
            left=(bar.improved + same) * 100,
            color=DECLINE,
            label=declined_label if index == 0 else None,
        )
    axes.set_yticks(range(len(bars)), [bar.label for bar in bars])
    axes.set_xlim(0, 100)
    axes.set_xlabel("%")
    axes.invert_yaxis()
    if bars:
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False, fontsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return accessible_svg(_render(figure), chart_id=chart_id, title=title, desc=desc)
