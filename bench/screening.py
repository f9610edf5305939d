"""Crisis screening benchmark: quality per layer on held-out data, and latency per layer, in one run.

    python -m bench.screening          (from the project root)

The headline is tests/data/screening_heldout_v9.tsv: written by hand by a ninth author who never saw any
project data, committed before any change, never used for training or for choosing rules or thresholds.
Also measured:
../shared/data/crisis/t-sid.tsv when present (weak labels: `suicide_or_self_harm` is risk, everything else
none). The development set is shown last, whole and by origin (held-out v1-v8 and the new
authors' batches A-AD now live in it): the lexicon was written against it and the classifier trained on
it, so its numbers are optimistic by construction; `python -m peercircle.safety.screening.train` prints
the honest leave-one-author-out figures.

Latency: per message, single-threaded, with a trivial substring check measured in the same run as the
reference for how fast this machine is right now.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from peercircle.safety.screening import engine
from peercircle.safety.screening.dataset import (
    DEV_AUTHOR_GROUPS,
    DEV_PATH,
    HELDOUT_NAME,
    TSID_PATH,
    load_heldout,
    load_labelled,
)
from peercircle.safety.screening.lexicon import screen_text
from peercircle.safety.screening.result import LEVELS, ScreenResult

TARGET_ANY_RISK_RECALL = 0.95
TARGET_URGENT_RECALL = 0.85
TARGET_NONE_FLAGGED = 0.10
TARGET_P99_MS = 10.0
CONTEXT_FOR_LATENCY = 10
# Where the dev rows came from (see tests/data/README_screening.md): the first author's rows split into the
# original dev set and their four old held-out batches, then one segment per later author, as training
# groups them (`DEV_AUTHOR_GROUPS`). All of it is tuned on now.
DEV_SEGMENTS: tuple[tuple[str, int, int], ...] = (
    ("dev: original rows 1-585", 0, 585),
    ("dev: old held-out v1 batch 1", 585, 710),
    ("dev: old held-out v1 batch 2", 710, 775),
    ("dev: old held-out v1 batch 3", 775, 830),
    ("dev: old held-out v1 batch 4", 830, DEV_AUTHOR_GROUPS[0][2]),
    *((f"dev: {name}", start, end) for name, start, end in DEV_AUTHOR_GROUPS[1:]),
)
OPERATING_POINTS = (0.5, 0.6, 0.7, 0.8)


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [
        [f"{c:.3f}" if isinstance(c, float) else str(c) for c in r] for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _ratio(num: int, den: int) -> float | str:
    return num / den if den else "n/a"


def quality_rows(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, object]:
    """Per-level precision/recall, the confusion matrix and the headline figures."""
    confusion = {(g, p): 0 for g in LEVELS for p in LEVELS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[(g, p)] += 1
    per_level = []
    for level in LEVELS:
        tp = confusion[(level, level)]
        predicted_n = sum(confusion[(g, level)] for g in LEVELS)
        gold_n = sum(confusion[(level, p)] for p in LEVELS)
        per_level.append((level, gold_n, _ratio(tp, predicted_n), _ratio(tp, gold_n)))
    risk_gold = [i for i, g in enumerate(gold) if g != "none"]
    urgent_gold = [i for i, g in enumerate(gold) if g == "urgent"]
    none_gold = [i for i, g in enumerate(gold) if g == "none"]
    flagged = [i for i, p in enumerate(predicted) if p != "none"]
    return {
        "confusion": confusion,
        "per_level": per_level,
        "any_risk_recall": _ratio(sum(predicted[i] != "none" for i in risk_gold), len(risk_gold)),
        "urgent_recall": _ratio(sum(predicted[i] == "urgent" for i in urgent_gold), len(urgent_gold)),
        "none_flagged": _ratio(sum(predicted[i] != "none" for i in none_gold), len(none_gold)),
        "risk_precision": _ratio(sum(gold[i] != "none" for i in flagged), len(flagged)),
    }


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time_each(
    fn: Callable[[str], object], texts: Sequence[str], repeats: int, setup: Callable[[], object] | None
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call; on a shared machine the gap is time spent preempted."""
    wall, cpu = [], []
    for _ in range(repeats):
        for text in texts:
            if setup is not None:
                setup()  # untimed
            start, start_cpu = time.perf_counter(), time.thread_time()
            fn(text)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _report_quality(name: str, rows: Sequence[tuple[str, str]], three_levels: bool) -> list[list[object]]:
    gold = [level for level, _ in rows]
    texts = [text for _, text in rows]
    fast = [engine.screen(t).level for t in texts]
    deep = [r.level for r in engine.screen_deep_many(texts)]
    headline: list[list[object]] = []
    for layer, predicted in (("lexicon", fast), ("full stack", deep)):
        q = quality_rows(gold, predicted)
        print(f"\n### {name}: {layer} (n={len(rows)})")
        if three_levels:
            print(_table(["level", "n", "precision", "recall"], q["per_level"]))  # type: ignore[arg-type]
        confusion: dict[tuple[str, str], int] = q["confusion"]  # type: ignore[assignment]
        gold_levels = [lvl for lvl in LEVELS if any(confusion[(lvl, p)] for p in LEVELS)]
        print("\nconfusion (rows gold, columns predicted)")
        print(
            _table(
                ["gold \\ pred", *LEVELS], [[g, *(confusion[(g, p)] for p in LEVELS)] for g in gold_levels]
            )
        )
        headline.append(
            [
                name,
                layer,
                q["any_risk_recall"],
                q["urgent_recall"] if three_levels else "n/a",
                q["none_flagged"],
                q["risk_precision"],
            ]
        )
    return headline


