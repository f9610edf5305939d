"""The soak benchmark's protocol-v1 chat client (adapted from bench/_chat_client.py, which another benchmark
owns). Like chat.js it says hello with the last seq it holds, resends unacknowledged messages with the same
client_id after every reconnect, and drops duplicates by seq; unlike the load client it also resends after a
`rate_limited` or `server_error` error and after an ack that is overdue, and gives up on a message only
when the conversation refuses it for good (ended, blocked)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

FINAL_ERRORS = {"conversation_ended", "blocked", "muted", "suspended", "not_found"}
RETRY_AFTER = {"rate_limited": 3.0, "server_error": 1.0}
ACK_OVERDUE = 8.0


@dataclass
class Pending:
    text: str
    last_try: float = 0.0
    retry_at: float = 0.0


@dataclass
class Hooks:
    on_message: Callable[[SoakChatClient, dict[str, Any], float], None]
    on_ack: Callable[[SoakChatClient, dict[str, Any], float], None]
    on_error: Callable[[SoakChatClient, str, dict[str, Any]], None]
    on_event: Callable[[SoakChatClient, str], None]  # "connected", "ready", "disconnected:<why>"


@dataclass
class SoakChatClient:
    base_urls: list[str]
    conversation_id: int
    cookie: str
    user_id: int
    hooks: Hooks
    url_index: int = 0
    ping_interval: float = 25.0
    high: int = 0
    pending: dict[str, Pending] = field(default_factory=dict)
    seen_seqs: set[int] = field(default_factory=set)
    duplicates: int = 0
    reconnects: int = 0
    ws: ClientConnection | None = None
    stopped: bool = False
    ended: bool = False  # the server said the conversation stopped accepting messages
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    down_since: float | None = None
    outages: list[tuple[float, float]] = field(default_factory=list)  # (went down, ready again), monotonic
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._run()), asyncio.create_task(self._housekeeping())]

    async def stop(self) -> None:
        self.stopped = True
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def send(self, client_id: str, text: str) -> None:
        self.pending[client_id] = Pending(text)
        await self._try(client_id)

    async def ping(self) -> None:
        if self.ready.is_set() and self.ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self.ws.send('{"type": "ping"}')

    async def _try(self, client_id: str) -> None:
        item = self.pending.get(client_id)
        if item is None or not self.ready.is_set() or self.ws is None:
            return
        item.last_try = time.monotonic()
        with contextlib.suppress(ConnectionClosed):
            await self.ws.send(json.dumps({"type": "send", "client_id": client_id, "text": item.text}))

    async def _housekeeping(self) -> None:
        # Pings like chat.js (the server resyncs missed pushes on ping); retries errored or overdue sends.
        next_ping = time.monotonic() + self.ping_interval * random.random()
        while not self.stopped:
            await asyncio.sleep(0.5)
            now = time.monotonic()
            if now >= next_ping:
                next_ping = now + self.ping_interval * (0.5 + random.random())
                await self.ping()
            for client_id, item in list(self.pending.items()):
                if (item.retry_at and now >= item.retry_at) or (
                    item.last_try and now - item.last_try > ACK_OVERDUE
                ):
                    item.retry_at = 0.0
                    await self._try(client_id)

    async def _run(self) -> None:
        delay = 0.1
        while not self.stopped:
            base = self.base_urls[self.url_index % len(self.base_urls)]
            why = "closed"
            try:
                async with connect(
                    f"{base}/ws/conversations/{self.conversation_id}/",
                    additional_headers={"Cookie": f"sessionid={self.cookie}"},
                    origin=base.replace("ws://", "http://"),  # type: ignore[arg-type]
                    open_timeout=10,
                    ping_interval=None,
                    max_size=2**20,
                ) as ws:
                    self.ws = ws
                    self.hooks.on_event(self, "connected")
                    await ws.send(json.dumps({"type": "hello", "v": 1, "last_seq": self.high}))
                    async for raw in ws:
                        if await self._handle(json.loads(raw)):
                            delay = 0.1
            except ConnectionClosed as exc:
                why = f"closed {exc.rcvd.code if exc.rcvd else 1006}"
            except (InvalidStatus, InvalidHandshake) as exc:
                why = f"handshake {type(exc).__name__}"
            except (OSError, TimeoutError) as exc:
                why = f"connect {type(exc).__name__}"
            self.ws = None
            if self.ready.is_set():
                self.down_since = time.monotonic()
            self.ready.clear()
            if self.stopped:
                return
            self.hooks.on_event(self, f"disconnected: {why}")
            self.reconnects += 1
            self.url_index += 1  # the other server: what a load balancer would do
            await asyncio.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 2.0)

    async def _handle(self, frame: dict[str, Any]) -> bool:
        """Returns True when the connection became ready."""
        now = time.perf_counter()
        kind = frame.get("type")
        if kind == "history":
            for message in frame["messages"]:
                self._message(message, now)
            if frame.get("complete"):
                self.ended = frame.get("status") == "ended" or not frame.get("can_send", True)
                self.ready.set()
                if self.down_since is not None:
                    self.outages.append((self.down_since, time.monotonic()))
                    self.down_since = None
                self.hooks.on_event(self, "ready")
                for client_id in list(self.pending):
                    await self._try(client_id)
                return True
        elif kind == "message":
            self._message(frame["message"], now)
        elif kind == "state":
            self.ended = frame.get("status") == "ended" or frame.get("code") in FINAL_ERRORS
        elif kind == "ack":
            if self.pending.pop(frame["client_id"], None) is not None:
                self.hooks.on_ack(self, frame, now)
        elif kind == "error":
            code = str(frame.get("code", ""))
            client_id = frame.get("client_id")
            self.hooks.on_error(self, code, frame)
            item = self.pending.get(client_id) if client_id else None
            if item is not None:
                if code in FINAL_ERRORS:
                    del self.pending[client_id]
                else:
                    item.retry_at = time.monotonic() + RETRY_AFTER.get(code, 2.0)
        return False

    def _message(self, message: dict[str, Any], now: float) -> None:
        seq = message["seq"]
        if seq in self.seen_seqs:
            self.duplicates += 1
            return
        self.seen_seqs.add(seq)
        self.high = max(self.high, seq)
        self.hooks.on_message(self, message, now)
