"""The hand-written labelled sets in tests/data and the weakly labelled T-SID tweets in ../shared/data."""

from __future__ import annotations

from pathlib import Path

from peercircle.safety.screening.result import LEVELS

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEV_PATH = PROJECT_ROOT / "tests" / "data" / "screening_dev.tsv"
# Held-out v9: written by a ninth author who never saw project data, committed before any change, never
# tuned on (see README_screening.md). Held-out v1-v8 were folded into the dev set once decisions had seen
# them.
HELDOUT_NAME = "v9"
HELDOUT_PATH = PROJECT_ROOT / "tests" / "data" / f"screening_heldout_{HELDOUT_NAME}.tsv"
TSID_PATH = PROJECT_ROOT.parent / "shared" / "data" / "crisis" / "t-sid.tsv"

# Who wrote which dev rows, as (name, first data row index, end index) in file order (data rows counted
# from 0 after the header; README_screening.md has the story). One group per author: training scores a
# choice by leaving one author's rows out at a time, the nearest the dev set gets to "a new author".
DEV_AUTHOR_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("first author (original rows and old held-out v1)", 0, 872),
    ("second author (old held-out v2)", 872, 1042),
    ("batch A (teens, students)", 1042, 1292),
    ("batch B (adults, many Englishes)", 1292, 1542),
    ("batch C (hardest cases)", 1542, 1792),
    ("third author (old held-out v3)", 1792, 2092),
    ("fourth author (old held-out v4)", 2092, 2392),
    ("fifth author (old held-out v5)", 2392, 2692),
    ("batch D (adults at work, carers, peer replies)", 2692, 2991),
    ("batch E (13-25 chat, slang, third parties)", 2991, 3291),
    ("batch F (measured prose, older adults, understatement)", 3291, 3591),
    ("batch G (Englishes of the world)", 3591, 3891),
    ("batch H (both sides of live chats)", 3891, 4187),
    ("batch I (metaphor and the hardest negatives)", 4187, 4487),
    ("batch J (terse men at work and on the land)", 4487, 4787),
    ("batch K (mothers, parents, abuse at home)", 4787, 5086),
    ("batch L (serious mental illness in own words)", 5086, 5384),
    ("batch M (addiction, gambling, homelessness)", 5384, 5684),
    ("sixth author (old held-out v6)", 5684, 5983),
    ("seventh author (old held-out v7)", 5983, 6282),
    ("batch N (short chat lines)", 6282, 6578),
    ("batch O (deep distress and the edge of risk)", 6578, 6878),
    ("batch P (English as a second language, long posts)", 6878, 7178),
    ("batch Q (third parties and helpers)", 7178, 7478),
    ("batch R (gamers and online irony)", 7478, 7778),
    ("batch S (clinicians and others with access to means)", 7778, 8077),
    ("batch T (recovery stories, flat lists)", 8077, 8377),
    ("eighth author (old held-out v8)", 8377, 8673),
    ("batch U (the bereaved)", 8673, 8973),
    ("batch V (chronic illness, pain, medicines)", 8973, 9273),
    ("batch W (students typing fast)", 9273, 9573),
    ("batch X (anger, relationships, violence)", 9573, 9872),
    ("batch Y (community posts, answers, profiles)", 9872, 10172),
    ("batch Z (LGBTQ+ people and faith)", 10172, 10472),
    ("batch AA (older adults)", 10472, 10772),
    ("batch AB (autistic and ADHD adults)", 10772, 11072),
    ("batch AC (late at night)", 11072, 11371),
    ("batch AD (poems, lyrics, vague-posting)", 11371, 11671),
)


def load_labelled(path: Path) -> list[tuple[str, str]]:
    """(level, text) rows of a `level<TAB>text` file with a header line."""
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        next(handle, None)
        for number, line in enumerate(handle, start=2):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            level, _, text = line.partition("\t")
            if level not in LEVELS or not text:
                raise ValueError(f"{path.name}:{number}: expected level<TAB>text, got {line!r}")
            rows.append((level, text))
    return rows


def load_heldout(path: Path | None = None, dev_path: Path | None = None) -> tuple[list[tuple[str, str]], int]:
    """The held-out rows less any whose text (case-folded) is also a dev text, and how many were left out.

    Independent authors sometimes write the same short line ("anyone up?"); the model was trained on the
    dev copy, so such a row would not measure a new writer.
    """
    rows = load_labelled(path or HELDOUT_PATH)
    seen = {text.strip().casefold() for _, text in load_labelled(dev_path or DEV_PATH)}
    kept = [(level, text) for level, text in rows if text.strip().casefold() not in seen]
    return kept, len(rows) - len(kept)


def load_tsid(path: Path = TSID_PATH) -> list[tuple[str, str]]:
    """T-SID as (level, text): `suicide_or_self_harm` is risk (labelled concern), everything else none."""
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        next(handle, None)
        for line in handle:
            label, _, text = line.rstrip("\n").partition("\t")
            if text:
                rows.append(("concern" if label == "suicide_or_self_harm" else "none", text))
    return rows
