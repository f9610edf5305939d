"""Chat across real server processes on PostgreSQL + Redis: cross-process delivery and a SIGKILLed worker.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL, as CI sets them (.ci/run); skips with a message otherwise.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from bench._chat_client import ChatClient
from bench._chat_servers import Server
from peercircle.conversations.models import Conversation, Message
from peercircle.conversations.services import conversation_create
from peercircle.core.testing.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.slow]


def _services_or_skip() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        pytest.skip("needs DATABASE_URL=postgres://... and REDIS_URL=redis://... (see .ci/run)")
    import redis

    try:
        redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at REDIS_URL is unreachable: {exc}")


@pytest.fixture
def cluster_env(transactional_db: Any) -> dict[str, str]:
    _services_or_skip()
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "REDIS_URL": os.environ["REDIS_URL"],
    }


@pytest.fixture
def two_servers(cluster_env: dict[str, str]) -> Iterator[list[Server]]:
    servers = [Server(cluster_env), Server(cluster_env)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def _session(user: Any) -> str:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies["sessionid"].value


def _pair() -> tuple[Any, Any, Conversation]:
    a, b = UserFactory(), UserFactory()
    return a, b, conversation_create(participants=[a, b])  # type: ignore[list-item]


async def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def test_members_on_different_processes_chat_normally(two_servers: list[Server]) -> None:
    a, b, conversation = _pair()
    path = f"/ws/conversations/{conversation.pk}/"
    cookies = (_session(a), _session(b))

    async def scenario() -> tuple[ChatClient, ChatClient]:
        ca = ChatClient(base_urls=[two_servers[0].ws_url], path=path, cookie=cookies[0], user_id=a.pk)
        cb = ChatClient(base_urls=[two_servers[1].ws_url], path=path, cookie=cookies[1], user_id=b.pk)
        for client in (ca, cb):
            client.start()
        await _wait(lambda: ca.ready.is_set() and cb.ready.is_set(), 15, "both connected")
        for i in range(10):
            await ca.send(f"from a {i}")
            await cb.send(f"from b {i}")
        await _wait(lambda: len(cb.seen_seqs) >= 20 and len(ca.seen_seqs) >= 20, 15, "all delivered")
        await ca.stop()
        await cb.stop()
        return ca, cb

    ca, cb = asyncio.run(scenario())
    assert [m["text"] for m in cb.received if m["sender_id"] == a.pk] == [f"from a {i}" for i in range(10)]
    assert [m["text"] for m in ca.received if m["sender_id"] == b.pk] == [f"from b {i}" for i in range(10)]
    assert [m["seq"] for m in cb.received] == list(range(1, 21))
    assert ca.duplicates == cb.duplicates == 0 and not ca.errors and not cb.errors


def test_sigkill_of_a_worker_loses_nothing_acknowledged(two_servers: list[Server]) -> None:
    pairs = [_pair() for _ in range(6)]
    sessions = {user.pk: _session(user) for a, b, _c in pairs for user in (a, b)}
    urls = [server.ws_url for server in two_servers]

    async def scenario() -> list[tuple[ChatClient, ChatClient]]:
        clients = []
        for a, b, conversation in pairs:
            path = f"/ws/conversations/{conversation.pk}/"
            # one member of each pair on each worker, so every pair crosses processes
            ca = ChatClient(base_urls=urls, path=path, cookie=sessions[a.pk], user_id=a.pk, url_index=0)
            cb = ChatClient(base_urls=urls, path=path, cookie=sessions[b.pk], user_id=b.pk, url_index=1)
            clients.append((ca, cb))
        everyone = [c for pair in clients for c in pair]
        for client in everyone:
            client.start()
        await _wait(lambda: all(c.ready.is_set() for c in everyone), 20, "all connected")
        for tick in range(16):  # ~1.7 messages/s per member: under the 20 per 10 s limit
            if tick == 6:
                two_servers[0].kill()
            for client in everyone:
                await client.send(f"tick {tick} from {client.user_id}")
            await asyncio.sleep(0.6)
        await _wait(lambda: all(not c.pending for c in everyone), 30, "every message acknowledged")
        expected = sum(len(c.acked) for c in everyone)
        await _wait(lambda: sum(len(c.seen_seqs) for c in everyone) >= 2 * expected // 2, 15, "deliveries")
        await _wait(
            lambda: all(
                len(ca.seen_seqs) == len(cb.seen_seqs) == len(ca.acked) + len(cb.acked) for ca, cb in clients
            ),
            15,
            "every acknowledged message at both ends",
        )
        for client in everyone:
            await client.stop()
        return clients

    clients = asyncio.run(scenario())
    assert any(ca.reconnects for ca, _cb in clients), "the kill should have forced reconnects"
    for ca, cb in clients:
        for sender, receiver in ((ca, cb), (cb, ca)):
            got = [m for m in receiver.received if m["sender_id"] == sender.user_id]
            acked_in_order = [cid for cid, _seq in sorted(sender.acked.items(), key=lambda item: item[1])]
            assert [m["client_id"] for m in got] == acked_in_order  # exactly once, in order, nothing extra
            assert receiver.duplicates == 0
            seqs = [m["seq"] for m in receiver.received]
            assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
            stored = set(Message.objects.filter(sender_id=sender.user_id).values_list("client_id", flat=True))
            assert stored == set(sender.acked)  # nothing stored that the sender was not told about
            assert not [e for e in sender.errors if e["code"] != "rate_limited"]
