"""ws/moderation/: live crisis alerts and queue updates for on-duty moderators. Authorise, then relay."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from peercircle.safety.crisis import MODERATORS_GROUP

CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
MAX_FRAME_CHARS = 4096


def _is_moderator(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_moderator)


class ModerationConsumer(AsyncJsonWebsocketConsumer):
    is_joined = False

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        # Refused before accept(): a member never sees a single alert.
        if not await database_sync_to_async(_is_moderator)(user):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.channel_layer.group_add(MODERATORS_GROUP, self.channel_name)
        self.is_joined = True
        await self.accept()
        await self.send_json({"type": "hello", "group": "moderators"})

    async def disconnect(self, code: int) -> None:
        if self.is_joined:
            await self.channel_layer.group_discard(MODERATORS_GROUP, self.channel_name)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        # A malformed frame gets an error, never a crashed socket: moderators must keep hearing alerts.
        if text_data is None or len(text_data) > MAX_FRAME_CHARS:
            await self.send_json({"type": "error", "code": "invalid_frame"})
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError:
            await self.send_json({"type": "error", "code": "invalid_json"})
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def moderation_alert(self, event: dict[str, Any]) -> None:
        await self.send_json(event)

    async def moderation_update(self, event: dict[str, Any]) -> None:
        await self.send_json(event)

    async def moderation_report(self, event: dict[str, Any]) -> None:
        await self.send_json(event)
