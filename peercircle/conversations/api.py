"""JSON API for conversations (mounted at /api/v1/conversations). Errors are shaped by the global handler."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status

from peercircle.accounts.models import User
from peercircle.conversations import services
from peercircle.conversations.models import Conversation
from peercircle.conversations.schemas import (
    BlockIn,
    ConversationDetailOut,
    ConversationOut,
    DisappearingIn,
    EndIn,
    MessageIn,
    MessagePageOut,
    ReadIn,
    ReadOut,
    SendOut,
)
from peercircle.conversations.selectors import (
    access_conversation_by_id,
    conversation_list,
    conversation_send_state,
    message_page,
    message_payload,
)
from peercircle.core.api import auth_user
from peercircle.core.exceptions import NotFound

router = Router(tags=["conversations"])


def _conversation_out(conversation: Conversation, user: User, unread: int | None = None) -> dict[str, Any]:
    participants = [p for p in conversation.participants.all() if p.left_at is None]
    if unread is None:
        mine = next((p for p in participants if p.user_id == user.pk), None)
        unread = max(0, conversation.last_seq - mine.last_read_seq) if mine else 0
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "status": conversation.status,
        "last_seq": conversation.last_seq,
        "unread": unread,
        "participants": [
            {"user_id": p.user_id, "handle": p.user.handle, "role": p.role, "last_read_seq": p.last_read_seq}
            for p in participants
        ],
        "contact_guard_until": conversation.contact_guard_until,
        "ended_at": conversation.ended_at,
        "disappear_after_seconds": conversation.disappear_after_seconds,
    }


def _detail(conversation: Conversation, user: User) -> dict[str, Any]:
    from peercircle.conversations.selectors import unread_in

    state = conversation_send_state(conversation=conversation, user=user)
    return {
        **_conversation_out(conversation, user, unread=unread_in(conversation=conversation, user=user)),
        "can_send": state.can_send,
        "code": state.code,
        "reason": state.reason,
    }


@router.get("/", response=list[ConversationOut])
def list_conversations(request: HttpRequest) -> list[dict[str, Any]]:
    user = auth_user(request)
    return [_conversation_out(c, user, unread=c.unread) for c in conversation_list(user=user)]  # type: ignore[attr-defined]


@router.get("/{conversation_id}", response=ConversationDetailOut)
def conversation_detail(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    user = auth_user(request)
    return _detail(access_conversation_by_id(user, conversation_id), user)


class PageQuery(Schema):
    after_seq: int | None = None
    before_seq: int | None = None
    limit: int = 50


@router.get("/{conversation_id}/messages", response=MessagePageOut)
def conversation_messages(
    request: HttpRequest, conversation_id: int, query: Query[PageQuery]
) -> dict[str, Any]:
    """Cursor pagination by seq: `after_seq` to catch up (oldest first), `before_seq` to page back."""
    user = auth_user(request)
    conversation = access_conversation_by_id(user, conversation_id)
    rows, has_more = message_page(
        conversation=conversation,
        user=user,
        after_seq=query.after_seq,
        before_seq=query.before_seq,
        limit=query.limit,
    )
    return {"messages": [message_payload(row) for row in rows], "has_more": has_more}


@router.post("/{conversation_id}/messages", response={200: SendOut, 201: SendOut})
def conversation_send(
    request: HttpRequest, conversation_id: int, payload: MessageIn
) -> Status[dict[str, Any]]:
    """Send (idempotent on client_id): 201 when stored now, 200 with the original on a retry."""
    user = auth_user(request)
    conversation = access_conversation_by_id(user, conversation_id)
    message, created = services.message_send(
        conversation=conversation, sender=user, text=payload.text, client_id=payload.client_id
    )
    body = {
        **message_payload(message),
        "created": created,
        "notice": services.held_explanation() if message.is_held else "",
    }
    return Status(201 if created else 200, body)


@router.post("/{conversation_id}/read", response=ReadOut)
def conversation_read(request: HttpRequest, conversation_id: int, payload: ReadIn) -> dict[str, int]:
    user = auth_user(request)
    conversation = access_conversation_by_id(user, conversation_id)
    return {
        "last_read_seq": services.participant_mark_read(conversation=conversation, user=user, seq=payload.seq)
    }


@router.post("/{conversation_id}/end", response=ConversationDetailOut)
def conversation_end(request: HttpRequest, conversation_id: int, payload: EndIn) -> dict[str, Any]:
    user = auth_user(request)
    conversation = access_conversation_by_id(user, conversation_id)
    services.conversation_end(
        conversation=conversation,
        user=user,
        closing_note=payload.closing_note,
        feedback_rating=payload.feedback_rating,
    )
    return _detail(access_conversation_by_id(user, conversation_id), user)


@router.post("/{conversation_id}/block", response=ConversationDetailOut)
def conversation_block(request: HttpRequest, conversation_id: int, payload: BlockIn) -> dict[str, Any]:
    user = auth_user(request)
    conversation = access_conversation_by_id(user, conversation_id)
    blocked = None
    if payload.user_id is not None:
        blocked = User.objects.filter(pk=payload.user_id).first()
        if blocked is None:
            raise NotFound()
    services.conversation_block(conversation=conversation, user=user, blocked=blocked)
    return _detail(access_conversation_by_id(user, conversation_id), user)


@router.post("/{conversation_id}/disappearing", response=ConversationDetailOut)
def conversation_disappearing(
    request: HttpRequest, conversation_id: int, payload: DisappearingIn
) -> dict[str, Any]:
    """Disappearing messages for everyone here: `seconds` 86400 or 604800, or null to turn them off."""
    user = auth_user(request)
    conversation = access_conversation_by_id(user, conversation_id)
    services.conversation_disappearing_set(conversation=conversation, user=user, seconds=payload.seconds)
    return _detail(access_conversation_by_id(user, conversation_id), user)
