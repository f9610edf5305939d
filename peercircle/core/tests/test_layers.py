"""The embedded channel layer: channels' in-memory layer with a throttled expiry sweep."""

from __future__ import annotations

import asyncio

from channels.layers import InMemoryChannelLayer

from peercircle.core.layers import LocalChannelLayer


def test_group_messages_are_delivered() -> None:
    async def scenario() -> dict[str, object]:
        layer = LocalChannelLayer()
        channel = await layer.new_channel()
        await layer.group_add("conversation.1", channel)
        await layer.group_send("conversation.1", {"type": "chat.message", "text": "hi"})
        return await asyncio.wait_for(layer.receive(channel), 1)

    assert asyncio.run(scenario()) == {"type": "chat.message", "text": "hi"}


def test_the_sweep_runs_at_most_once_per_interval(monkeypatch) -> None:
    sweeps: list[int] = []
    monkeypatch.setattr(InMemoryChannelLayer, "_clean_expired", lambda self: sweeps.append(1))
    clock = [100.0]
    monkeypatch.setattr("peercircle.core.layers.time.monotonic", lambda: clock[0])
    layer = LocalChannelLayer(sweep_interval=1.0)
    for _ in range(50):
        layer._clean_expired()
    assert len(sweeps) == 1
    clock[0] += 1.5
    layer._clean_expired()
    assert len(sweeps) == 2


def test_expired_messages_are_still_dropped() -> None:
    async def scenario() -> bool:
        layer = LocalChannelLayer(expiry=0, sweep_interval=0.0)
        channel = await layer.new_channel()
        await layer.group_add("g", channel)
        await layer.send(channel, {"type": "old"})
        await asyncio.sleep(0.01)
        layer._clean_expired()
        return channel in layer.channels or channel in layer.groups.get("g", {})

    assert asyncio.run(scenario()) is False
