"""`peercircle rotate-keys`: re-encrypt every encrypted field under the newest key, in batches."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

from peercircle.core import crypto
from peercircle.core.fields import ENCRYPTED_FIELDS


class Command(BaseCommand):
    help = "Re-encrypt sensitive text under the newest key (put the new key first, keep the old ones)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        apps.get_models()  # make sure every model (and so every encrypted field) is registered
        batch_size = max(1, options["batch_size"])
        total_rotated = 0
        for model, field_name in ENCRYPTED_FIELDS:
            column = model._meta.get_field(field_name).column  # type: ignore[union-attr]
            table = model._meta.db_table
            pk_column = model._meta.pk.column  # type: ignore[union-attr]
            count = model._default_manager.count()
            label = f"{model._meta.label}.{field_name}"
            rotated = 0
            with tqdm(total=count, desc=label, unit="row", disable=options["no_progress"]) as bar:
                last_pk: Any = None
                while True:
                    # Raw values: the field decrypts on read, and we need the ciphertext to rotate it.
                    with connection.cursor() as cursor:
                        where = f"WHERE {pk_column} > %s " if last_pk is not None else ""
                        params = [last_pk] if last_pk is not None else []
                        cursor.execute(
                            f"SELECT {pk_column}, {column} FROM {table} {where}"  # noqa: S608 - names from models
                            f"ORDER BY {pk_column} LIMIT %s",
                            [*params, batch_size],
                        )
                        rows = cursor.fetchall()
                    if not rows:
                        break
                    with transaction.atomic(), connection.cursor() as cursor:
                        for pk, value in rows:
                            if value and not crypto.is_current(value):
                                cursor.execute(
                                    f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s",  # noqa: S608
                                    [crypto.rotate(value), pk],
                                )
                                rotated += 1
                    last_pk = rows[-1][0]
                    bar.update(len(rows))
            total_rotated += rotated
            self.stdout.write(f"{label}: {rotated} of {count} rows re-encrypted")
        self.stdout.write(
            self.style.SUCCESS(f"Done: {total_rotated} values re-encrypted under the newest key.")
        )
