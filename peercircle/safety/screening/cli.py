"""`peercircle screen`: screen JSON Lines from standard input, one result line per input line, in order.

Input lines are `{"id": ..., "text": "..."}`; `id` may be any JSON value and is echoed back.
Output lines are `{"id": ..., "level": "none"|"concern"|"urgent", "score": float, "reasons": [...]}`.

A bad line (invalid JSON, not an object, `text` missing, not a string, or longer than 20,000 characters)
gives `{"id": null, "error": "..."}` in its place and the rest still run. Blank lines (only whitespace)
are skipped and produce no output, so a trailing newline or a spacer line never shifts the results.
Each line is screened on its own: there is no conversation context across lines.

The full stack (`screen_deep`, which loads the sentence model once) is used unless `--fast` is given.
No database, no network.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import TextIO

from peercircle.safety.screening.engine import screen, screen_deep_many
from peercircle.safety.screening.result import ScreenResult

MAX_TEXT_CHARS = 20_000
BATCH_SIZE = 32


def _parse(line: str) -> tuple[object, str] | str:
    """(id, text), or an error message."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(item, dict):
        return "each line must be a JSON object"
    text = item.get("text")
    if "text" not in item:
        return 'missing "text"'
    if not isinstance(text, str):
        return '"text" must be a string'
    if len(text) > MAX_TEXT_CHARS:
        return f'"text" is longer than {MAX_TEXT_CHARS} characters'
    return item.get("id"), text


def _batches(lines: TextIO) -> Iterator[list[tuple[object, str] | str]]:
    batch: list[tuple[object, str] | str] = []
    for line in lines:
        if not line.strip():
            continue
        batch.append(_parse(line))
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _row(item_id: object, result: ScreenResult) -> dict[str, object]:
    return {"id": item_id, **result.as_dict()}


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run `peercircle screen`; returns 0, or 1 when at least one line was bad."""
    parser = argparse.ArgumentParser(
        prog="peercircle screen", description="Screen JSON Lines for crisis risk."
    )
    parser.add_argument("--fast", action="store_true", help="lexicon and context only (the gating pass)")
    args = parser.parse_args(argv)
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout

    bad = False
    for batch in _batches(stdin):
        good = [item for item in batch if isinstance(item, tuple)]
        texts = [text for _, text in good]
        results = [screen(text) for text in texts] if args.fast else screen_deep_many(texts)
        by_position = iter(results)
        for item in batch:
            if isinstance(item, str):
                bad = True
                row: dict[str, object] = {"id": None, "error": item}
            else:
                row = _row(item[0], next(by_position))
            stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        stdout.flush()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
