"""`peercircle demo`: load a small demo community (idempotent) and print the demo accounts."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from peercircle.accounts.demo import DEMO_PASSWORD

# Each app may contribute demo content with `seed(users)`, in this order (later apps build on earlier ones).
APP_SEEDERS = ["matching", "conversations", "safety", "stories", "goals", "wellbeing"]


class Command(BaseCommand):
    help = "Load a small demo community and print the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        from peercircle.accounts import demo as accounts_demo

        with transaction.atomic():
            users = accounts_demo.seed()
        for app in APP_SEEDERS:
            try:
                module = importlib.import_module(f"peercircle.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"peercircle.{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(users)
        self.stdout.write(
            f"\nDemo accounts (password for all: {DEMO_PASSWORD})\n"
            "  member          sam     (grieving her mum; also: river, jun, priya, lee, nadia, ellie, dana)\n"
            "  peer supporter  alex    (also: tomas, kofi, sofia)\n"
            "  minors          mia, noah (only ever matched with each other)\n"
            "  moderator       morgan\n"
            "  admin           admin   (Django admin at /admin/)\n"
        )
