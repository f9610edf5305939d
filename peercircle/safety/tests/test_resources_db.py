"""Admin-edited crisis resources in the database win over the shipped file (the seed and fallback)."""

from __future__ import annotations

import pytest

from peercircle.core.testing import logged_in
from peercircle.safety import resources_data
from peercircle.safety.models import CrisisResource
from peercircle.safety.selectors import resources_for_country

pytestmark = pytest.mark.django_db


def test_data_migration_seeded_every_service_from_the_file():
    services = [
        s for entry in resources_data.load_directory()["countries"].values() for s in entry["services"]
    ]
    assert CrisisResource.objects.count() == len(services)
    samaritans = CrisisResource.objects.get(slug="gb-samaritans")
    assert (samaritans.country, samaritans.phone, samaritans.is_recommended) == ("GB", "116 123", True)


@pytest.mark.parametrize("code", ["GB", "US", "IN", "DE", "VN", "SE", "TH", "ZZ", "", "INTL"])
def test_seeded_database_answers_exactly_like_the_file(code):
    def fields(s):
        return (s["id"], s["phone"], s["text"], s["recommended"], s["for_young_people"])

    assert [fields(s) for s in resources_for_country(code)] == [
        fields(s) for s in resources_data.resources_for_country(code)
    ]
    assert [fields(s) for s in resources_for_country(code, is_minor=True)] == [
        fields(s) for s in resources_data.resources_for_country(code, is_minor=True)
    ]


def test_admin_edits_change_what_members_see():
    CrisisResource.objects.filter(country="GB", is_recommended=True).update(is_recommended=False)
    CrisisResource.objects.filter(slug="gb-shout").update(is_recommended=True, hours="Always open")
    first = resources_for_country("GB")[0]
    assert (first["name"], first["hours"], first["text"]) == (
        "Shout",
        "Always open",
        {"number": "85258", "keyword": "SHOUT"},
    )


def test_empty_table_falls_back_to_the_file():
    CrisisResource.objects.all().delete()
    assert resources_for_country("GB")[0]["name"] == "Samaritans"


def test_help_page_uses_the_database(client):
    CrisisResource.objects.filter(slug="gb-samaritans").update(name="Samaritans (edited)")
    page = client.get("/safety/help/?country=GB").content.decode()
    assert "Samaritans (edited)" in page and "999" in page


def test_admin_can_edit_resources_in_the_admin(admin_user):
    client = logged_in(admin_user)
    resource = CrisisResource.objects.get(slug="gb-samaritans")
    assert client.get(f"/admin/safety/crisisresource/{resource.pk}/change/").status_code == 200


def test_seed_migration_is_reversible():
    from django.apps import apps as global_apps

    from peercircle.safety.migrations import __name__ as package  # noqa: F401

    module = __import__(
        "peercircle.safety.migrations.0003_seed_crisis_resources", fromlist=["unseed", "seed"]
    )
    module.unseed(global_apps, None)
    assert not CrisisResource.objects.exists()
    module.seed(global_apps, None)
    module.seed(global_apps, None)  # idempotent
    assert CrisisResource.objects.filter(slug="gb-samaritans").count() == 1


def test_admin_form_refuses_implausible_numbers_and_unreachable_services():
    from peercircle.safety.admin import CrisisResourceForm

    base = {
        "slug": "gb-test",
        "country": "GB",
        "name": "Test line",
        "languages": '["en"]',
        "sort_order": 1,
        "is_active": True,
        "verified": True,
    }
    assert not CrisisResourceForm(data={**base, "phone": "call us!"}).is_valid()
    assert not CrisisResourceForm(data=base).is_valid()  # no way to reach it
    assert not CrisisResourceForm(
        data={**base, "phone": "0800 123 456", "verified": False, "is_recommended": True}
    ).is_valid()
    assert not CrisisResourceForm(
        data={**base, "phone": "0800 123 456", "for_young_people": True, "is_recommended": True}
    ).is_valid()  # adults would be sent to a line for children
    assert CrisisResourceForm(data={**base, "phone": "0800 123 456"}).is_valid()
    assert CrisisResourceForm(data={**base, "phone": "0800 123 456", "for_young_people": True}).is_valid()
