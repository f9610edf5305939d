"""`peercircle task_worker`: run the django-tasks database worker plus the periodic schedule."""

from __future__ import annotations

import importlib
import subprocess
import sys
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from peercircle.core.schedule import PERIODIC


class Command(BaseCommand):
    help = "Run the background task worker and enqueue periodic tasks on schedule."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-schedule", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            if config.name.startswith("peercircle."):
                try:
                    importlib.import_module(f"{config.name}.tasks")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.tasks":
                        raise
        worker = subprocess.Popen(
            [sys.executable, "-m", "peercircle.cli", "db_worker", "--interval", "0.5", "--no-startup-delay"]
        )
        next_run = {id(p): 0.0 for p in PERIODIC}
        try:
            while worker.poll() is None:
                now = time.monotonic()
                if not options["no_schedule"]:
                    for periodic in PERIODIC:
                        if now >= next_run[id(periodic)]:
                            periodic.task.enqueue()
                            next_run[id(periodic)] = now + periodic.seconds
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=10)
