"""Operator commands for matching, with no database and no network: `match-file` and `match-eval`.

The `peercircle` console command dispatches here; each function takes argv (without the command name) and
returns an exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from peercircle.matching.engine.assignment import assign
from peercircle.matching.engine.explain import explain_pair
from peercircle.matching.engine.profile import AGE_BRACKETS, INTENTS, RELATIONS, SLOTS, MatchProfile
from peercircle.matching.engine.search import CandidatePool, find_best
from peercircle.matching.engine.text import SituationEncoder, SituationTextError, clean_situation

BEST_COUNT = 5
EXIT_OK = 0
EXIT_SOME_INVALID = 1
EXIT_USAGE = 2


class ProfileLineError(ValueError):
    pass


@dataclass
class _ParsedLine:
    raw_id: str | int
    situation: str
    profile: MatchProfile  # without vector yet


def _string_list(record: dict[str, Any], key: str, default: Sequence[str]) -> list[str]:
    value = record.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ProfileLineError(f'"{key}" must be a list of non-empty strings')
    return [item.strip() for item in value]


def _choice(record: dict[str, Any], key: str, choices: Sequence[str], default: str) -> str:
    value = record.get(key, default)
    if value not in choices:
        raise ProfileLineError(f'"{key}" must be one of: {", ".join(choices)}')
    return str(value)


def parse_profile_line(text: str) -> _ParsedLine:
    """One JSON Lines record to a profile (vector added later); ProfileLineError says what is wrong."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProfileLineError(f"not valid JSON: {error.msg}") from None
    if not isinstance(record, dict):
        raise ProfileLineError("each line must be a JSON object")
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or str(raw_id).strip() == "":
        raise ProfileLineError('"id" is required (a non-empty string or an integer)')
    situation = record.get("situation")
    if not isinstance(situation, str):
        raise ProfileLineError('"situation" is required (a string)')
    try:
        situation = clean_situation(situation)
    except SituationTextError as error:
        raise ProfileLineError(str(error)) from None
    languages = _string_list(record, "languages", ["en"])
    if not languages:
        raise ProfileLineError('"languages" must name at least one language')
    availability = _string_list(record, "availability", [])
    unknown_slots = sorted(set(availability) - set(SLOTS))
    if unknown_slots:
        raise ProfileLineError(
            f'unknown "availability" slots: {", ".join(unknown_slots)} (e.g. "mon-evening")'
        )
    timezone = record.get("timezone_offset_hours", 0)
    if isinstance(timezone, bool) or not isinstance(timezone, int | float) or not -14 <= timezone <= 14:
        raise ProfileLineError('"timezone_offset_hours" must be a number between -14 and 14')
    profile = MatchProfile(
        id=str(raw_id),
        topics=frozenset(_string_list(record, "topics", [])),
        languages=frozenset(language.lower() for language in languages),
        age_bracket=_choice(record, "age_bracket", AGE_BRACKETS, "adult"),  # type: ignore[arg-type]
        relation=_choice(record, "relation", RELATIONS, "living_with"),  # type: ignore[arg-type]
        intent=_choice(record, "intent", INTENTS, "both"),  # type: ignore[arg-type]
        interests=frozenset(_string_list(record, "interests", [])),
        availability=frozenset(availability),
        timezone_offset_hours=float(timezone),
    )
    return _ParsedLine(raw_id=raw_id, situation=situation, profile=profile)


def match_file_main(argv: list[str], stdout: TextIO | None = None) -> int:
    """`peercircle match-file PROFILES.jsonl`: best peers, batch pair and reasons for every profile."""
    out = stdout or sys.stdout
    parser = argparse.ArgumentParser(
        prog="peercircle match-file",
        description="Match every profile in a JSON Lines file against the others (no database, no network).",
    )
    parser.add_argument("profiles", type=Path, help="JSON Lines file, one profile per line")
    args = parser.parse_args(argv)
    try:
        lines = args.profiles.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        print(f"match-file: cannot read {args.profiles}: {error}", file=sys.stderr)
        return EXIT_USAGE

    results: list[tuple[int, _ParsedLine | str]] = []
    seen_ids: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            parsed = parse_profile_line(line)
            if parsed.profile.id in seen_ids:
                raise ProfileLineError(f'duplicate "id" {parsed.profile.id!r}: each person appears once')
        except ProfileLineError as error:
            results.append((number, str(error)))
            continue
        seen_ids.add(parsed.profile.id)
        results.append((number, parsed))

    valid = [item for _, item in results if isinstance(item, _ParsedLine)]
    encoder = SituationEncoder()
    vectors = encoder.encode([p.situation for p in valid], [sorted(p.profile.topics) for p in valid])
    profiles = {
        parsed.profile.id: _with_vector(parsed.profile, vector)
        for parsed, vector in zip(valid, vectors, strict=True)
    }
    pool = CandidatePool(profiles.values())
    partner: dict[str, str] = {}
    for a, b in assign(pool):
        partner[a], partner[b] = b, a
    raw_ids = {parsed.profile.id: parsed.raw_id for parsed in valid}

    for number, item in results:
        if isinstance(item, str):
            out.write(json.dumps({"line": number, "error": item}) + "\n")
            continue
        person = profiles[item.profile.id]
        best = [other for other, _ in find_best(person, pool, k=BEST_COUNT)]
        pair = partner.get(person.id)
        # Reasons explain the proposed pair, or the best candidate when the batch left this person waiting.
        explained = pair or (best[0] if best else None)
        reasons = (
            explain_pair(
                person,
                profiles[explained],
                topic_name=encoder.topic_name,
                inferred_topic=encoder.inferred_topic,
            )
            if explained
            else []
        )
        record = {
            "id": item.raw_id,
            "best": [raw_ids[other] for other in best],
            "pair": raw_ids[pair] if pair else None,
            "reasons": reasons,
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return EXIT_SOME_INVALID if len(valid) < len(results) else EXIT_OK


def _with_vector(profile: MatchProfile, vector: np.ndarray) -> MatchProfile:
    from dataclasses import replace

    return replace(profile, situation_vector=vector)


# ---------------------------------------------------------------------------------------------- match-eval

_GROUP_HEADERS = {"group", "label", "problem_type", "category", "situation_group"}
_TEXT_HEADERS = {"text", "situation", "description"}


def read_labelled_tsv(path: Path) -> tuple[list[str], list[str]]:
    """(groups, texts) from a TSV: first column is the group, last column the text; header optional."""
    groups: list[str] = []
    texts: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) < 2:
            raise ValueError(f"line {number}: expected group<TAB>text")
        group, text = columns[0].strip(), columns[-1].strip()
        if number == 1 and group.lower() in _GROUP_HEADERS and text.lower() in _TEXT_HEADERS:
            continue
        groups.append(group)
        texts.append(text[:2000])
    return groups, texts


