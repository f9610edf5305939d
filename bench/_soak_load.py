"""Simulated demo members for the soak benchmark: HTTP actions with `requests` (in threads) and chat over
WebSocket with bench._soak_client, plus the bookkeeping the report needs."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import random
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests

from bench._soak_client import Hooks, SoakChatClient

PASSWORD = "peercircle-demo"  # noqa: S105 - the demo accounts' published password
# Members only: the moderator and admin accounts do not take part.
HANDLES = [
    "sam", "alex", "river", "jun", "priya", "tomas", "lee", "nadia", "kofi", "ellie", "mia", "noah", "dana",
    "sofia",
]  # fmt: skip
LINES = [
    "How did today go for you?",
    "I went for a walk this morning and it helped a bit.",
    "Thank you for listening, it means a lot.",
    "Some days are easier than others, and that is okay.",
    "I tried the breathing exercise you mentioned.",
    "What helped you most in the first few months?",
    "I made tea and sat in the garden for a while.",
    "Work was busy but I managed to take a break at lunch.",
]
STORY_BODY = (
    "A small thing helped this week: I wrote down three things I managed each evening. Some days it was only "
    "getting up and making breakfast, but seeing them on paper made the week feel less empty."
)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# An HTTP "error" for the report: the server failed or could not be reached. 4xx answers are the API
# working as designed (a second request while one is open is a 409) and are tallied separately.
EXPECTED_STATUSES = {200, 201, 204, 302, 400, 404, 409, 429}
_ids = itertools.count()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Sent:
    sender: int
    conversation_id: int
    recipients: frozenset[int]
    at: float  # perf_counter of the first try
    acked_at: float | None = None
    refused: str = ""


@dataclass
class Stats:
    began: float = field(default_factory=time.monotonic)
    latency: dict[str, list[float]] = field(default_factory=dict)  # action kind -> ms
    statuses: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, status)
    http_failures: list[tuple[float, str, str]] = field(default_factory=list)  # (t, kind, status)
    ws_errors: Counter[str] = field(default_factory=Counter)
    ws_events: list[tuple[float, str]] = field(default_factory=list)  # (t, what)
    sent: dict[str, Sent] = field(default_factory=dict)
    delivered: dict[tuple[str, int], float] = field(default_factory=dict)  # (client_id, receiver) -> ms
    duplicate_deliveries: int = 0
    acks: list[float] = field(default_factory=list)  # monotonic times of acks (to find stalls)

    def t(self) -> float:
        return time.monotonic() - self.began

    def record(self, kind: str, status: str, ms: float | None) -> None:
        self.statuses[(kind, status)] += 1
        if ms is not None:
            self.latency.setdefault(kind, []).append(ms)
        if not status.isdigit() or int(status) not in EXPECTED_STATUSES:
            self.http_failures.append((self.t(), kind, status))

    # Chat callbacks -------------------------------------------------------------------------------------

    def on_message(self, client: SoakChatClient, message: dict[str, Any], now: float) -> None:
        info = self.sent.get(message.get("client_id") or "")
        if info is None or client.user_id == info.sender or client.user_id not in info.recipients:
            return
        key = (message["client_id"], client.user_id)
        if key in self.delivered:
            self.duplicate_deliveries += 1
            return
        self.delivered[key] = (now - info.at) * 1000

    def on_ack(self, client: SoakChatClient, frame: dict[str, Any], now: float) -> None:
        info = self.sent.get(frame["client_id"])
        if info is not None and info.acked_at is None:
            info.acked_at = now
            self.latency.setdefault("chat ack", []).append((now - info.at) * 1000)
            self.acks.append(time.monotonic())

    def on_error(self, client: SoakChatClient, code: str, frame: dict[str, Any]) -> None:
        self.ws_errors[f"error frame: {code}"] += 1
        info = self.sent.get(frame.get("client_id") or "")
        if info is not None and code in {"conversation_ended", "blocked", "muted", "suspended", "not_found"}:
            info.refused = code

    def on_event(self, client: SoakChatClient, what: str) -> None:
        if what.startswith("disconnected"):
            self.ws_errors[what] += 1
            self.ws_events.append((self.t(), what))
        elif what == "ready":
            self.ws_events.append((self.t(), "ready"))


class Member:
    def __init__(
        self, handle: str, http_urls: list[str], index: int, stats: Stats, pool: ThreadPoolExecutor
    ) -> None:
        self.handle = handle
        self.http_urls = http_urls
        self.ws_urls = [url.replace("http://", "ws://") for url in http_urls]
        self.index = index
        self.stats = stats
        self.pool = pool
        self.session = requests.Session()
        self.user_id = 0
        self.chats: dict[int, SoakChatClient] = {}
        self.peers: dict[int, frozenset[int]] = {}  # conversation -> the other participants
        self.ended: set[int] = set()
        self.goal_id: int | None = None
        self.window: tuple[int, int] = (0, 0)  # (10 s window, messages sent in it): stay under 20/10 s
        self.matched_at: dict[int, float] = {}

    # HTTP -----------------------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        last: Exception | None = None
        for attempt in range(4):
            base = self.http_urls[(self.index + attempt) % len(self.http_urls)]
            try:
                return self.session.request(method, base + path, timeout=30, **kwargs)
            except requests.ConnectionError as exc:  # this server is down: a balancer tries the next
                last = exc
                self.stats.record(self._kind, "connect error", None)
                time.sleep(0.2 * (attempt + 1))
        assert last is not None
        raise last

    _kind = ""

    async def http(self, kind: str, method: str, path: str, **kwargs: Any) -> requests.Response | None:
        loop = asyncio.get_running_loop()
        began = time.perf_counter()

        def call() -> requests.Response:
            self._kind = kind
            return self._request(method, path, **kwargs)

        try:
            response = await loop.run_in_executor(self.pool, call)
        except requests.RequestException as exc:
            self.stats.record(kind, type(exc).__name__, None)
            return None
        self.stats.record(kind, str(response.status_code), (time.perf_counter() - began) * 1000)
        return response

    async def login(self) -> bool:
        page = await self.http("login page", "GET", "/accounts/login/")
        match = CSRF_INPUT.search(page.text) if page is not None else None
        if match is None:
            return False
        data = {"username": self.handle, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)}
        response = await self.http("login", "POST", "/accounts/login/", data=data, allow_redirects=False)
        if response is None or "sessionid" not in self.session.cookies:
            return False
        self.session.headers["X-CSRFToken"] = self.session.cookies["csrftoken"]
        me = await self.http("me", "GET", "/api/v1/accounts/me")
        if me is None or me.status_code != 200:
            return False
        self.user_id = int(me.json()["id"])
        return True

    # Actions ----------------------------------------------------------------------------------------------

    async def matching(self, end_after: float) -> None:
        """Follow the match status like the matching page: accept a proposal, ask when idle, and end a
        match that has run a while so the pool keeps moving."""
        response = await self.http("match status", "GET", "/api/v1/matching/status")
        if response is None or response.status_code != 200:
            return
        state = response.json()
        proposal = state.get("proposal")
        if proposal and not proposal["i_accepted"]:
            await self.http("match accept", "POST", f"/api/v1/matching/matches/{proposal['id']}/accept")
            await self.conversations()
            return
        now = time.monotonic()
        for match in state.get("active", []):
            self.matched_at.setdefault(match["id"], now)
            conversation_id = match.get("conversation_id")
            if now - self.matched_at[match["id"]] > end_after and random.random() < 0.3:
                await self.http(
                    "match end", "POST", f"/api/v1/matching/matches/{match['id']}/end", json={"helpful": 4}
                )
                if conversation_id:
                    self.ended.add(conversation_id)
                return
        if not state.get("request") and not proposal:
            await self.http("match request", "POST", "/api/v1/matching/request", json={})

    async def story(self) -> None:
        await self.http(
            "story post",
            "POST",
            "/api/v1/stories/",
            json={"title": f"Small steps, week {random.randint(1, 52)}", "body": STORY_BODY},
        )

    async def feed(self) -> None:
        await self.http("story feed", "GET", "/api/v1/stories/feed?limit=10")

    async def goal_checkin(self) -> None:
        if self.goal_id is None:
            response = await self.http(
                "goal create",
                "POST",
                "/api/v1/goals/",
                json={"title": "Go outside every day", "first_step": "Ten minutes after lunch"},
            )
            if response is None or response.status_code != 201:
                return
            self.goal_id = int(response.json()["id"])
        await self.http(
            "goal check-in",
            "POST",
            f"/api/v1/goals/{self.goal_id}/checkins",
            json={"progress": random.choice(["did_it", "partly"]), "mood": random.randint(3, 5)},
        )

    async def who5(self) -> None:
        answers = [random.randint(2, 5) for _ in range(5)]
        await self.http(
            "WHO-5", "POST", "/api/v1/wellbeing/responses", json={"instrument": "who5", "answers": answers}
        )

    async def conversations(self) -> None:
        """Open a socket for every live conversation, as a member with each conversation page open."""
        response = await self.http("conversations", "GET", "/api/v1/conversations/")
        if response is None or response.status_code != 200:
            return
        for row in response.json():
            conversation_id = int(row["id"])
            if row["status"] != "active":
                self.ended.add(conversation_id)
                continue
            self.peers[conversation_id] = frozenset(
                p["user_id"] for p in row["participants"] if p["user_id"] != self.user_id
            )
            if conversation_id not in self.chats:
                stats = self.stats
                client = SoakChatClient(
                    base_urls=self.ws_urls,
                    conversation_id=conversation_id,
                    cookie=self.session.cookies["sessionid"],
                    user_id=self.user_id,
                    hooks=Hooks(stats.on_message, stats.on_ack, stats.on_error, stats.on_event),
                    url_index=self.index,
                )
                client.start()
                self.chats[conversation_id] = client

    async def live(self, until: float, end_after: float) -> None:
        actions = [
            (self.matching, 4),
            (self.conversations, 3),
            (self.feed, 2),
            (self.story, 1),
            (self.goal_checkin, 1),
            (self.who5, 1),
        ]
        while time.monotonic() < until:
            await asyncio.sleep(random.uniform(3, 9))
            choice = random.choices(actions, weights=[w for _, w in actions])[0][0]
            try:
                if choice == self.matching:
                    await self.matching(end_after)
                else:
                    await choice()  # type: ignore[operator]
            except (ValueError, KeyError, TypeError) as exc:  # an unexpected body: count it, keep going
                self.stats.record("unexpected answer", type(exc).__name__, None)

    # Chat -------------------------------------------------------------------------------------------------

    def can_send(self) -> list[SoakChatClient]:
        window = int(time.time() // 10)
        if self.window[0] == window and self.window[1] >= 17:
            return []
        return [
            c
            for cid, c in self.chats.items()
            if cid not in self.ended
            and not c.ended
            and c.ready.is_set()
            and self.peers.get(cid)
            and len(c.pending) < 5
        ]

    async def say(self, client: SoakChatClient) -> None:
        window = int(time.time() // 10)
        self.window = (window, self.window[1] + 1 if self.window[0] == window else 1)
        client_id = f"soak-{self.user_id}-{next(_ids)}"
        self.stats.sent[client_id] = Sent(
            sender=self.user_id,
            conversation_id=client.conversation_id,
            recipients=self.peers[client.conversation_id],
            at=time.perf_counter(),
        )
        await client.send(client_id, f"{random.choice(LINES)} ({dt.datetime.now(dt.UTC):%H:%M:%S})")


async def chat_driver(members: list[Member], rate: float, until: float) -> None:
    """Open loop: a message every 1/rate seconds from a member with a ready conversation."""
    began = time.monotonic()
    for i in itertools.count():
        target = began + i / rate
        if target >= until:
            return
        await asyncio.sleep(max(0.0, target - time.monotonic()))
        # Only where every peer has the conversation open, so delivery time is not discovery time.
        listening = {(m.user_id, cid) for m in members for cid in m.chats}
        options = [
            (m, c)
            for m in members
            for c in m.can_send()
            if all((peer, c.conversation_id) in listening for peer in m.peers[c.conversation_id])
        ]
        if options:
            member, client = random.choice(options)
            await member.say(client)
