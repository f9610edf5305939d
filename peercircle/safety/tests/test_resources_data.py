"""The shipped crisis resources directory is complete, well-formed, and ordered for the crisis card."""

import copy
import json
from pathlib import Path

import pytest

from peercircle.safety.resources_data import (
    DATA_PATH,
    INTERNATIONAL,
    DirectoryError,
    emergency_number_for_country,
    is_plausible_phone,
    load_directory,
    resources_for_country,
    validate_directory,
)

# The 30 countries with the most internet users (as listed in issue 5) plus the English-speaking extras.
REQUIRED = [
    "CN",
    "IN",
    "US",
    "ID",
    "BR",
    "RU",
    "NG",
    "JP",
    "MX",
    "PK",
    "BD",
    "DE",
    "PH",
    "VN",
    "TR",
    "EG",
    "GB",
    "IR",
    "FR",
    "TH",
    "IT",
    "KR",
    "ES",
    "PL",
    "CA",
    "AR",
    "ZA",
    "CO",
    "UA",
    "SA",
    "AU",
    "IE",
    "NZ",
    "NL",
]


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))


def test_shipped_file_passes_the_schema(raw) -> None:
    assert validate_directory(raw) == []


def test_every_required_country_and_the_fallback_are_present(raw) -> None:
    countries = raw["countries"]
    assert set(REQUIRED) <= set(countries)
    assert INTERNATIONAL in countries
    assert len(set(countries) - {INTERNATIONAL}) >= 30


def test_every_country_has_an_emergency_number(raw) -> None:
    for code, entry in raw["countries"].items():
        if code == INTERNATIONAL:
            assert "112" in entry["emergency"]["notes"]
            continue
        assert is_plausible_phone(entry["emergency"]["number"]), code


def test_every_service_entry(raw) -> None:
    for code, entry in raw["countries"].items():
        for service in entry["services"]:
            where = f"{code}/{service['id']}"
            assert service["name"].strip(), where
            assert service["phone"] or service["text"] or service["chat_url"] or service["website"], where
            if service["phone"]:
                assert is_plausible_phone(service["phone"]), where
            for url in (service["chat_url"], service["website"]):
                assert url is None or url.startswith("https://"), where
            assert isinstance(service["verified"], bool), where
            assert isinstance(service["for_young_people"], bool), where
            # the recommended service is suggested to adults, so it is never a line for children
            assert not (service["for_young_people"] and service["recommended"]), where
            # nobody has checked these against the live services yet; an operator records the date
            assert service["last_verified"] is None, where
            if not service["verified"]:
                assert service["notes"], where
                assert not service["recommended"], where


def test_meta_tells_the_operator_to_reverify(raw) -> None:
    assert raw["meta"]["schema_version"] == 2  # 2 added for_young_people
    assert raw["meta"]["written"] == "2026-11-25"
    assert "re-verified by the operator" in raw["meta"]["statement"]


@pytest.mark.parametrize(
    ("code", "first", "phone"),
    [
        ("US", "988 Suicide & Crisis Lifeline", "988"),
        ("CA", "9-8-8 Suicide Crisis Helpline", "988"),
        ("GB", "Samaritans", "116 123"),
        ("IE", "Samaritans Ireland", "116 123"),
        ("AU", "Lifeline", "13 11 14"),
        ("NZ", "1737 Need to talk?", "1737"),
        ("FR", "3114 Numéro national de prévention du suicide", "3114"),
        ("ES", "024 Línea de atención a la conducta suicida", "024"),
        ("BR", "CVV – Centro de Valorização da Vida", "188"),
        ("KR", "Suicide prevention hotline 109 (자살예방상담전화)", "109"),
        ("IN", "Tele-MANAS", "14416"),
    ],
)
def test_recommended_service_comes_first(code, first, phone) -> None:
    services = resources_for_country(code)
    assert services[0]["name"] == first
    assert services[0]["phone"] == phone
    assert services[0]["recommended"] and services[0]["verified"]


def test_well_known_text_lines() -> None:
    us_text = {(s["text"]["number"], s["text"]["keyword"]) for s in resources_for_country("US") if s["text"]}
    assert ("988", None) in us_text and ("741741", "HOME") in us_text
    gb_text = {(s["text"]["number"], s["text"]["keyword"]) for s in resources_for_country("GB") if s["text"]}
    assert ("85258", "SHOUT") in gb_text
    assert emergency_number_for_country("GB") == "999"
    assert emergency_number_for_country("us") == "911"
    assert emergency_number_for_country("AU") == "000"


@pytest.mark.parametrize("code", ["XX", "", "  ", "intl", "ZZ", "gb-wls"])
def test_unknown_codes_fall_back_to_the_international_directories(code) -> None:
    services = resources_for_country(code)
    assert [s["website"] for s in services][:2] == ["https://findahelpline.com", "https://befrienders.org"]
    assert emergency_number_for_country(code) is None


