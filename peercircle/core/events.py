"""The one way services push real-time events: after the transaction commits, through the channel layer."""

from __future__ import annotations

import logging
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
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # a lost live push must never undo a committed write; clients resync on reconnect
        logger.exception("event push failed", extra={"group": group, "type": event.get("type")})


def send_event_on_commit(group: str, event: dict[str, Any]) -> None:
    """Queue an event to be pushed once the surrounding transaction has committed."""
    transaction.on_commit(lambda: send_event(group, event))
