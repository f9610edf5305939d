"""Matching benchmarks: speed at 10k/100k/1M available people, and quality on labelled situations.

    python -m bench.matching            # full run (a few minutes, ~4 GB RAM at 1,000,000 people)
    python -m bench.matching --quick    # 10,000 and 100,000 only
    python -m bench.matching --only quality|speed

Speed uses random unit vectors and random attributes; the reference row is a bare numpy
matrix-vector product over the same matrix in the same run, because absolute timings on a shared
machine drift. Quality reads tests/data/matching_dev.tsv and ../shared/data/matching/esconv_situations.tsv
(skipped with a message when absent).
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from peercircle.matching.cli import caching_embed, read_labelled_tsv, tfidf_vectors
from peercircle.matching.engine import (
    CandidatePool,
    MatchProfile,
    SituationEncoder,
    Weights,
    assign,
    find_best,
)
from peercircle.matching.engine.profile import SLOTS
from peercircle.matching.engine.scoring import score_pair

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT / "tests" / "data" / "matching_dev.tsv"
ESCONV = ROOT.parent / "shared" / "data" / "matching" / "esconv_situations.tsv"
LANGUAGES = ["en", "fr", "de", "es", "it", "pl"]
SYNTHETIC_TOPICS = [f"topic-{i}" for i in range(60)]
REQUESTS = 200
BATCH_SIZE = 1000


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_profiles(n: int, seed: int = 0) -> list[MatchProfile]:
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    vectors = rng.standard_normal((n, 384), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    profiles = []
    for i in range(n):
        languages = {"en"} if pick.random() < 0.7 else set(pick.sample(LANGUAGES, pick.choice((1, 2))))
        profiles.append(
            MatchProfile(
                id=f"m{i}",
                situation_vector=vectors[i],
                topics=frozenset(pick.sample(SYNTHETIC_TOPICS, pick.choice((1, 2, 3)))),
                languages=frozenset(languages),
                age_bracket="minor" if pick.random() < 0.08 else "adult",
                relation=pick.choice(("living_with", "supporting", "been_through")),
                intent=pick.choice(("get", "give", "both")),
                availability=frozenset(pick.sample(SLOTS, 4)),
                timezone_offset_hours=float(pick.choice((-5, 0, 1, 2, 8))),
                is_at_capacity=pick.random() < 0.02,
                waited_seconds=pick.random() * 1200,
                blocked_ids=frozenset({f"m{pick.randrange(n)}"}) if pick.random() < 0.05 else frozenset(),
            )
        )
    return profiles


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50) * 1000), float(np.percentile(samples, 95) * 1000)


def _total_score_function(by_id: dict[str, MatchProfile]) -> Callable[[list[tuple[str, str]]], float]:
    def total(pairs: list[tuple[str, str]]) -> float:
        return sum(score_pair(by_id[a], by_id[b]) for a, b in pairs)

    return total


def speed_table(sizes: Sequence[int]) -> None:
    print("\n== Speed: one request (exact search, excluding embedding) and one batch of 1,000 waiting ==")
    header = (
        f"{'people':>10} {'request p50':>12} {'request p95':>12} {'bare matvec p50':>16} "
        f"{'batch fast':>11} {'batch exact':>12} {'fast/exact quality':>19} {'pool build':>11} "
        f"{'matrix MB':>10} {'RSS MB':>8}"
    )
    print(header)
    batch_fast = batch_exact = 0.0
    ratio_text = ""
    for n in sizes:
        profiles = synthetic_profiles(n)
        start = time.perf_counter()
        pool = CandidatePool(profiles)
        build = time.perf_counter() - start
        pick = random.Random(n)
        queries = [profiles[pick.randrange(n)] for _ in range(REQUESTS)]
        find_best(queries[0], pool)  # warm up caches and BLAS threads
        timings = []
        for query in queries:
            start = time.perf_counter()
            find_best(query, pool, k=5)
            timings.append(time.perf_counter() - start)
        bare = []
        for query in queries[:50]:
            assert query.situation_vector is not None
            start = time.perf_counter()
            scores = pool.vectors @ query.situation_vector
            np.argpartition(-scores, 5)[:5]
            bare.append(time.perf_counter() - start)
        p50, p95 = percentiles(timings)
        if not ratio_text:
            waiting = CandidatePool(profiles[:BATCH_SIZE])
            start = time.perf_counter()
            fast_pairs = assign(waiting, method="fast")
            batch_fast = time.perf_counter() - start
            start = time.perf_counter()
            exact_pairs = assign(waiting, method="exact")
            batch_exact = time.perf_counter() - start
            by_id = {p.id: p for p in profiles[:BATCH_SIZE]}
            total = _total_score_function(by_id)
            ratio_text = (
                f"{total(fast_pairs) / total(exact_pairs):.3f} ({len(fast_pairs)}/{len(exact_pairs)})"
            )
        print(
            f"{n:>10,} {p50:>10.1f}ms {p95:>10.1f}ms {percentiles(bare)[0]:>14.1f}ms "
            f"{batch_fast * 1000:>9.0f}ms {batch_exact * 1000:>10.0f}ms {ratio_text:>19} {build:>10.2f}s "
            f"{pool.matrix_bytes / 1e6:>10.0f} {rss_mb():>8.0f}"
        )
        del pool, profiles, queries
    print(
        "Exact search (no approximate index), so recall@10 = 1.000 by construction. The batch columns are\n"
        "the same 1,000-person waiting pool for every size; quality = total pair score fast / exact\n"
        "(pairs made)."
    )


# ------------------------------------------------------------------------------------------------- quality

# What a member might pick for each dev-set situation (slugs of the default catalog); the first is the
# obvious one. Simulated picks are noisy on purpose: see `simulated_topics`.
DEV_TOPICS = {
    "parent_death": ["bereavement"],
    "baby_loss": ["baby-loss", "bereavement"],
    "suicide_bereavement": ["suicide-loss", "bereavement"],
    "dementia_carer": ["dementia", "caring-partner"],
    "child_illness_carer": ["child-illness"],
    "partner_cancer_carer": ["caring-partner", "cancer"],
    "cancer_patient": ["cancer"],
    "diabetes_diagnosis": ["diabetes"],
    "chronic_pain": ["chronic-pain"],
    "alcohol_recovery": ["alcohol"],
    "gambling_recovery": ["gambling", "money"],
    "job_loss": ["job-loss", "money"],
    "money_worries": ["money"],
    "work_burnout": ["burnout", "anxiety"],
    "breakup": ["breakup"],
    "divorce_with_kids": ["divorce", "breakup"],
    "moving_abroad": ["moving-abroad", "loneliness"],
    "student_loneliness": ["student-life", "loneliness"],
    "exam_stress": ["exams", "anxiety"],
    "postnatal_depression": ["postnatal", "depression"],
    "infertility": ["infertility"],
    "eating_disorder": ["eating-disorder"],
    "school_bullying": ["bullying"],
    "social_anxiety": ["anxiety", "loneliness"],
}
ESCONV_TOPICS = {
    "ongoing depression": ["depression"],
    "breakup with partner": ["breakup"],
    "job crisis": ["job-loss", "burnout"],
    "problems with friends": ["friendship"],
    "academic pressure": ["exams"],
    "conflict with parents": ["family"],
}


def simulated_topics(groups: Sequence[str], topics: dict[str, list[str]], seed: int = 7) -> list[list[str]]:
    """Per text: the group's main topic 80% of the time, its second one 40%, a wrong one 15%, none 10%."""
    pick = random.Random(seed)
    catalog = sorted({slug for slugs in topics.values() for slug in slugs})
    result: list[list[str]] = []
    for group in groups:
        own = topics.get(group, [])
        if not own or pick.random() < 0.10:
            result.append([])
            continue
        chosen = [own[0]] if pick.random() < 0.8 else []
        chosen += [slug for slug in own[1:] if pick.random() < 0.4]
        if pick.random() < 0.15 or not chosen:
            chosen.append(pick.choice(catalog))
        result.append(sorted(set(chosen)))
    return result


