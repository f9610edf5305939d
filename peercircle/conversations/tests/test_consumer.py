"""The chat WebSocket through Channels' WebsocketCommunicator (protocol v1, docs/protocol.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser

from peercircle.conversations.models import Conversation, Message
from peercircle.conversations.routing import websocket_urlpatterns
from peercircle.conversations.services import conversation_block, conversation_create, message_send
from peercircle.conversations.tests.ws import WebsocketCommunicator
from peercircle.core.events import user_group
from peercircle.core.testing.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

APP = URLRouter(websocket_urlpatterns)


async def connect(user: Any, conversation_id: int) -> tuple[WebsocketCommunicator, bool, Any]:
    communicator = WebsocketCommunicator(APP, f"/ws/conversations/{conversation_id}/")
    communicator.scope["user"] = user
    connected, code = await communicator.connect()
    return communicator, connected, code


async def hello(communicator: WebsocketCommunicator, last_seq: int = 0) -> dict[str, Any]:
    await communicator.send_json_to({"type": "hello", "v": 1, "last_seq": last_seq})
    frame = await communicator.receive_json_from()
    assert frame["type"] == "history"
    return frame


async def receive_until(communicator: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    for _ in range(20):
        frame = await communicator.receive_json_from(timeout=2)
        if frame["type"] == kind:
            return frame
    raise AssertionError(f"no {kind} frame")


@pytest.fixture
def people(db):
    a, b = UserFactory(handle="sam"), UserFactory(handle="robin")
    return a, b, conversation_create(participants=[a, b])  # type: ignore[list-item]


async def test_anonymous_and_strangers_are_refused_before_accept(people):
    _a, _b, conversation = people
    stranger = await database_sync_to_async(UserFactory)()
    _communicator, connected, code = await connect(AnonymousUser(), conversation.pk)
    assert not connected and code == 4401
    _communicator, connected, code = await connect(stranger, conversation.pk)
    assert not connected and code == 4404
    _communicator, connected, code = await connect(stranger, 999_999)
    assert not connected and code == 4404


async def test_two_members_chat_live_with_ack_typing_and_seen(people):
    a, b, conversation = people
    ca, ok_a, _ = await connect(a, conversation.pk)
    cb, ok_b, _ = await connect(b, conversation.pk)
    assert ok_a and ok_b
    await hello(ca)
    await hello(cb)
    await ca.send_json_to({"type": "send", "client_id": "k1", "text": "<b>hi</b> robin"})
    ack = await receive_until(ca, "ack")
    assert ack["client_id"] == "k1" and ack["seq"] == 1 and not ack["duplicate"]
    delivered = await receive_until(cb, "message")
    assert delivered["message"]["text"] == "<b>hi</b> robin" and delivered["message"]["seq"] == 1
    await cb.send_json_to({"type": "typing"})
    typing = await receive_until(ca, "typing")
    assert typing["user_id"] == b.pk
    await cb.send_json_to({"type": "read", "seq": 1})
    seen = await receive_until(ca, "seen")
    assert seen == {"type": "seen", "user_id": b.pk, "seq": 1}
    await ca.disconnect()
    await cb.disconnect()


async def test_retry_after_reconnect_is_acked_as_duplicate_not_stored_twice(people):
    a, _b, conversation = people
    ca, _, _ = await connect(a, conversation.pk)
    await hello(ca)
    await ca.send_json_to({"type": "send", "client_id": "k1", "text": "hello"})
    first = await receive_until(ca, "ack")
    await ca.disconnect()
    ca, _, _ = await connect(a, conversation.pk)
    await hello(ca, last_seq=0)
    await ca.send_json_to({"type": "send", "client_id": "k1", "text": "hello"})
    again = await receive_until(ca, "ack")
    assert again["id"] == first["id"] and again["duplicate"]
    assert await database_sync_to_async(Message.objects.filter(conversation=conversation).count)() == 1
    await ca.disconnect()


async def test_reconnect_with_last_seq_replays_exactly_the_missing_messages(people):
    a, b, conversation = people
    for i in range(5):
        await database_sync_to_async(message_send)(
            conversation=conversation, sender=a, text=f"m{i}", client_id=f"c{i}"
        )
    cb, _, _ = await connect(b, conversation.pk)
    history = await hello(cb, last_seq=2)
    assert [m["seq"] for m in history["messages"]] == [3, 4, 5]
    assert history["complete"] and history["can_send"] and history["last_seq"] == 5
    # live messages continue without a gap or a repeat
    await database_sync_to_async(message_send)(conversation=conversation, sender=a, text="m5", client_id="c5")
    live = await receive_until(cb, "message")
    assert live["message"]["seq"] == 6
    assert await cb.receive_nothing(timeout=0.2)
    await cb.disconnect()


async def test_live_event_after_a_gap_is_preceded_by_the_missing_messages(people):
    a, b, conversation = people
    cb, _, _ = await connect(b, conversation.pk)
    await hello(cb)
    # seq 1 and 2 are committed, but only seq 2's push reaches this socket (as after a worker crash)
    await database_sync_to_async(Message.objects.create)(
        conversation=conversation, sender=a, seq=1, client_id="x1", text="one"
    )
    two = await database_sync_to_async(Message.objects.create)(
        conversation=conversation, sender=a, seq=2, client_id="x2", text="two"
    )
    from peercircle.conversations.selectors import conversation_group, message_payload

    layer = get_channel_layer()
    event = {"type": "chat.message", "message": message_payload(two), "visible_to": None}
    await layer.group_send(conversation_group(conversation.pk), event)
    first = await receive_until(cb, "message")
    second = await receive_until(cb, "message")
    assert [first["message"]["seq"], second["message"]["seq"]] == [1, 2]
    await layer.group_send(conversation_group(conversation.pk), event)  # a repeated push is dropped
    assert await cb.receive_nothing(timeout=0.2)
    await cb.disconnect()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "invalid_json"),
        ("[1, 2]", "invalid_frame"),
        (json.dumps({"type": "dance"}), "unknown_type"),
        (json.dumps({"type": "send", "text": "no id"}), "invalid_frame"),
        (json.dumps({"type": "send", "client_id": "k", "text": "x" * 4001}), "text_too_long"),
        (json.dumps({"type": "send", "client_id": "k", "text": "   "}), "empty_text"),
        ("x" * 20_000, "frame_too_large"),
        (json.dumps({"type": "hello", "v": 2}), "unsupported_version"),
        (json.dumps({"type": "read", "seq": "x"}), "invalid_frame"),
    ],
)
async def test_bad_frames_get_error_frames_and_the_socket_stays_usable(people, raw, code):
    a, _b, conversation = people
    ca, _, _ = await connect(a, conversation.pk)
    await ca.send_to(text_data=raw)
    error = await receive_until(ca, "error")
    assert error["code"] == code
    await ca.send_json_to({"type": "ping"})
    assert (await receive_until(ca, "pong"))["type"] == "pong"
    assert await database_sync_to_async(Message.objects.count)() == 0
    await ca.disconnect()


async def test_binary_frames_are_refused(people):
    a, _b, conversation = people
    ca, _, _ = await connect(a, conversation.pk)
    await ca.send_to(bytes_data=b"\x00\x01")
    assert (await receive_until(ca, "error"))["code"] == "binary_not_supported"
    await ca.disconnect()


async def test_rate_limit_says_slow_down(people, monkeypatch):

    a, _b, conversation = people
    ca, _, _ = await connect(a, conversation.pk)
    await hello(ca)
    for i in range(21):
        await ca.send_json_to({"type": "send", "client_id": f"k{i}", "text": f"m{i}"})
    frames = [await ca.receive_json_from(timeout=3) for _ in range(21 + 20)]  # 20 acks, 20 echoes, 1 error
    errors = [f for f in frames if f["type"] == "error"]
    assert [(e["code"], e["client_id"]) for e in errors] == [("rate_limited", "k20")]
    assert "Slow down" in errors[0]["message"]
    assert await database_sync_to_async(Message.objects.count)() == 20
    await ca.disconnect()


async def test_blocked_mid_conversation_gets_state_and_clear_error(people):
    a, b, conversation = people
    ca, _, _ = await connect(a, conversation.pk)
    await hello(ca)
    await database_sync_to_async(conversation_block)(conversation=conversation, user=b)
    state = await receive_until(ca, "state")
    assert state["code"] == "blocked"
    await ca.send_json_to({"type": "send", "client_id": "k1", "text": "hello?"})
    error = await receive_until(ca, "error")
    assert error["code"] == "blocked" and error["client_id"] == "k1"
    assert await database_sync_to_async(Message.objects.count)() == 0
    await ca.disconnect()


async def test_held_message_reaches_only_the_sender_with_an_explanation(people):
    a, b, conversation = people
    ca, _, _ = await connect(a, conversation.pk)
    cb, _, _ = await connect(b, conversation.pk)
    await hello(ca)
    await hello(cb)
    await ca.send_json_to({"type": "send", "client_id": "k1", "text": "my email is jo@example.com"})
    ack = await receive_until(ca, "ack")
    notice = await receive_until(ca, "notice")
    assert ack["is_held"] and notice["code"] == "held_contact_details"
    assert await cb.receive_nothing(timeout=0.3)
    await ca.send_json_to({"type": "send", "client_id": "k2", "text": "sorry, ignore that"})
    delivered = await receive_until(cb, "message")
    assert delivered["message"]["text"] == "sorry, ignore that"
    await ca.disconnect()
    await cb.disconnect()


async def test_crisis_and_notification_events_on_my_group_are_forwarded(people):
    a, _b, conversation = people
    ca, _, _ = await connect(a, conversation.pk)
    layer = get_channel_layer()
    await layer.group_send(user_group(a.pk), {"type": "crisis.card", "html": "<p>help</p>"})
    await layer.group_send(user_group(a.pk), {"type": "stories.reaction", "id": 1})  # not for this page
    await layer.group_send(user_group(a.pk), {"type": "notification.new", "id": 7, "kind": "message"})
    assert await ca.receive_json_from(timeout=2) == {"type": "crisis.card", "html": "<p>help</p>"}
    assert await ca.receive_json_from(timeout=2) == {"type": "notification.new", "id": 7, "kind": "message"}
    await ca.disconnect()


async def test_ping_delivers_a_committed_message_whose_push_was_lost(people):
    a, b, conversation = people
    cb, _, _ = await connect(b, conversation.pk)
    await hello(cb)
    # committed, but no event published (as when a channel layer drops a push)
    await database_sync_to_async(Message.objects.create)(
        conversation=conversation, sender=a, seq=1, client_id="x1", text="did you get this?"
    )
    await database_sync_to_async(Conversation.objects.filter(pk=conversation.pk).update)(last_seq=1)
    await cb.send_json_to({"type": "ping"})
    delivered = await cb.receive_json_from(timeout=2)
    assert delivered["type"] == "message" and delivered["message"]["text"] == "did you get this?"
    assert await cb.receive_json_from(timeout=2) == {"type": "pong", "last_seq": 1}
    await cb.disconnect()
