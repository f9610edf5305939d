"""The crisis resources directory shipped with PeerCircle (data/crisis_resources.json).

Pure module: reads and checks the JSON file, no models and no database, so the crisis card can still
be filled if the database is unavailable, and an operator can check an edited file from the command
line. Admin edits are expected to start from this file.

Ordering favours one clear suggestion (Koko found long hotline lists overwhelm people): the country's
recommended service first, then other confirmed services, then unconfirmed ones. If a country has no
recommended service (nothing confirmed, or only lines for a narrower audience such as children), the
international directories come first: a reliable directory beats an unconfirmed number or a line the
person may not be eligible for.

Services marked `for_young_people` are for children and young people. For a member under 18 the country's
first confirmed one is suggested instead (Childline rather than Samaritans in the UK): a line made for
them is the one they are most likely to call. Everyone else sees the same list in the same order.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django_countries.data import COUNTRIES

__all__ = [
    "DATA_PATH",
    "INTERNATIONAL",
    "SCHEMA_VERSION",
    "DirectoryError",
    "emergency_number_for_country",
    "is_plausible_phone",
    "load_directory",
    "put_youth_service_first",
    "resources_for_country",
    "validate_directory",
]

DATA_PATH = Path(__file__).resolve().parent / "data" / "crisis_resources.json"
INTERNATIONAL = "INTL"
SCHEMA_VERSION = 2  # 2 added for_young_people
MIN_COUNTRIES = 30

# Digits with optional +, spaces, hyphens and one bracketed area code: "+91 98204 66726",
# "1-800-668-6868", "(02) 8804-4673", "988". Between 3 and 15 digits (E.164 maximum).
_PHONE_RE = re.compile(r"^\+?(\(\d+\) ?)?\d+([ -]\d+)*$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_KEYWORD_RE = re.compile(r"^[A-Z0-9]+$")

_SERVICE_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "name": (str,),
    "phone": (str, type(None)),
    "alt_phones": (list,),
    "text": (dict, type(None)),
    "chat_url": (str, type(None)),
    "website": (str, type(None)),
    "hours": (str, type(None)),
    "languages": (list,),
    "audience": (str, type(None)),
    "for_young_people": (bool,),
    "recommended": (bool,),
    "last_verified": (str, type(None)),
    "verified": (bool,),
    "notes": (str,),
}


class DirectoryError(ValueError):
    """The crisis resources file does not match the schema; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("invalid crisis resources directory:\n" + "\n".join(errors))


def is_plausible_phone(number: str) -> bool:
    digits = sum(ch.isdigit() for ch in number)
    return bool(_PHONE_RE.match(number)) and 3 <= digits <= 15


def _check_url(value: str, where: str, errors: list[str]) -> None:
    if not value.startswith("https://") or " " in value or len(value) < len("https://a.b"):
        errors.append(f"{where}: must be an https:// URL, got {value!r}")


def _check_service(service: Any, where: str, ids: set[str], errors: list[str]) -> None:
    if not isinstance(service, dict):
        errors.append(f"{where}: must be an object")
        return
    missing = sorted(set(_SERVICE_FIELDS) - set(service))
    unknown = sorted(set(service) - set(_SERVICE_FIELDS))
    if missing:
        errors.append(f"{where}: missing fields {missing}")
    if unknown:
        errors.append(f"{where}: unknown fields {unknown}")
    for name, types in _SERVICE_FIELDS.items():
        # bool is an int subclass but no field here is an int, so isinstance is exact enough.
        if name in service and not isinstance(service[name], types):
            errors.append(f"{where}.{name}: wrong type {type(service[name]).__name__}")
    if missing or any(not isinstance(service.get(n), t) for n, t in _SERVICE_FIELDS.items()):
        return

    where = f"{where} ({service['id']})"
    if not _ID_RE.match(service["id"]):
        errors.append(f"{where}: id must be lower-case words joined by hyphens")
    if service["id"] in ids:
        errors.append(f"{where}: duplicate id")
    ids.add(service["id"])
    if not service["name"].strip():
        errors.append(f"{where}: name is empty")
    for number in ([service["phone"]] if service["phone"] else []) + service["alt_phones"]:
        if not isinstance(number, str) or not is_plausible_phone(number):
            errors.append(f"{where}: implausible phone number {number!r}")
    if service["text"] is not None:
        text = service["text"]
        if set(text) != {"number", "keyword"}:
            errors.append(f"{where}.text: needs exactly 'number' and 'keyword'")
        elif not isinstance(text["number"], str) or not is_plausible_phone(text["number"]):
            errors.append(f"{where}.text: implausible number {text['number']!r}")
        elif text["keyword"] is not None and (
            not isinstance(text["keyword"], str) or not _KEYWORD_RE.match(text["keyword"])
        ):
            errors.append(f"{where}.text: keyword must be upper-case letters or digits")
    for name in ("chat_url", "website"):
        if service[name] is not None:
            _check_url(service[name], f"{where}.{name}", errors)
    if not any(service[name] for name in ("phone", "text", "chat_url", "website")):
        errors.append(f"{where}: needs at least one way to reach it (phone, text, chat_url or website)")
    if not service["languages"] or not all(
        isinstance(lang, str) and _LANGUAGE_RE.match(lang) for lang in service["languages"]
    ):
        errors.append(f"{where}: languages must be a non-empty list of ISO 639 codes")
    if service["last_verified"] is not None:
        try:
            datetime.date.fromisoformat(service["last_verified"])
        except ValueError:
            errors.append(f"{where}.last_verified: must be YYYY-MM-DD or null")
    if service["recommended"] and not service["verified"]:
        errors.append(f"{where}: an unconfirmed service cannot be the recommended one")
    if service["recommended"] and service["for_young_people"]:
        errors.append(f"{where}: a service for young people cannot be the one recommended to everyone")
    if not service["verified"] and not service["notes"].strip():
        errors.append(f"{where}: an unconfirmed service must say why in notes")


