"""The embedded channel layer: channels' in-memory layer with its expiry sweep run at most once a second.

`InMemoryChannelLayer` sweeps every channel and every group on each `receive` and `group_send`. With 1,000
chat sockets that sweep was 44% of the event loop's time under 120 messages/s (py-spy, `bench.chat`),
and it is what made the embedded server fall behind. Expiry (60 s for a message, a day for a group
membership) does not need millisecond precision, so the sweep runs when at least `sweep_interval` seconds
have passed since the last one. Everything else is channels' own code.
"""

from __future__ import annotations

import time
from typing import Any

from channels.layers import InMemoryChannelLayer


class LocalChannelLayer(InMemoryChannelLayer):
    def __init__(self, *args: Any, sweep_interval: float = 1.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sweep_interval = sweep_interval
        self._last_sweep = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep < self.sweep_interval:
            return
        self._last_sweep = now
        super()._clean_expired()
