"""Key rotation on a copy of the demo community: every encrypted column is re-encrypted under the new key,
the old key can then be dropped, and the product still reads everything."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from peercircle.core import crypto
from peercircle.core.fields import ENCRYPTED_FIELDS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _raw_values() -> list[str]:
    values = []
    with connection.cursor() as cursor:
        for model, field_name in ENCRYPTED_FIELDS:
            column = model._meta.get_field(field_name).column
            cursor.execute(f"SELECT {column} FROM {model._meta.db_table}")  # noqa: S608 - names from models
            values.extend(str(row[0]) for row in cursor.fetchall() if row[0])
    return values


def _plain_values() -> list[str]:
    values = []
    for model, field_name in ENCRYPTED_FIELDS:
        values.extend(v for v in model._default_manager.values_list(field_name, flat=True) if v)
    return sorted(values)


def test_rotate_keys_on_the_demo_community(settings):
    call_command("demo", stdout=io.StringIO())
    before = _plain_values()
    raw = _raw_values()
    assert len(raw) >= 20, "the demo should hold encrypted text (situations, messages, plans, journals)"
    assert all(value.startswith(crypto.PREFIX) for value in raw)

    old_key = settings.ENCRYPTION_KEYS
    new_key = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = f"{new_key},{old_key}"
    out = io.StringIO()
    call_command("rotate_keys", "--batch-size", "7", "--no-progress", stdout=out)
    assert f"Done: {len(raw)} values re-encrypted" in out.getvalue()

    settings.ENCRYPTION_KEYS = new_key  # the old key is retired
    assert all(crypto.is_current(value) for value in _raw_values())
    assert _plain_values() == before