def test_country_codes_are_case_insensitive() -> None:
    assert resources_for_country("gb") == resources_for_country("GB")


@pytest.mark.parametrize("code", ["VN", "SA", "RU", "CO"])
def test_countries_with_only_narrow_lines_lead_with_a_directory(code) -> None:
    # e.g. Vietnam's confirmed line is for children, Saudi Arabia's is general health advice
    services = resources_for_country(code)
    assert services[0]["id"] == "intl-findahelpline"
    assert any(s["id"].startswith(code.lower() + "-") and s["verified"] for s in services)


def test_unconfirmed_countries_lead_with_a_directory() -> None:
    # China's entries are unconfirmed, so a directory comes before them; Bangladesh has none at all.
    china = resources_for_country("CN")
    assert china[0]["id"] == "intl-findahelpline"
    assert all(not s["verified"] for s in china if s["id"].startswith("cn-"))
    assert [s["id"] for s in resources_for_country("BD")] == ["intl-findahelpline", "intl-befrienders"]
    assert emergency_number_for_country("BD") == "999"


def test_verified_services_come_before_unverified_ones() -> None:
    for code in REQUIRED:
        services = resources_for_country(code)
        flags = [s["verified"] for s in services]
        assert flags == sorted(flags, reverse=True), code
        # the one suggestion the crisis card leads with is always recommended (local or directory)
        assert services[0]["recommended"] and services[0]["verified"], code


def test_callers_cannot_corrupt_the_cached_directory() -> None:
    services = resources_for_country("GB")
    services[0]["phone"] = "000"
    load_directory()["countries"]["GB"]["services"].clear()
    assert resources_for_country("GB")[0]["phone"] == "116 123"


@pytest.mark.parametrize(
    ("number", "is_ok"),
    [
        ("988", True),
        ("116 123", True),
        ("1-800-668-6868", True),
        ("+91 98204 66726", True),
        ("(02) 8804-4673", True),
        ("0800 111 0 111", True),
        ("12", False),
        ("call 988", False),
        ("988 ", False),
        ("+1 800 FLOWERS", False),
        ("1234567890123456", False),
        ("", False),
    ],
)
def test_phone_plausibility(number, is_ok) -> None:
    assert is_plausible_phone(number) is is_ok


def _mutated(raw: dict, change) -> list[str]:
    data = copy.deepcopy(raw)
    change(data)
    return validate_directory(data)


def _gb(data: dict) -> dict:
    return data["countries"]["GB"]["services"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["countries"].pop("INTL"), "INTL fallback is missing"),
        (lambda d: d["countries"].__setitem__("XQ", d["countries"]["GB"]), "not an ISO 3166-1"),
        (lambda d: [d["countries"].pop(c) for c in REQUIRED[:6]], "at least 30 countries"),
        (lambda d: _gb(d).pop("verified"), "missing fields ['verified']"),
        (lambda d: _gb(d).pop("for_young_people"), "missing fields ['for_young_people']"),
        (lambda d: _gb(d).__setitem__("for_young_people", "yes"), "for_young_people: wrong type"),
        (lambda d: _gb(d).__setitem__("for_young_people", True), "cannot be the one recommended"),
        (lambda d: d["meta"].__setitem__("schema_version", 1), "expected 2, got 1"),
        (lambda d: _gb(d).__setitem__("phone", "116-12x"), "implausible phone"),
        (lambda d: _gb(d).__setitem__("website", "http://samaritans.org"), "https:// URL"),
        (lambda d: _gb(d).__setitem__("verified", False), "cannot be the recommended"),
        (lambda d: _gb(d).__setitem__("last_verified", "25/11/2026"), "YYYY-MM-DD"),
        (lambda d: _gb(d).__setitem__("languages", ["English"]), "ISO 639"),
        (lambda d: _gb(d).__setitem__("fax", "1"), "unknown fields ['fax']"),
        (lambda d: d["countries"]["GB"]["services"][1].__setitem__("recommended", True), "more than one"),
        (lambda d: d["countries"]["GB"]["emergency"].__setitem__("number", None), "emergency.number"),
        (lambda d: d["countries"]["US"]["services"].append(_gb(d)), "duplicate id"),
        (lambda d: d["meta"].__setitem__("statement", "ok"), "re-verifying"),
        (
            lambda d: _gb(d).update(phone=None, text=None, chat_url=None, website=None),
            "at least one way to reach it",
        ),
    ],
)
def test_validator_catches_broken_entries(raw, change, message) -> None:
    errors = _mutated(raw, change)
    assert any(message in error for error in errors), errors


def test_loading_an_invalid_file_raises_with_every_error(tmp_path: Path, raw) -> None:
    data = copy.deepcopy(raw)
    data["countries"].pop("INTL")
    data["countries"]["GB"]["services"][0]["phone"] = "nope"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DirectoryError) as raised:
        load_directory(path)
    assert len(raised.value.errors) >= 2