def _report_tsid_by_label() -> None:
    counts: dict[str, list[int]] = {}
    with TSID_PATH.open(encoding="utf-8") as handle:
        next(handle, None)
        pairs = [line.rstrip("\n").partition("\t") for line in handle]
    for label, _, text in pairs:
        if text:
            flagged = engine.screen(text).level != "none"
            counts.setdefault(label, [0, 0])
            counts[label][0] += 1
            counts[label][1] += flagged
    print("\nT-SID share flagged by the lexicon, per original label")
    print(_table(["label", "n", "flagged"], [[k, v[0], v[1] / v[0]] for k, v in sorted(counts.items())]))


def _report_operating_points(rows: Sequence[tuple[str, str]]) -> None:
    """What the deep pass would do at other thresholds: for the lead to choose, not tuned here."""
    from peercircle.safety.screening.classifier import default_model, predict

    model = default_model()
    gold = [level for level, _ in rows]
    texts = [text for _, text in rows]
    fast = [engine.screen(t) for t in texts]
    probabilities = predict(texts)
    table = []
    for threshold in (*OPERATING_POINTS, model.risk_threshold):
        # `deepen` is the deep pass itself (the word floor and the specifics rule included), so the shipped
        # row equals the headline.
        predicted = [
            engine.deepen(t, f, p, risk_threshold=threshold, urgent_threshold=model.urgent_threshold).level
            for t, f, p in zip(texts, fast, probabilities, strict=True)
        ]
        q = quality_rows(gold, predicted)
        label = f"{threshold:.2f}" + (" (shipped)" if threshold == model.risk_threshold else "")
        table.append([label, q["any_risk_recall"], q["urgent_recall"], q["none_flagged"]])
    print(
        f"\n## Full stack on held-out {HELDOUT_NAME} at other classifier risk thresholds "
        "(for the lead; not tuned on)"
    )
    print(_table(["risk threshold", "any-risk recall", "urgent recall", "none flagged"], table))


def _report_gaps(rows: Sequence[Sequence[object]]) -> None:
    """How far each layer is from each target on held-out data (positive gap = short of the target)."""
    table = []
    for row in rows:
        any_risk, urgent, none_flagged = (float(x) for x in row[2:5])  # type: ignore[arg-type]
        table.append(
            [
                row[1],
                f"{TARGET_ANY_RISK_RECALL - any_risk:+.3f}",
                f"{TARGET_URGENT_RECALL - urgent:+.3f}",
                f"{none_flagged - TARGET_NONE_FLAGGED:+.3f}",
            ]
        )
    print(f"\nHeld-out {HELDOUT_NAME} shortfall against the targets (<= 0 means met)")
    print(_table(["layer", "any-risk recall", "urgent recall", "none flagged"], table))


