from __future__ import annotations

from typing import Any

import pytest

from peercircle.core.testing.factories import UserFactory


@pytest.fixture
def captured_events(monkeypatch: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every real-time event the safety services push (group, event), captured instead of sent."""
    events: list[tuple[str, dict[str, Any]]] = []

    def capture(group: str, event: dict[str, Any]) -> None:
        events.append((group, event))

    monkeypatch.setattr("peercircle.core.events.send_event", capture)
    return events


@pytest.fixture
def peer(db: Any) -> Any:
    return UserFactory(handle="robin", country="US")