def validate_directory(data: Any) -> list[str]:
    """Every problem in a parsed directory, as readable messages (empty when it is valid)."""
    errors: list[str] = []
    if not isinstance(data, dict) or set(data) != {"meta", "countries"}:
        return ["top level must be an object with exactly 'meta' and 'countries'"]
    meta = data["meta"]
    if not isinstance(meta, dict):
        errors.append("meta: must be an object")
    else:
        if meta.get("schema_version") != SCHEMA_VERSION:
            errors.append(
                f"meta.schema_version: expected {SCHEMA_VERSION}, got {meta.get('schema_version')!r}"
            )
        try:
            datetime.date.fromisoformat(str(meta.get("written")))
        except ValueError:
            errors.append("meta.written: must be a YYYY-MM-DD date")
        if "re-verified" not in str(meta.get("statement", "")):
            errors.append("meta.statement: must tell the operator that numbers need re-verifying")

    countries = data["countries"]
    if not isinstance(countries, dict):
        return [*errors, "countries: must be an object keyed by ISO 3166-1 alpha-2 code"]
    if INTERNATIONAL not in countries:
        errors.append(f"countries: the {INTERNATIONAL} fallback is missing")
    if len(set(countries) - {INTERNATIONAL}) < MIN_COUNTRIES:
        errors.append(f"countries: at least {MIN_COUNTRIES} countries are required, got {len(countries) - 1}")

    ids: set[str] = set()
    for code, entry in countries.items():
        where = f"countries.{code}"
        if code != INTERNATIONAL and code not in COUNTRIES:
            errors.append(f"{where}: not an ISO 3166-1 alpha-2 code")
        if not isinstance(entry, dict) or set(entry) != {"name", "emergency", "services"}:
            errors.append(f"{where}: needs exactly 'name', 'emergency' and 'services'")
            continue
        if not isinstance(entry["name"], str) or not entry["name"].strip():
            errors.append(f"{where}.name: must be a non-empty string")
        emergency = entry["emergency"]
        if not isinstance(emergency, dict) or set(emergency) != {"number", "notes"}:
            errors.append(f"{where}.emergency: needs exactly 'number' and 'notes'")
        elif code == INTERNATIONAL:
            if not isinstance(emergency["notes"], str) or not emergency["notes"].strip():
                errors.append(f"{where}.emergency.notes: must explain how to find the local number")
        elif not isinstance(emergency["number"], str) or not is_plausible_phone(emergency["number"]):
            errors.append(f"{where}.emergency.number: implausible {emergency['number']!r}")
        services = entry["services"]
        if not isinstance(services, list):
            errors.append(f"{where}.services: must be a list")
            continue
        for index, service in enumerate(services):
            _check_service(service, f"{where}.services[{index}]", ids, errors)
        recommended = [s for s in services if isinstance(s, dict) and s.get("recommended") is True]
        if len(recommended) > 1:
            errors.append(f"{where}: more than one recommended service")
    intl = countries.get(INTERNATIONAL)
    if isinstance(intl, dict) and not intl.get("services"):
        errors.append(f"countries.{INTERNATIONAL}: needs at least one directory service")
    return errors


@cache
def _load(path: Path) -> Mapping[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    errors = validate_directory(data)
    if errors:
        raise DirectoryError(errors)
    return data  # type: ignore[no-any-return]


def load_directory(path: Path | None = None) -> dict[str, Any]:
    """The validated directory (a fresh copy each call, so callers cannot corrupt the cached one)."""
    data = _load(path or DATA_PATH)
    return json.loads(json.dumps(data))  # type: ignore[no-any-return]


def _ordered(services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # sorted() is stable, so within each rank the file's order (the editor's choice) is kept.
    return sorted(services, key=lambda s: (not s["recommended"], not s["verified"]))


def put_youth_service_first(services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The list for a member under 18: the first confirmed service for young people moves to the front,
    the rest keep their order. Unchanged when there is none (an unconfirmed number is never suggested)."""
    youth = next((s for s in services if s["for_young_people"] and s["verified"]), None)
    if youth is None:
        return services
    return [youth, *(s for s in services if s is not youth)]


def resources_for_country(
    code: str, *, is_minor: bool = False, path: Path | None = None
) -> list[dict[str, Any]]:
    """Services for an ISO 3166-1 alpha-2 `code`, the one to suggest first at the front.

    Unknown codes (or empty input) get the international directories. A country without a
    recommended service gets the international directories first, then its own entries.
    With `is_minor`, the country's confirmed service for young people leads (`put_youth_service_first`).
    """
    countries = load_directory(path)["countries"]
    international = _ordered(countries[INTERNATIONAL]["services"])
    key = (code or "").strip().upper()
    if key == INTERNATIONAL or key not in countries:
        return international
    local = _ordered(countries[key]["services"])
    services = local if any(service["recommended"] for service in local) else international + local
    return put_youth_service_first(services) if is_minor else services


def emergency_number_for_country(code: str, *, path: Path | None = None) -> str | None:
    """The country's emergency number, or None for unknown codes (show the INTL advice instead)."""
    countries = load_directory(path)["countries"]
    entry = countries.get((code or "").strip().upper())
    if entry is None:
        return None
    number = entry["emergency"]["number"]
    return number if isinstance(number, str) else None
