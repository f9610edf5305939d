"""Mark the crisis services for children and young people, and add the youth services new to the directory.

A fresh database was already seeded with every service in the file by 0003; here it only gets the flag.
A database seeded before this change gets the flag on its rows (nothing an admin edited is touched) and
the services this change added, each at its place in its country's list: the rows after it move down one,
so the order an admin chose is kept. A table an admin emptied is left empty (members then see the file).

Reversing keeps the added rows: they are ordinary services under the earlier schema, and a crisis
resource is never deleted by a migration.
"""

import datetime

from django.db import migrations
from django.db.models import F

# The services this change added to data/crisis_resources.json. Only these are inserted when missing, so a
# service an admin deleted on purpose does not come back.
ADDED = (
    "us-boys-town",
    "ie-childline",
    "nz-youthline",
    "nl-kindertelefoon",
    "fr-fil-sante-jeunes",
    "it-telefono-azzurro",
    "es-anar",
    "se-mind-90101",
    "se-bris",
    "kr-1388",
    "za-childline",
    "in-childline-1098",
    "jp-kodomo-sos",
    "ua-la-strada-children",
    "ph-bantay-bata",
    "th-childline",
    "co-icbf-141",
)


def _row(CrisisResource, code, service, order):
    text = service["text"] or {}
    last = service["last_verified"]
    return CrisisResource(
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
        for_young_people=service["for_young_people"],
        is_recommended=service["recommended"],
        verified=service["verified"],
        last_verified=datetime.date.fromisoformat(last) if last else None,
        notes=service["notes"][:500],
        sort_order=order,
    )


def forwards(apps, schema_editor):
    from peercircle.safety.resources_data import load_directory

    CrisisResource = apps.get_model("safety", "CrisisResource")
    if not CrisisResource.objects.exists():
        return
    countries = load_directory()["countries"]
    youth = [s["id"] for entry in countries.values() for s in entry["services"] if s["for_young_people"]]
    CrisisResource.objects.filter(slug__in=youth).update(for_young_people=True)

    existing = set(CrisisResource.objects.values_list("slug", flat=True))
    for code, entry in countries.items():
        # A service recommended in the file is only recommended here if the country has none yet (an
        # admin may have chosen another one; at most one per country is allowed).
        has_recommended = CrisisResource.objects.filter(country=code, is_recommended=True, is_active=True)
        for order, service in enumerate(entry["services"]):
            if service["id"] not in ADDED or service["id"] in existing:
                continue
            CrisisResource.objects.filter(country=code, sort_order__gte=order).update(
                sort_order=F("sort_order") + 1
            )
            row = _row(CrisisResource, code, service, order)
            row.is_recommended = row.is_recommended and not has_recommended.exists()
            row.save()


class Migration(migrations.Migration):
    dependencies = [("safety", "0004_crisis_resource_for_young_people")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
