"""`peercircle`: the operator's command.

Commands that need no database (screen, match-file, match-eval) run without Django; every other
subcommand is a Django management command (`peercircle demo` runs `manage.py demo`), with hyphens
mapped to underscores (`peercircle rotate-keys` runs `rotate_keys`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

STANDALONE: dict[str, str] = {
    "screen": "peercircle.safety.screening.cli:main",
    "match-file": "peercircle.matching.cli:match_file_main",
    "match-eval": "peercircle.matching.cli:match_eval_main",
}

HELP = """usage: peercircle COMMAND [ARGS]

Operator commands:
  run [--host H] [--port P] [--workers N]   migrate, start the task worker, and serve the app
  migrate                                   apply database migrations
  createadmin HANDLE                        create an admin account (asks for a password)
  demo                                      load a small demo community (idempotent)
  screen [--fast]                           screen JSON Lines from stdin for crisis signals (no database)
  match-file PROFILES.jsonl                 best peers and batch pairs for profiles in a file (no database)
  match-eval FILE.tsv                       matching quality on group<TAB>text data (no database)
  report --since DATE [--until DATE] [--format table|csv|json]
                                            programme outcome report (aggregate, small groups suppressed)
  rotate-keys                               re-encrypt sensitive text under the newest key
  task_worker                               the background worker and the periodic schedule
  help                                      this text; any Django management command also works
"""


def _load(target: str) -> Callable[..., int]:
    module_name, func_name = target.split(":")
    module = __import__(module_name, fromlist=[func_name])
    return getattr(module, func_name)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"help", "-h", "--help"}:
        sys.stdout.write(HELP)
        return 0
    command, rest = args[0], args[1:]
    if command in STANDALONE:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        return int(_load(STANDALONE[command])(rest) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["peercircle", command.replace("-", "_"), *rest])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
