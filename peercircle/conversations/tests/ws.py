"""channels.testing.WebsocketCommunicator without daphne.

`channels.testing` imports daphne for ChannelsLiveServerTestCase, which we do not use (our live server is
uvicorn). When daphne is not installed, a placeholder module lets the communicator import.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def _communicator_class() -> Any:
    try:
        from channels.testing import WebsocketCommunicator
    except ModuleNotFoundError as exc:
        if exc.name not in {"daphne", "daphne.testing"}:
            raise
        daphne = types.ModuleType("daphne")
        testing = types.ModuleType("daphne.testing")
        testing.DaphneProcess = object  # type: ignore[attr-defined]
        daphne.testing = testing  # type: ignore[attr-defined]
        sys.modules.setdefault("daphne", daphne)
        sys.modules.setdefault("daphne.testing", testing)
        from channels.testing import WebsocketCommunicator
    return WebsocketCommunicator


WebsocketCommunicator = _communicator_class()
