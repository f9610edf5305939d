"""Seed the admin-editable crisis resources from the directory file shipped with the project."""

import datetime

from django.db import migrations


def seed(apps, schema_editor):
    from peercircle.safety.resources_data import load_directory

    CrisisResource = apps.get_model("safety", "CrisisResource")
    countries = load_directory()["countries"]
    rows = []
    for code, entry in countries.items():
        for order, service in enumerate(entry["services"]):
            text = service["text"] or {}
            last = service["last_verified"]
            rows.append(
                CrisisResource(
                    slug=service["id"],
                    country=code,
                    name=service["name"],
                    phone=service["phone"] or "",
                    text_number=text.get("number") or "",
                    text_keyword=text.get("keyword") or "",
                    chat_url=service["chat_url"] or "",
                    website=service["website"] or "",
                    hours=service["hours"] or "",
                    languages=service["languages"],
                    audience=service["audience"] or "",
                    is_recommended=service["recommended"],
                    verified=service["verified"],
                    last_verified=datetime.date.fromisoformat(last) if last else None,
                    notes=service["notes"][:500],
                    sort_order=order,
                )
            )
    existing = set(CrisisResource.objects.values_list("slug", flat=True))
    CrisisResource.objects.bulk_create([row for row in rows if row.slug not in existing])


def unseed(apps, schema_editor):
    from peercircle.safety.resources_data import load_directory

    CrisisResource = apps.get_model("safety", "CrisisResource")
    slugs = [s["id"] for entry in load_directory()["countries"].values() for s in entry["services"]]
    CrisisResource.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("safety", "0002_crisis_resources_plans_escalations")]

    operations = [migrations.RunPython(seed, unseed)]
