"""The one way services push real-time events: after the transaction commits, through the channel layer."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    """The channel-layer group every open page of one user listens to."""
    return f"user.{user_id}"


def send_event(group: str, event: dict[str, Any]) -> None:
    """Send now. Prefer send_event_on_commit inside services."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        in_async_context = False
    else:
        in_async_context = True
    try:
        if in_async_context:
            # Called from sync code running inside an event loop's thread (a sync_to_async worker shares
            # none, but some callers, such as browser-test drivers, do): push from a helper thread.
            pusher = threading.Thread(target=async_to_sync(layer.group_send), args=(group, event))
            pusher.start()
            pusher.join(timeout=5)
        else:
            async_to_sync(layer.group_send)(group, event)
    except Exception:  # a lost live push must never undo a committed write; clients resync on reconnect
        logger.exception("event push failed", extra={"group": group, "type": event.get("type")})


def send_event_on_commit(group: str, event: dict[str, Any]) -> None:
    """Queue an event to be pushed once the surrounding transaction has committed."""
    transaction.on_commit(lambda: send_event(group, event))
