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


@pytest.fixture(scope="module")
def chromium_browser() -> Any:
    """The shared fixture keeps Playwright's event loop running for the whole session, which breaks every
    async test collected after a browser test ("Runner.run() cannot be called from a running event loop").
    Here the browser, and its loop, end with the module."""
    import os

    from peercircle.core.testing.browser import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
