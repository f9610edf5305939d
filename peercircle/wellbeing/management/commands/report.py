"""`peercircle report --since DATE [--until DATE] [--format table|csv|json]`: the programme outcome report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from peercircle.wellbeing import report as outcome_report


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (use YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Print the programme outcome report (aggregates only; small cells suppressed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, type=_date, help="first day of the period (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="last day of the period (default: today)")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument(
            "--min-group",
            type=int,
            default=None,
            help="smallest group shown (default: MIN_REPORT_GROUP setting; never below 5)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        until = options["until"] or timezone.localdate()
        try:
            built = outcome_report.build_report(
                since=options["since"], until=until, min_group=options["min_group"]
            )
        except (ValueError, TypeError) as exc:
            raise CommandError(str(exc)) from exc
        render = {
            "table": outcome_report.to_text,
            "csv": outcome_report.to_csv,
            "json": outcome_report.to_json,
        }
        output = render[options["format"]](built)
        self.stdout.write(output, ending="" if output.endswith("\n") else "\n")
