"""Move the text of existing private journal entries into the encrypted column (and back on reverse)."""

from django.db import migrations

BATCH = 500


def encrypt_journal_bodies(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    rows = Story.objects.filter(visibility="private").exclude(shared_body="").only("pk", "shared_body")
    for story in rows.iterator(chunk_size=BATCH):
        story.private_body = story.shared_body
        story.shared_body = ""
        story.save(update_fields=["private_body", "shared_body"])


def decrypt_journal_bodies(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    rows = Story.objects.filter(visibility="private").exclude(private_body="").only("pk", "private_body")
    for story in rows.iterator(chunk_size=BATCH):
        story.shared_body = story.private_body
        story.private_body = ""
        story.save(update_fields=["private_body", "shared_body"])


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_story_private_body_encrypted"),
    ]

    operations = [
        migrations.RunPython(encrypt_journal_bodies, decrypt_journal_bodies),
    ]
