"""A protocol-v1 chat client for the load benchmark and the multi-process tests.

It behaves like chat.js: hello with the last seq it holds, resend of unacknowledged messages with the same
client_id after every reconnect, dedupe by seq. It also counts raw deliveries so duplicates are visible.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import time
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

_ids = itertools.count()


class ChatClient:
    def __init__(
        self,
        *,
        base_urls: list[str],
        path: str,
        cookie: str,
        user_id: int,
        on_message: Callable[[ChatClient, dict[str, Any], float], None] | None = None,
        on_ack: Callable[[ChatClient, dict[str, Any], float], None] | None = None,
        url_index: int = 0,
        ping_interval: float = 25.0,
    ) -> None:
        self.ping_interval = ping_interval
        self.base_urls = base_urls  # ws://host:port, tried in turn when one is down (a load balancer's job)
        self.path = path
        self.cookie = cookie
        self.user_id = user_id
        self.on_message = on_message
        self.on_ack = on_ack
        self.url_index = url_index
        self.high = 0
        self.pending: dict[str, str] = {}  # client_id -> text, insertion ordered
        self.acked: dict[str, int] = {}  # client_id -> seq
        self.received: list[dict[str, Any]] = []  # every message frame, duplicates included, in order
        self.seen_seqs: set[int] = set()
        self.duplicates = 0
        self.errors: list[dict[str, Any]] = []
        self.reconnects = 0
        self.ws: ClientConnection | None = None
        self.ready = asyncio.Event()
        self.stopped = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())
        self._pinger = asyncio.create_task(self._ping())

    async def _ping(self) -> None:
        # Like chat.js: a ping every interval, which the server also uses to resync missed pushes.
        while not self.stopped:
            await asyncio.sleep(self.ping_interval * (0.5 + random.random()))
            if self.ready.is_set() and self.ws is not None:
                with contextlib.suppress(ConnectionClosed):
                    await self.ws.send('{"type": "ping"}')

    async def stop(self) -> None:
        self.stopped = True
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        for task in (self._task, getattr(self, "_pinger", None)):
            if task is not None:
                task.cancel()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def send(self, text: str) -> str:
        client_id = f"u{self.user_id}-{next(_ids)}"
        self.pending[client_id] = text
        if self.ready.is_set() and self.ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self.ws.send(json.dumps({"type": "send", "client_id": client_id, "text": text}))
        return client_id

    async def _run(self) -> None:
        delay = 0.05
        while not self.stopped:
            base = self.base_urls[self.url_index % len(self.base_urls)]
            origin = base.replace("ws://", "http://")
            try:
                async with connect(
                    base + self.path,
                    additional_headers={"Cookie": f"sessionid={self.cookie}"},
                    origin=origin,  # type: ignore[arg-type]
                    open_timeout=10,
                    ping_interval=None,
                    max_size=2**20,
                ) as ws:
                    self.ws = ws
                    delay = 0.05
                    await ws.send(json.dumps({"type": "hello", "v": 1, "last_seq": self.high}))
                    async for raw in ws:
                        self._handle(json.loads(raw), ws)
                        if self.ready.is_set() and self._resend_due:
                            self._resend_due = False
                            for client_id, text in list(self.pending.items()):
                                await ws.send(
                                    json.dumps({"type": "send", "client_id": client_id, "text": text})
                                )
            except (OSError, ConnectionClosed, InvalidHandshake, InvalidStatus, TimeoutError):
                pass
            self.ready.clear()
            self.ws = None
            if self.stopped:
                return
            self.reconnects += 1
            self.url_index += 1
            await asyncio.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)

    _resend_due = False

    def _handle(self, frame: dict[str, Any], ws: ClientConnection) -> None:
        now = time.perf_counter()
        kind = frame.get("type")
        if kind == "history":
            for message in frame["messages"]:
                self._message(message, now)
            if frame.get("complete"):
                self.ready.set()
                self._resend_due = True
        elif kind == "message":
            self._message(frame["message"], now)
        elif kind == "ack":
            if frame["client_id"] in self.pending:
                del self.pending[frame["client_id"]]
                self.acked[frame["client_id"]] = frame["seq"]
                if self.on_ack is not None:
                    self.on_ack(self, frame, now)
        elif kind == "error":
            self.errors.append(frame)

    def _message(self, message: dict[str, Any], now: float) -> None:
        seq = message["seq"]
        self.received.append(message)
        if seq in self.seen_seqs:
            self.duplicates += 1
            return
        self.seen_seqs.add(seq)
        self.high = max(self.high, seq)
        if self.on_message is not None:
            self.on_message(self, message, now)