def main(argv: list[str] | None = None) -> int:
    heldout, shared = load_heldout()
    if shared:
        print(f"({shared} held-out {HELDOUT_NAME} rows left out: their text is also in the dev set)")
    dev = load_labelled(DEV_PATH)
    print("# Crisis screening benchmark")
    headline: list[list[object]] = []
    headline += _report_quality(f"HELD-OUT {HELDOUT_NAME} (never tuned on)", heldout, three_levels=True)
    if TSID_PATH.exists():
        from peercircle.safety.screening.dataset import load_tsid

        headline += _report_quality("t-sid (weak labels)", load_tsid(), three_levels=False)
        _report_tsid_by_label()
    else:
        print(f"\n(skipped T-SID: {TSID_PATH} is absent)")
    headline += _report_quality("dev, all (tuned on; optimistic)", dev, three_levels=True)
    for name, start, end in DEV_SEGMENTS:
        headline += _report_quality(f"{name} (optimistic)", dev[start:end], three_levels=True)

    _report_operating_points(heldout)

    print("\n## Headline (targets: any-risk recall >= 0.95, urgent recall >= 0.85, none flagged <= 0.10)")
    print(f"Only the HELD-OUT {HELDOUT_NAME} rows are a fair estimate; every dev row has been tuned on.")
    print(
        _table(
            ["set", "layer", "any-risk recall", "urgent recall", "none flagged", "risk precision"], headline
        )
    )
    _report_gaps(headline[:2])

    # ---- latency ----------------------------------------------------------------------------------
    texts = [text for _, text in heldout] + [text for _, text in dev]
    context = [text for _, text in dev[-CONTEXT_FOR_LATENCY:]]
    engine.screen_deep("warm up the model")

    def cold() -> None:
        engine._lexicon.cache_clear()

    def warm_context_only() -> None:
        # As in production: earlier messages were screened when they arrived and are cached; the new
        # message is new text, so it is not.
        engine._lexicon.cache_clear()
        for earlier in context:
            engine._lexicon(earlier)

    def gating(text: str) -> ScreenResult:
        return engine.screen(text, context=context)

    from peercircle.core.embedding import embed_one

    heldout_texts = [t for _, t in heldout]
    Layer = tuple[str, Callable[[str], object], Sequence[str], int, Callable[[], object] | None]
    layers: list[Layer] = [
        ("reference: substring check", lambda t: "suicide" in t.lower(), texts, 3, None),
        ("reference: embed_one (model alone)", embed_one, heldout_texts, 1, None),
        ("lexicon alone", screen_text, texts, 3, None),
        (f"gating: screen() + {CONTEXT_FOR_LATENCY} context", gating, texts, 1, warm_context_only),
        (f"gating worst case: {CONTEXT_FOR_LATENCY} context uncached", gating, texts, 1, cold),
        ("full stack: screen_deep", lambda t: engine.screen_deep(t, context=context), heldout_texts, 1, None),
    ]
    rows = []
    for name, fn, sample, repeats, setup in layers:
        timings, cpu = _time_each(fn, sample, repeats, setup)
        mean = statistics.fmean(timings)
        rows.append(
            [
                name,
                len(timings),
                _percentile(timings, 0.5),
                _percentile(timings, 0.99),
                max(timings),
                _percentile(cpu, 0.99),
                round(1000 / mean),
            ]
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n## Latency per message (ms, single thread; load average {load:.2f} on {os.cpu_count()} CPUs)")
    print(_table(["layer", "calls", "p50", "p99", "max", "cpu p99", "msgs/s"], rows))
    gating_p99, gating_cpu_p99 = float(rows[3][3]), float(rows[3][5])  # type: ignore[arg-type]
    verdict = "within" if gating_p99 < TARGET_P99_MS else "OVER"
    print(
        f"\ngating path p99 {gating_p99:.3f} ms wall ({gating_cpu_p99:.3f} ms CPU): {verdict} the "
        f"{TARGET_P99_MS:.0f} ms target. CPU time is this thread only, not torch threads."
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
