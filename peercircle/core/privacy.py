"""Data export and erasure across every app.

Each app may provide `peercircle.<app>.privacy` with:
- `export_user_data(user) -> dict`: everything about the member that the app holds, as JSON-ready data;
- `erase_user_data(user) -> None`: remove the member's personal data and private content; content others
  saw in shared spaces is replaced by a tombstone ("message deleted") rather than silently vanishing.
This module calls them in a fixed order, inside one transaction for erasure.
"""

from __future__ import annotations

import importlib
import secrets
from types import ModuleType
from typing import Any

from django.db import transaction
from django.utils import timezone

from peercircle.accounts.models import User

# Later apps first on erasure (they refer to earlier ones); accounts last.
PRIVACY_APPS = [
    "accounts",
    "notifications",
    "matching",
    "conversations",
    "safety",
    "stories",
    "goals",
    "wellbeing",
]


def _module(app: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"peercircle.{app}.privacy")
    except ModuleNotFoundError as exc:
        if exc.name != f"peercircle.{app}.privacy":
            raise
        return None


def account_export(*, user: User) -> dict[str, Any]:
    """Everything about a member, grouped by app, with a readable summary first."""
    sections: dict[str, Any] = {}
    for app in PRIVACY_APPS:
        module = _module(app)
        if module is not None:
            sections[app] = module.export_user_data(user)
    summary = {
        "handle": user.handle,
        "exported_at": timezone.now().isoformat(),
        "contents": {app: _describe(data) for app, data in sections.items()},
        "note": "This archive holds everything PeerCircle stores about you. Keep it somewhere safe.",
    }
    return {"summary": summary, **sections}


def _describe(data: Any) -> str:
    if isinstance(data, dict):
        parts = []
        for key, value in data.items():
            if isinstance(value, list):
                parts.append(f"{len(value)} {key}")
            elif value not in (None, "", {}, []):
                parts.append(key)
        return ", ".join(parts) or "nothing"
    return "data"


@transaction.atomic
def account_delete(*, user: User, actor: User | None = None, reason: str = "member request") -> None:
    """Erase a member: personal data and private content removed, an audit row with a pseudonymous id kept."""
    from peercircle.safety.services import audit_log_record

    audit_log_record(
        actor=actor or user,
        action="account.delete",
        target_type="user",
        target_id=user.pk,
        target_user=user,
        reason=reason,
    )
    for app in reversed(PRIVACY_APPS):
        module = _module(app)
        if module is not None:
            module.erase_user_data(user)
    # The row stays as an inactive tombstone so shared history keeps its shape;
    # nothing in it identifies anyone.
    user.handle = f"deleted-{secrets.token_hex(6)}"
    user.email = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.languages = []
    user.country = ""
    user.time_zone = "UTC"
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
