"""The chat WebSocket (protocol v1, docs/protocol.md). Thin: authorise before accept, hand work to services.

Delivery guarantee per connection: after `hello {last_seq}`, the client receives every message it may read
with seq > last_seq exactly once and in strictly increasing seq order. Live events that arrive ahead of a
gap (out of order across workers, or after a lost push) are preceded by the missing messages read from the
database; anything at or below the high-water mark is a duplicate and is dropped.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from peercircle.accounts.models import User
from peercircle.conversations import services
from peercircle.conversations.models import Conversation
from peercircle.conversations.selectors import (
    access_conversation_by_id,
    conversation_group,
    conversation_send_state,
    message_page,
    message_payload,
    read_state,
)
from peercircle.core.asyncdb import db_call
from peercircle.core.events import user_group
from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.core.metrics import OPEN_CONNECTIONS

logger = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
MAX_FRAME_CHARS = 16 * 1024
TYPING_INTERVAL = 3.0
HISTORY_CHUNK = 200
CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404
FORWARDED_PREFIXES = ("crisis.", "notification.")


class ConversationConsumer(AsyncWebsocketConsumer):
    user: User
    conversation_id: int
    high_seq: int | None
    joined: list[str]
    is_accepted: bool

    async def connect(self) -> None:
        self.joined = []
        self.is_accepted = False
        self.high_seq = None  # nothing is streamed until the client says hello
        self.last_typing = 0.0
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        self.user = user
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        try:
            await db_call(access_conversation_by_id)(user, self.conversation_id)
        except NotFound:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        # Subscribe before accepting and before any replay, so nothing committed later can be missed.
        for group in (conversation_group(self.conversation_id), user_group(user.pk)):
            await self.channel_layer.group_add(group, self.channel_name)
            self.joined.append(group)
        await self.accept()
        self.is_accepted = True
        OPEN_CONNECTIONS.inc()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "is_accepted", False):
            OPEN_CONNECTIONS.dec()
            self.is_accepted = False  # a second disconnect must not count twice
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def dispatch(self, message: dict[str, Any]) -> None:
        kind = str(message.get("type", ""))
        if kind.startswith(FORWARDED_PREFIXES) and self.is_accepted:
            # Crisis cards, peer guidance and notifications from other apps, passed through unchanged.
            await self._send(dict(message))
            return
        handler = (
            getattr(self, get_handler_name(message), None)
            if kind.startswith(("chat.", "websocket."))
            else None
        )
        if handler is not None:
            # Not `super().dispatch`, which first runs Django's `close_old_connections` on a thread for
            # every event: every database call here goes through `db_call`, which does that around the
            # call itself, so the extra thread hop per frame and per push (about 7% of the server's CPU
            # at 200 messages/s, bench.chat) bought nothing.
            await handler(message)
        # Anything else on the user's group belongs to other pages and is not for this socket.

    # Client frames ---------------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            if text_data is None:
                await self._error("binary_not_supported", _("Only text frames are supported."))
                return
            if len(text_data) > MAX_FRAME_CHARS:
                await self._error("frame_too_large", _("That frame is too large."))
                return
            try:
                frame = json.loads(text_data)
            except ValueError:
                await self._error("invalid_json", _("That was not valid JSON."))
                return
            if not isinstance(frame, dict):
                await self._error("invalid_frame", _("A frame is a JSON object with a type."))
                return
            handler = {
                "hello": self.on_hello,
                "send": self.on_send,
                "typing": self.on_typing,
                "read": self.on_read,
                "ping": self.on_ping,
            }.get(str(frame.get("type")))
            if handler is None:
                await self._error("unknown_type", _("Unknown frame type."))
                return
            await handler(frame)
        except Exception:  # a bad frame must never take the connection or the server down
            logger.exception(
                "chat frame failed", extra={"conversation_id": getattr(self, "conversation_id", None)}
            )
            await self._error("server_error", _("Something went wrong on our side. Please try again."))

    async def on_hello(self, frame: dict[str, Any]) -> None:
        version = frame.get("v", PROTOCOL_VERSION)
        if version != PROTOCOL_VERSION:
            await self._error("unsupported_version", _("This app needs updating (protocol version)."))
            return
        last_seq = frame.get("last_seq", 0)
        if not isinstance(last_seq, int) or isinstance(last_seq, bool) or last_seq < 0:
            await self._error("invalid_frame", _("last_seq must be a whole number of 0 or more."))
            return
        self.high_seq = last_seq
        while True:
            chunk, has_more = await db_call(self._history_after)(self.high_seq)
            if chunk:
                self.high_seq = chunk[-1]["seq"]
            if has_more:
                await self._send({"type": "history", "messages": chunk, "complete": False})
                continue
            state = await db_call(self._state)()
            await self._send({"type": "history", "messages": chunk, "complete": True, **state})
            return

    async def on_send(self, frame: dict[str, Any]) -> None:
        client_id, text = frame.get("client_id"), frame.get("text")
        if not isinstance(client_id, str) or not isinstance(text, str):
            await self._error(
                "invalid_frame",
                _("send needs a client_id and a text."),
                client_id=client_id if isinstance(client_id, str) else None,
            )
            return
        try:
            event, created = await db_call(self._send_message)(text, client_id)
        except ApplicationError as exc:
            await self._error(exc.code, exc.message, client_id=client_id)
            return
        # Committed by now. Pushing from the event loop keeps the database thread free for the next send
        # (a push from that thread would block it on a round trip through this loop).
        try:
            await self.channel_layer.group_send(conversation_group(self.conversation_id), event)
        except Exception:  # a lost push is resynced by the peer's next ping or hello; never fail the ack
            logger.warning("chat push failed", exc_info=True, extra={"conversation_id": self.conversation_id})
        payload = event["message"]
        await self._send(
            {
                "type": "ack",
                "client_id": client_id,
                "id": payload["id"],
                "seq": payload["seq"],
                "is_held": payload["is_held"],
                "duplicate": not created,
            }
        )
        if payload["is_held"]:
            await self._send(
                {
                    "type": "notice",
                    "code": "held_contact_details",
                    "client_id": client_id,
                    "message": services.held_explanation(),
                }
            )

    async def on_typing(self, frame: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL:
            return  # ephemeral and throttled: extra typing frames are dropped silently
        self.last_typing = now
        # Typing is not stored, so it skips the services' after-commit path by design.
        await self.channel_layer.group_send(
            conversation_group(self.conversation_id),
            {"type": "chat.typing", "user_id": self.user.pk, "handle": self.user.handle},
        )

    async def on_read(self, frame: dict[str, Any]) -> None:
        seq = frame.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            await self._error("invalid_frame", _("read needs a seq."))
            return
        try:
            await db_call(self._mark_read)(seq)
        except ApplicationError as exc:
            await self._error(exc.code, exc.message)

    async def on_ping(self, frame: dict[str, Any]) -> None:
        # Keep-alive doubles as a resync: a live push dropped by the channel layer (a full in-memory queue,
        # a pub/sub message published while a worker restarted) with no later message to reveal the gap
        # is delivered from the database here, so clients catch up within one ping interval.
        if self.high_seq is not None and await db_call(self._last_seq)() > self.high_seq:
            missing, _more = await db_call(self._history_after)(self.high_seq)
            for message in missing:
                await self._send({"type": "message", "message": message})
                self.high_seq = message["seq"]
        await self._send({"type": "pong", "last_seq": self.high_seq})

    # Channel-layer events -----------------------------------------------------------------------------

    async def chat_message(self, event: dict[str, Any]) -> None:
        if self.high_seq is None:
            return  # the replay on hello will include it
        visible_to = event.get("visible_to")
        if visible_to is not None and self.user.pk not in visible_to:
            return
        payload = event["message"]
        seq = int(payload["seq"])
        if seq <= self.high_seq:
            return
        if seq > self.high_seq + 1:
            # Lower seqs committed before this one was allocated, so the database has all of them.
            missing, _more = await db_call(self._between)(self.high_seq, seq)
            for earlier in missing:
                await self._send({"type": "message", "message": earlier})
        self.high_seq = seq
        frame = event.get("frame")
        if isinstance(frame, str):
            # Encoded once by the sender's consumer rather than once per receiving socket.
            with contextlib.suppress(OSError, RuntimeError):
                await self.send(text_data=frame)
            return
        await self._send({"type": "message", "message": payload})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event.get("user_id") != self.user.pk:
            await self._send(
                {"type": "typing", "user_id": event["user_id"], "handle": event.get("handle", "")}
            )

    async def chat_seen(self, event: dict[str, Any]) -> None:
        await self._send({"type": "seen", "user_id": event["user_id"], "seq": event["seq"]})

    async def chat_removed(self, event: dict[str, Any]) -> None:
        frame: dict[str, Any] = {"type": "removed", "seq": event["seq"]}
        if event.get("reason"):
            frame["reason"] = event["reason"]  # "expired"; absent for a moderator's removal
        await self._send(frame)

    async def chat_state(self, event: dict[str, Any]) -> None:
        await self._send(
            {
                "type": "state",
                "status": event.get("status"),
                "code": event.get("code"),
                "reason": event.get("reason"),
            }
        )

    # Database work (sync, run in a thread) -------------------------------------------------------------

    def _conversation(self) -> Any:
        return access_conversation_by_id(self.user, self.conversation_id)

    def _last_seq(self) -> int:
        # One indexed lookup: most pings find nothing missing and never read messages.
        return (
            Conversation.objects.filter(pk=self.conversation_id).values_list("last_seq", flat=True).first()
            or 0
        )

    def _history_after(self, after_seq: int) -> tuple[list[dict[str, Any]], bool]:
        rows, has_more = message_page(
            conversation=self._conversation(), user=self.user, after_seq=after_seq, limit=HISTORY_CHUNK
        )
        return [message_payload(row) for row in rows], has_more

    def _between(self, low: int, high: int) -> tuple[list[dict[str, Any]], bool]:
        conversation = self._conversation()
        rows, _more = message_page(conversation=conversation, user=self.user, after_seq=low, limit=high - low)
        return [message_payload(row) for row in rows if row.seq < high], False

    def _state(self) -> dict[str, Any]:
        conversation = self._conversation()
        user = User.objects.get(pk=self.user.pk)
        state = conversation_send_state(conversation=conversation, user=user)
        return {
            "protocol": PROTOCOL_VERSION,
            "last_seq": self.high_seq,
            "status": conversation.status,
            "can_send": state.can_send,
            "code": state.code,
            "reason": state.reason,
            "read_state": {str(k): v for k, v in read_state(conversation=conversation).items()},
        }

    def _send_message(self, text: str, client_id: str) -> tuple[dict[str, Any], bool]:
        """Store the message; returns the channel-layer event to push (after this commits) and created."""
        # No access query here: message_send checks membership under the conversation's row lock.
        conversation = Conversation(pk=self.conversation_id)
        # message_send reads the sender's current standing (mute, suspension) under the same lock.
        message, created = services.message_send(
            conversation=conversation, sender=self.user, text=text, client_id=client_id, publish=False
        )
        event = services.message_event(message)
        event["frame"] = json.dumps({"type": "message", "message": event["message"]}, ensure_ascii=False)
        return event, created

    def _mark_read(self, seq: int) -> None:
        services.participant_mark_read(conversation=self._conversation(), user=self.user, seq=seq)

    # Helpers ----------------------------------------------------------------------------------------

    async def _send(self, frame: dict[str, Any]) -> None:
        # The client may have gone away mid-answer (uvicorn raises ClientDisconnected, an OSError, or a
        # RuntimeError once the close is sent). Its unacked messages are resent with the same client_id
        # when it reconnects, so there is nothing else to do.
        with contextlib.suppress(OSError, RuntimeError):
            await self.send(text_data=json.dumps(frame, ensure_ascii=False))

    async def _error(self, code: str, message: str, *, client_id: str | None = None) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if client_id is not None:
            frame["client_id"] = client_id
        await self._send(frame)