def top1_rate(groups: Sequence[str], profiles: Sequence[MatchProfile], weights: Weights) -> float:
    pool = CandidatePool(profiles)
    hits = 0
    for i, profile in enumerate(profiles):
        best = find_best(profile, pool, k=1, weights=weights)
        hits += bool(best) and groups[int(best[0][0])] == groups[i]
    return hits / len(profiles)


def quality_rows(
    groups: Sequence[str],
    texts: Sequence[str],
    topic_map: dict[str, list[str]],
    embed: Callable[..., np.ndarray],
) -> list[tuple[str, float]]:
    topics = simulated_topics(groups, topic_map)
    text_only = Weights(topics=0.0)
    with_topics = Weights()  # the product default: Jaccard weight 0.25

    def profiles(vectors: np.ndarray, with_topic_sets: bool) -> list[MatchProfile]:
        return [
            MatchProfile(
                id=str(i),
                situation_vector=vector,
                topics=frozenset(topics[i]) if with_topic_sets else frozenset(),
            )
            for i, vector in enumerate(vectors)
        ]

    plain = np.asarray(embed(list(texts)))
    encoder = SituationEncoder(embed_fn=embed)
    ours = encoder.encode(texts)
    ours_topics_in_vector = encoder.encode(texts, topics)
    plain_with_topic_text = np.asarray(
        embed(
            [
                f"{text} Topics: {', '.join(map(encoder.topic_name, t))}"
                for text, t in zip(texts, topics, strict=True)
            ]
        )
    )
    rows = [
        ("TF-IDF cosine (text)", top1_rate(groups, profiles(tfidf_vectors(texts), False), text_only)),
        ("plain MiniLM cosine (text) = baseline", top1_rate(groups, profiles(plain, False), text_only)),
        ("PeerCircle text (centred + topic profile)", top1_rate(groups, profiles(ours, False), text_only)),
        (
            "  ablation: centring only",
            top1_rate(
                groups,
                profiles(SituationEncoder(embed_fn=embed, anchor_weight=0).encode(texts), False),
                text_only,
            ),
        ),
        (
            "  ablation: topic profile only",
            top1_rate(
                groups,
                profiles(SituationEncoder(embed_fn=embed, centering=0).encode(texts), False),
                text_only,
            ),
        ),
        (
            "plain MiniLM, topic names appended to text",
            top1_rate(groups, profiles(plain_with_topic_text, False), text_only),
        ),
        (
            "plain MiniLM + chosen topics (Jaccard 0.25)",
            top1_rate(groups, profiles(plain, True), with_topics),
        ),
        (
            "PeerCircle text + chosen topics in vector",
            top1_rate(groups, profiles(ours_topics_in_vector, False), text_only),
        ),
        (
            "PeerCircle text + chosen topics (Jaccard 0.25)",
            top1_rate(groups, profiles(ours, True), with_topics),
        ),
        (
            "PeerCircle default: topics in vector + Jaccard",
            top1_rate(groups, profiles(ours_topics_in_vector, True), with_topics),
        ),
    ]
    for weight in (0.5, 1.0):
        rows.append(
            (
                f"  (default, Jaccard weight {weight})",
                top1_rate(groups, profiles(ours_topics_in_vector, True), replace(with_topics, topics=weight)),
            )
        )
    return rows


