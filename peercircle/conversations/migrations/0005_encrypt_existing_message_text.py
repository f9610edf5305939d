"""Encrypt the text of messages stored before encryption at rest (and decrypt it again on reverse).

Works on the raw column: the model field would encrypt whatever it is given, so it cannot tell the
plain rows from the encrypted ones; the `enc1:` prefix can.
"""

from django.db import migrations

from peercircle.core import crypto

BATCH = 500


def _rewrite(apps, schema_editor, *, is_encrypted: bool, transform) -> None:
    Message = apps.get_model("conversations", "Message")
    table = schema_editor.connection.ops.quote_name(Message._meta.db_table)
    like = "NOT LIKE" if not is_encrypted else "LIKE"
    last_pk = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, text FROM {table} WHERE id > %s AND text <> '' AND text {like} %s "  # noqa: S608
                "ORDER BY id LIMIT %s",
                [last_pk, crypto.PREFIX + "%", BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            for pk, text in rows:
                cursor.execute(f"UPDATE {table} SET text = %s WHERE id = %s", [transform(text), pk])  # noqa: S608
            last_pk = rows[-1][0]


def encrypt_message_text(apps, schema_editor):
    _rewrite(apps, schema_editor, is_encrypted=False, transform=crypto.encrypt)


def decrypt_message_text(apps, schema_editor):
    _rewrite(apps, schema_editor, is_encrypted=True, transform=crypto.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0004_encrypt_message_text"),
    ]

    operations = [
        migrations.RunPython(encrypt_message_text, decrypt_message_text),
    ]
