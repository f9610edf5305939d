"""Members under 18 are offered their country's confirmed service for young people first (Childline rather
than Samaritans in the UK) on the crisis card, the Get help now page, the safety plan and the API; adults
and visitors see exactly the country's usual list."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.safety import resources_data
from peercircle.safety.crisis import crisis_handle_message
from peercircle.safety.models import CrisisResource
from peercircle.safety.selectors import resources_for_country, resources_for_viewer
from peercircle.safety.tests.helpers import URGENT, add_message, pair

pytestmark = pytest.mark.django_db

CHILDLINE = "gb-childline"
SAMARITANS = "gb-samaritans"
DATA_MIGRATION = "peercircle.safety.migrations.0005_flag_and_add_youth_crisis_resources"


@pytest.fixture
def minor(db: Any) -> Any:
    return UserFactory(handle="alex", age_bracket="minor", country="GB")


@pytest.fixture
def adult(db: Any) -> Any:
    return UserFactory(handle="jo", age_bracket="adult", country="GB")


def _escalate(writer: Any, peer: Any, django_capture_on_commit_callbacks: Any) -> Any:
    conversation = pair(writer, peer)
    add_message(conversation, peer, "how was your week?")
    message = add_message(conversation, writer, URGENT)
    with django_capture_on_commit_callbacks(execute=True):
        crisis_handle_message(message=message)
    return conversation


def _suggested_block(html: str) -> str:
    match = re.search(r'<div class="suggested-resource">(.*?)</div>', html, re.S)
    assert match, "the crisis card has no suggested service"
    return match.group(1)


# --- the crisis card ----------------------------------------------------------------------------------


def test_minor_in_gb_is_offered_childline_first_on_the_live_card_and_the_page(
    minor, captured_events, django_capture_on_commit_callbacks
):
    # given two members under 18 in the UK (minors are only ever paired with minors)
    friend = UserFactory(handle="kai", age_bracket="minor", country="GB")
    # when one of them writes something urgent
    conversation = _escalate(minor, friend, django_capture_on_commit_callbacks)
    # then the live card suggests Childline, and Samaritans is still among the other options
    card = dict(captured_events)[f"user.{minor.pk}"]
    assert card["card"]["suggested"]["id"] == CHILDLINE
    assert card["card"]["suggested"]["phone"] == "0800 1111"
    assert SAMARITANS in [r["id"] for r in card["card"]["more"]]
    assert "Childline: call 0800 1111" in card["body"]  # the plain fallback names it too
    suggested = _suggested_block(card["html"])
    assert "Childline" in suggested and "0800 1111" in suggested and "116 123" not in suggested
    # and reloading the conversation shows the same card
    page = logged_in(minor).get(f"/conversations/{conversation.pk}/").content.decode()
    assert "Childline" in _suggested_block(page)


def test_minor_gets_childline_first_from_the_crisis_card_api(minor, django_capture_on_commit_callbacks):
    friend = UserFactory(handle="kai", age_bracket="minor", country="GB")
    conversation = _escalate(minor, friend, django_capture_on_commit_callbacks)
    body = api(logged_in(minor), "get", f"/safety/crisis/card?conversation_id={conversation.pk}").json()
    assert body["card"]["suggested"]["id"] == CHILDLINE
    assert body["card"]["suggested"]["for_young_people"] is True
    assert SAMARITANS in [r["id"] for r in body["card"]["more"]]


def test_adult_in_gb_still_gets_samaritans_first_on_the_card(
    adult, captured_events, django_capture_on_commit_callbacks
):
    peer = UserFactory(handle="robin", country="GB")
    _escalate(adult, peer, django_capture_on_commit_callbacks)
    card = dict(captured_events)[f"user.{adult.pk}"]["card"]
    assert card["suggested"]["id"] == SAMARITANS
    assert [card["suggested"], *card["more"]] == resources_for_country("GB")
    assert [r["id"] for r in card["more"]][-1] == CHILDLINE  # where it always was


# --- Get help now, the safety plan and the resources API -----------------------------------------------


def _first_card(client: Any, query: str = "") -> str:
    html = client.get(f"/safety/help/{query}").content.decode()
    start = html.index('class="card suggested"')
    end = html.index("Suggested first", start)  # the label closes the first card
    return html[start : end + len("Suggested first")]


def test_help_page_suggests_childline_to_a_minor_and_samaritans_to_others(minor, adult, client):
    first = _first_card(logged_in(minor))
    assert "Childline" in first and "0800 1111" in first and "Suggested first" in first
    assert "Samaritans" in logged_in(minor).get("/safety/help/").content.decode()  # still listed
    assert "Samaritans" in _first_card(logged_in(adult))
    assert "Samaritans" in _first_card(client, "?country=GB")  # nobody signed in


def test_help_page_for_another_country_uses_the_minors_age_too(minor):
    first = _first_card(logged_in(minor), "?country=IE")
    assert "Childline (ISPCC)" in first and "1800 66 66 66" in first


def test_resources_api_puts_the_youth_service_first_only_for_minors(minor, adult, client):
    for_minor = api(logged_in(minor), "get", "/safety/resources").json()
    for_adult = api(logged_in(adult), "get", "/safety/resources").json()
    anonymous = api(client, "get", "/safety/resources?country=GB").json()
    assert for_minor[0]["id"] == CHILDLINE and for_minor[0]["for_young_people"] is True
    assert for_adult[0]["id"] == SAMARITANS
    assert anonymous == for_adult
    # the same services either way, only the suggestion moves
    assert sorted(r["id"] for r in for_minor) == sorted(r["id"] for r in for_adult)
    assert [r["id"] for r in for_minor[1:]] == [r["id"] for r in for_adult if r["id"] != CHILDLINE]


def test_safety_plan_suggests_childline_first_to_a_minor(minor, adult):
    minor_plan = api(logged_in(minor), "get", "/safety/plan").json()["professionals_suggestion"]
    adult_plan = api(logged_in(adult), "get", "/safety/plan").json()["professionals_suggestion"]
    assert minor_plan.splitlines()[0] == "Childline: call 0800 1111"
    assert adult_plan.splitlines()[0].startswith("Samaritans: call 116 123")
    assert "Childline" in logged_in(minor).get("/safety/plan/").content.decode()


# --- which service leads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "youth", "general"),
    [
        ("GB", "gb-childline", "gb-samaritans"),
        ("IE", "ie-childline", "ie-samaritans"),
        ("CA", "ca-kids-help-phone", "ca-988"),
        ("AU", "au-kids-helpline", "au-lifeline"),
        ("NZ", "nz-youthline", "nz-1737"),
        ("DE", "de-nummer-gegen-kummer", "de-telefonseelsorge"),
        ("NL", "nl-kindertelefoon", "nl-113"),
        ("SE", "se-bris", "se-mind-90101"),
        ("US", "us-boys-town", "us-988"),  # not The Trevor Project, a narrower audience listed after it
        ("VN", "vn-111", "intl-findahelpline"),
    ],
)
def test_each_country_leads_with_its_youth_service_for_minors_only(code, youth, general):
    assert resources_for_country(code, is_minor=True)[0]["id"] == youth
    assert resources_for_country(code)[0]["id"] == general


@pytest.mark.parametrize(
    ("code", "general"),
    [
        ("BR", "br-cvv"),  # no youth service at all
        ("TH", "th-1323"),  # a youth line we could not confirm is listed but never suggested first
        ("BD", "intl-findahelpline"),  # no services of its own
        ("ZZ", "intl-findahelpline"),  # unknown country
    ],
)
def test_minor_without_a_confirmed_youth_service_gets_the_general_suggestion(code, general):
    member = UserFactory(handle="alex", age_bracket="minor", country=code if code != "ZZ" else "")
    services = resources_for_viewer(viewer=member, country=code)
    assert services[0]["id"] == general
    assert services == resources_for_country(code)


def test_minor_in_brazil_sees_the_general_line_on_the_help_page():
    member = UserFactory(handle="alex", age_bracket="minor", country="BR")
    first = _first_card(logged_in(member))
    assert "CVV" in first and "188" in first


def test_unconfirmed_youth_line_stays_in_the_list():
    ids = [s["id"] for s in resources_for_country("TH", is_minor=True)]
    assert ids[0] == "th-1323" and "th-childline" in ids


def test_admins_decide_which_services_count_as_youth_services(minor):
    # given an admin unflags Childline, a minor in the UK is back to the usual suggestion
    CrisisResource.objects.filter(slug=CHILDLINE).update(for_young_people=False)
    assert resources_for_viewer(viewer=minor)[0]["id"] == SAMARITANS
    # and a service they flag (and have confirmed) is the one suggested
    CrisisResource.objects.filter(slug="gb-shout").update(for_young_people=True)
    assert resources_for_viewer(viewer=minor)[0]["id"] == "gb-shout"
    # an inactive or unconfirmed one is never suggested
    CrisisResource.objects.filter(slug="gb-shout").update(verified=False)
    assert resources_for_viewer(viewer=minor)[0]["id"] == SAMARITANS


def test_minor_gets_childline_first_from_the_file_when_the_table_is_empty(minor):
    CrisisResource.objects.all().delete()
    assert resources_for_viewer(viewer=minor)[0]["id"] == CHILDLINE
    assert resources_for_viewer(viewer=minor)[1]["id"] == SAMARITANS


def test_adults_see_exactly_the_list_they_saw_before():
    for code in ["GB", "US", "CA", "AU", "DE", "VN", "BR", "ZZ", ""]:
        adult = UserFactory(age_bracket="adult", country=code if code != "ZZ" else "")
        assert resources_for_viewer(viewer=adult, country=code) == resources_for_country(code)
        assert resources_for_country(code)[0]["recommended"]


# --- admin ------------------------------------------------------------------------------------------------


def _changelist_post(client: Any, rows: list[CrisisResource], flags: dict[int, bool], query: str) -> Any:
    data: dict[str, Any] = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, row in enumerate(rows):
        data[f"form-{index}-id"] = str(row.pk)
        if flags.get(row.pk, row.for_young_people):
            data[f"form-{index}-for_young_people"] = "on"
    return client.post(f"/admin/safety/crisisresource/{query}", data)


@pytest.fixture
def admin_client_(admin_user: Any) -> Any:
    return logged_in(admin_user)


def test_admin_filters_and_edits_the_flag_from_the_list(admin_client_):
    # the filter lists the youth services
    page = admin_client_.get("/admin/safety/crisisresource/?for_young_people__exact=1").content.decode()
    assert "Childline" in page and "Kids Help Phone" in page and "Samaritans" not in page
    # and the flag can be switched on from the list
    query = "?country=GB"
    rows = list(CrisisResource.objects.filter(country="GB").order_by("sort_order", "id"))
    shout = CrisisResource.objects.get(slug="gb-shout")
    response = _changelist_post(admin_client_, rows, {shout.pk: True}, query)
    assert response.status_code == 302, response.content.decode()[:2000]
    shout.refresh_from_db()
    assert shout.for_young_people


def test_admin_list_refuses_to_flag_the_recommended_service(admin_client_):
    rows = list(CrisisResource.objects.filter(country="GB").order_by("sort_order", "id"))
    samaritans = CrisisResource.objects.get(slug=SAMARITANS)
    response = _changelist_post(admin_client_, rows, {samaritans.pk: True}, "?country=GB")
    assert response.status_code == 200
    assert "cannot be the one suggested first to everyone" in response.content.decode()
    samaritans.refresh_from_db()
    assert not samaritans.for_young_people  # nothing changed


# --- the data file and the migrations ---------------------------------------------------------------------


def test_shipped_file_validates_and_marks_the_youth_services():
    directory = resources_data.load_directory()  # raises if the file does not validate
    flagged = {
        s["id"] for e in directory["countries"].values() for s in e["services"] if s["for_young_people"]
    }
    assert {"gb-childline", "us-trevor", "ca-kids-help-phone", "au-kids-helpline", "ie-childline"} <= flagged
    assert {"gb-samaritans", "us-988", "intl-findahelpline"}.isdisjoint(flagged)


def test_migrations_flagged_the_youth_services_in_the_table():
    assert CrisisResource.objects.get(slug=CHILDLINE).for_young_people
    assert CrisisResource.objects.get(slug="us-trevor").for_young_people
    assert not CrisisResource.objects.get(slug=SAMARITANS).for_young_people
    from_file = {
        s["id"]: s["for_young_people"]
        for e in resources_data.load_directory()["countries"].values()
        for s in e["services"]
    }
    assert dict(CrisisResource.objects.values_list("slug", "for_young_people")) == from_file


def _as_before_this_change() -> None:
    """The table as 0003 left it in a database seeded before the youth services were added."""
    migration = importlib.import_module(DATA_MIGRATION)
    CrisisResource.objects.filter(slug__in=migration.ADDED).delete()
    CrisisResource.objects.update(for_young_people=False)
    CrisisResource.objects.filter(slug="us-trevor").update(sort_order=2)


def test_data_migration_upgrades_a_database_seeded_before_it():
    from django.apps import apps as global_apps

    migration = importlib.import_module(DATA_MIGRATION)
    _as_before_this_change()
    CrisisResource.objects.filter(slug="gb-shout").delete()  # an admin removed it on purpose
    CrisisResource.objects.filter(slug="us-988").update(hours="edited by an admin")

    migration.forwards(global_apps, None)
    migration.forwards(global_apps, None)  # running again changes nothing

    assert CrisisResource.objects.filter(slug__in=migration.ADDED).count() == len(migration.ADDED)
    assert CrisisResource.objects.get(slug=CHILDLINE).for_young_people
    assert not CrisisResource.objects.filter(slug="gb-shout").exists()  # not brought back
    assert CrisisResource.objects.get(slug="us-988").hours == "edited by an admin"
    us = list(CrisisResource.objects.filter(country="US").values_list("slug", flat=True))
    assert us == ["us-988", "us-crisis-text-line", "us-boys-town", "us-trevor"]
    assert CrisisResource.objects.get(slug="se-mind-90101").is_recommended
    assert resources_for_country("IE", is_minor=True)[0]["id"] == "ie-childline"
    assert resources_for_country("SE")[0]["id"] == "se-mind-90101"


def test_data_migration_leaves_an_emptied_table_empty():
    from django.apps import apps as global_apps

    CrisisResource.objects.all().delete()
    importlib.import_module(DATA_MIGRATION).forwards(global_apps, None)
    assert not CrisisResource.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_schema_and_data_migrations_apply_and_reverse():
    def columns() -> set[str]:
        with connection.cursor() as cursor:
            description = connection.introspection.get_table_description(cursor, "safety_crisisresource")
        return {column.name for column in description}

    # from before the seed, so the test does not depend on what earlier tests left in the table
    call_command("migrate", "safety", "0002", verbosity=0)
    call_command("migrate", "safety", "0003", verbosity=0)
    assert "for_young_people" not in columns()
    assert CrisisResource.objects.filter(slug=CHILDLINE).exists()
    call_command("migrate", "safety", verbosity=0)
    assert "for_young_people" in columns()
    assert CrisisResource.objects.get(slug=CHILDLINE).for_young_people
    assert not CrisisResource.objects.get(slug=SAMARITANS).for_young_people
    # reversing drops the column and deletes no service; applying again flags them again
    call_command("migrate", "safety", "0003", verbosity=0)
    assert "for_young_people" not in columns()
    assert CrisisResource.objects.filter(slug=CHILDLINE).exists()
    call_command("migrate", "safety", verbosity=0)
    assert CrisisResource.objects.get(slug=CHILDLINE).for_young_people
