"""Embedding cost: sentences per second and milliseconds per single profile, in one run.

    python -m bench.embedding [--quick]

Rows: the shared sentence-transformers encoder (torch, CPU), the matching text representation on top of
it (adds the topic profile), and ONNX Runtime when it is installed (skipped with a message otherwise).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from peercircle.core.embedding import embed, embed_one
from peercircle.matching.cli import read_labelled_tsv
from peercircle.matching.engine import SituationEncoder

DEV_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "matching_dev.tsv"


def throughput(embed_many: Callable[[list[str]], np.ndarray], texts: list[str]) -> float:
    start = time.perf_counter()
    embed_many(texts)
    return len(texts) / (time.perf_counter() - start)


def single_latency(embed_single: Callable[[str], np.ndarray], texts: list[str]) -> tuple[float, float]:
    timings = []
    for text in texts:
        start = time.perf_counter()
        embed_single(text)
        timings.append(time.perf_counter() - start)
    return float(np.percentile(timings, 50) * 1000), float(np.percentile(timings, 95) * 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.embedding", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer sentences")
    args = parser.parse_args(argv)
    _, texts = read_labelled_tsv(DEV_SET)
    batch = (texts * 4)[: 120 if args.quick else 480]
    singles = texts[: 30 if args.quick else 100]
    embed(texts[:8])  # load the model and warm up before timing
    encoder = SituationEncoder()
    runtimes: list[tuple[str, Callable[[list[str]], np.ndarray], Callable[[str], np.ndarray]]] = [
        ("sentence-transformers (torch CPU)", embed, embed_one),
        ("  + PeerCircle topic profile", encoder.encode, encoder.encode_one),
    ]
    # Other developers share the 2 cores: alternate the runtimes and keep each one's best of 3 rounds,
    # so a burst of someone else's work does not decide the comparison.
    rates: dict[str, list[float]] = {name: [] for name, _, _ in runtimes}
    latencies: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in runtimes}
    for _ in range(3):
        for name, embed_many, embed_single in runtimes:
            rates[name].append(throughput(embed_many, batch))
            latencies[name].append(single_latency(embed_single, singles))
    rows = [(name, max(rates[name]), *min(latencies[name])) for name, _, _ in runtimes]
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        onnx_note = "ONNX Runtime: not installed, skipped (not adopted: see the matching report)."
    else:
        onnx_note = "ONNX Runtime: installed, but no exported model is packaged; not measured."
    print(
        f"{len(batch)} sentences for throughput (batches of 32), {len(singles)} single profiles for latency;"
        " best of 3 alternating rounds"
    )
    print(f"{'runtime':<36}{'sentences/s':>12}{'single p50':>12}{'single p95':>12}")
    for name, rate, p50, p95 in rows:
        print(f"{name:<36}{rate:>12.0f}{p50:>10.1f}ms{p95:>10.1f}ms")
    print(onnx_note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