def quality_table() -> None:
    print("\n== Quality: top-1 same-situation rate (best allowed candidate is in the same group) ==")
    embed = caching_embed()
    datasets = [("dev set", DEV_SET, DEV_TOPICS), ("ESConv", ESCONV, ESCONV_TOPICS)]
    results: dict[str, list[tuple[str, float]]] = {}
    sizes = {}
    for name, path, topic_map in datasets:
        if not path.exists():
            print(f"{name}: {path} not found, skipped (development data lives outside the repository)")
            continue
        groups, texts = read_labelled_tsv(path)
        texts = [" ".join(text.split()) for text in texts]
        sizes[name] = f"{len(texts)} texts / {len(set(groups))} groups"
        results[name] = quality_rows(groups, texts, topic_map, embed)
    if not results:
        return
    names = list(results)
    print(f"{'method':<50}" + "".join(f"{name:>14}" for name in names))
    for i, (method, _) in enumerate(results[names[0]]):
        print(f"{method:<50}" + "".join(f"{results[name][i][1]:>14.3f}" for name in names))
    for name in names:
        print(f"{name}: {sizes[name]}")
    print(
        "Topics are simulated per group (main topic 80%, second 40%, a wrong one 15%, none 10%; seeded).\n"
        "The default catalog's descriptions cover the dev-set situations (they are the topics a community\n"
        "would configure), so ESConv, whose labels we did not write, is the out-of-sample check."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 and 100,000 people only")
    parser.add_argument("--only", choices=("speed", "quality"))
    args = parser.parse_args(argv)
    if args.only != "speed":
        quality_table()
    if args.only != "quality":
        speed_table((10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
