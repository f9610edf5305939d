"""`peercircle createadmin HANDLE`: create an admin (staff, superuser, Admins group)."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peercircle.accounts.constants import Role
from peercircle.accounts.models import Profile, User
from peercircle.accounts.services import role_grant


class Command(BaseCommand):
    help = "Create an admin account. The password is read from PEERCIRCLE_ADMIN_PASSWORD or asked for."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("handle")
        parser.add_argument("--email", default="")
        parser.add_argument("--country", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        handle = options["handle"]
        if User.objects.filter(handle__iexact=handle).exists():
            raise CommandError(f"The handle {handle!r} is taken.")
        password = os.environ.get("PEERCIRCLE_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        if len(password) < 10:
            raise CommandError("Use a password of at least 10 characters.")
        user = User.objects.create_superuser(
            handle, password, email=options["email"], country=options["country"], languages=["en"]
        )
        Profile.objects.create(user=user)
        role_grant(actor=None, user=user, role=Role.ADMIN)
        role_grant(actor=None, user=user, role=Role.MODERATOR)
        self.stdout.write(self.style.SUCCESS(f"Admin {handle} created."))