@dataclass
class EvalRow:
    method: str
    top1: float
    top3: float
    pairs: float
    pair_count: int


def evaluate_vectors(method: str, groups: Sequence[str], vectors: np.ndarray) -> EvalRow:
    """Same-group rates when everyone is matched on these vectors alone, by the product's search and batch.

    top-1: the best candidate is in the same group. top-3: share of the 3 best candidates in the same group.
    pairs: share of batch pairs (no quality bar, so every method pairs nearly everyone) in the same group.
    """
    profiles = [MatchProfile(id=str(i), situation_vector=vector) for i, vector in enumerate(vectors)]
    pool = CandidatePool(profiles)
    top1 = top3 = 0.0
    for i, profile in enumerate(profiles):
        best = [int(other) for other, _ in find_best(profile, pool, k=3)]
        top1 += groups[best[0]] == groups[i] if best else 0.0
        top3 += sum(groups[j] == groups[i] for j in best) / 3
    pairs = assign(pool, quality_vs_wait=1.0, min_quality=0.0)
    same = sum(groups[int(a)] == groups[int(b)] for a, b in pairs)
    n = len(profiles)
    return EvalRow(method, top1 / n, top3 / n, same / len(pairs) if pairs else 0.0, len(pairs))


def chance_row(groups: Sequence[str]) -> EvalRow:
    """Expected rates for a random choice among the others (the same for top-1, top-3 and pairs)."""
    sizes = Counter(groups)
    n = len(groups)
    rate = sum(sizes[group] - 1 for group in groups) / (n * (n - 1)) if n > 1 else 0.0
    return EvalRow("chance", rate, rate, rate, n // 2)


def tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    return np.asarray(matrix.toarray(), dtype=np.float32)


def caching_embed() -> Callable[[list[str]], np.ndarray]:
    """The shared encoder, remembering texts already embedded in this run (several methods reuse them)."""
    from peercircle.core.embedding import embed

    cache: dict[str, np.ndarray] = {}

    def embed_cached(texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(text for text in texts if text not in cache))
        if missing:
            cache.update(zip(missing, embed(missing), strict=True))
        return np.stack([cache[text] for text in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    return embed_cached


def format_table(title: str, rows: Sequence[EvalRow]) -> str:
    lines = [title, f"{'method':<34}{'top-1':>8}{'top-3':>8}{'pairs':>8}{'#pairs':>8}"]
    lines += [f"{r.method:<34}{r.top1:>8.3f}{r.top3:>8.3f}{r.pairs:>8.3f}{r.pair_count:>8d}" for r in rows]
    return "\n".join(lines)


def match_eval_main(argv: list[str], stdout: TextIO | None = None) -> int:
    """`peercircle match-eval FILE.tsv`: same-group rates of our matching vs. MiniLM, TF-IDF and chance."""
    out = stdout or sys.stdout
    parser = argparse.ArgumentParser(
        prog="peercircle match-eval",
        description="Measure same-group matching rates on a group<TAB>text file (header optional).",
    )
    parser.add_argument("file", type=Path, help="TSV file: group<TAB>text per line")
    args = parser.parse_args(argv)
    try:
        groups, texts = read_labelled_tsv(args.file)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"match-eval: cannot read {args.file}: {error}", file=sys.stderr)
        return EXIT_USAGE
    texts = [" ".join(text.split()) for text in texts]
    kept = [(group, text) for group, text in zip(groups, texts, strict=True) if text]
    if len(kept) < 4 or len({group for group, _ in kept}) < 2:
        print("match-eval: need at least 4 texts in at least 2 groups", file=sys.stderr)
        return EXIT_USAGE
    groups, texts = [group for group, _ in kept], [text for _, text in kept]

    embed_cached = caching_embed()
    ours = SituationEncoder(embed_fn=embed_cached).encode(texts)
    plain = embed_cached(texts)
    rows = [
        evaluate_vectors("PeerCircle (text + topic profile)", groups, ours),
        evaluate_vectors("plain MiniLM cosine", groups, plain),
        evaluate_vectors("TF-IDF cosine", groups, tfidf_vectors(texts)),
        chance_row(groups),
    ]
    title = f"match-eval {args.file.name}: {len(texts)} texts, {len(set(groups))} groups (text only)"
    out.write(format_table(title, rows) + "\n")
    return EXIT_OK
