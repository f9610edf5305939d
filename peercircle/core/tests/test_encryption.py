from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from peercircle.accounts.models import Profile
from peercircle.core import crypto

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test-only names
        return str(cursor.fetchone()[0])


def test_situation_is_encrypted_at_rest_and_plain_in_python(member):
    Profile.objects.filter(user=member).update(situation="my mum died in March")
    profile = Profile.objects.get(user=member)
    assert profile.situation == "my mum died in March"
    stored = _raw("accounts_profile", "situation", profile.pk)
    assert stored.startswith("enc1:") and "mum" not in stored


def test_rotation_reencrypts_under_the_new_key(member, settings):
    old_key = settings.ENCRYPTION_KEYS
    Profile.objects.filter(user=member).update(situation="caring for my dad")
    profile = Profile.objects.get(user=member)
    before = _raw("accounts_profile", "situation", profile.pk)
    new_key = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = f"{new_key},{old_key}"
    assert not crypto.is_current(before)
    rotated = crypto.rotate(before)
    assert crypto.is_current(rotated)
    settings.ENCRYPTION_KEYS = new_key  # the old key is gone: the rotated value still decrypts
    assert crypto.decrypt(rotated) == "caring for my dad"


def test_plain_legacy_values_pass_through():
    assert crypto.decrypt("written before encryption") == "written before encryption"


def test_rotate_keys_command_reencrypts_every_row(member, other_member, settings):
    import io

    from django.core.management import call_command

    old_key = settings.ENCRYPTION_KEYS
    Profile.objects.filter(user=member).update(situation="first secret")
    Profile.objects.filter(user=other_member).update(situation="second secret")
    new_key = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = f"{new_key},{old_key}"
    out = io.StringIO()
    call_command("rotate_keys", "--batch-size", "1", "--no-progress", stdout=out)
    assert "accounts.Profile.situation: 2 of 2 rows re-encrypted" in out.getvalue()
    settings.ENCRYPTION_KEYS = new_key
    assert sorted(Profile.objects.values_list("situation", flat=True)) == ["first secret", "second secret"]
    out = io.StringIO()
    call_command("rotate_keys", "--no-progress", stdout=out)
    assert "0 of 2 rows" in out.getvalue()


def test_a_changed_key_file_is_read_again(tmp_path, settings):
    settings.ENCRYPTION_KEYS = ""
    key_file = tmp_path / "keys"
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    key_file.write_text(first + "\n")
    settings.ENCRYPTION_KEY_FILE = str(key_file)
    assert crypto.configured_keys() == [first]
    assert crypto.configured_keys() == [first]  # served from the cache while the file is unchanged
    key_file.write_text(f"# rotated\n{second}\n{first}\n")
    crypto._checked.clear()  # as if a second had passed
    assert crypto.configured_keys() == [second, first]
    assert crypto.decrypt(crypto.encrypt("still readable")) == "still readable"
