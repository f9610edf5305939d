"""Chat pages. They work without JavaScript (POST, redirect, GET); chat.js upgrades them to WebSocket."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercircle.accounts.models import User
from peercircle.conversations import services
from peercircle.conversations.models import Conversation
from peercircle.conversations.selectors import (
    access_conversation_by_id,
    conversation_list,
    conversation_send_state,
    message_page,
    read_state,
)
from peercircle.core.exceptions import ApplicationError, NotFound


def _access(request: HttpRequest, pk: int) -> tuple[User, Conversation]:
    user: User = request.user  # type: ignore[assignment]
    try:
        return user, access_conversation_by_id(user, pk)
    except NotFound as exc:
        raise Http404 from exc


def _chat_strings() -> dict[str, str]:
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected. New messages appear here as they arrive."),
        "reconnecting": _("Connection lost. Trying again in {seconds} s. Unsent messages will be sent then."),
        "offline": _("You are offline. Unsent messages will be sent when you are back online."),
        "unavailable": _("This conversation is not available. Reload the page to try again."),
        "sending": _("Sending…"),
        "sent": _("Sent"),
        "seen": _("Seen"),
        "held": _("Held back: only you can see this."),
        "not_sent": _("Not sent"),
        "typing": _("{handle} is typing…"),
        "you": _("You"),
        "report": _("Report"),
        "removed": _("This message was removed by a moderator."),
        "deleted": _("Message deleted"),
        "expired": _("This message has disappeared."),
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(request, "conversations/index.html", {"conversations": conversation_list(user=user)})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, conversation = _access(request, pk)
    before = request.GET.get("before")
    before_seq = int(before) if before and before.isdigit() else None
    rows, has_older = message_page(conversation=conversation, user=user, before_seq=before_seq, limit=50)
    if rows and before_seq is None:
        # Opening the page is reading it; the no-JS path needs this, chat.js sends `read` as messages arrive.
        services.participant_mark_read(conversation=conversation, user=user, seq=rows[-1].seq)
    others = [
        p.user
        for p in conversation.participants.select_related("user")
        if p.user_id != user.pk and p.left_at is None
    ]
    reads = read_state(conversation=conversation)
    peer_read = max((seq for uid, seq in reads.items() if uid != user.pk), default=0)
    context: dict[str, Any] = {
        "conversation": conversation,
        "others": others,
        "chat_messages": rows,
        "has_older": has_older,
        "oldest_seq": rows[0].seq if rows else 0,
        "last_seq": rows[-1].seq if rows and before_seq is None else 0,
        "is_live": before_seq is None,
        "state": conversation_send_state(conversation=conversation, user=user),
        "client_id": uuid.uuid4().hex,
        "peer_read_seq": peer_read,
        "ws_path": f"/ws/conversations/{conversation.pk}/",
        "chat_strings": _chat_strings(),
        "disappear_choices": [
            (seconds, services.disappear_choice_label(seconds)) for seconds in services.DISAPPEAR_CHOICES
        ],
    }
    return render(request, "conversations/detail.html", context)


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    user, conversation = _access(request, pk)
    try:
        message, _created = services.message_send(
            conversation=conversation,
            sender=user,
            text=request.POST.get("text", ""),
            client_id=request.POST.get("client_id", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if message.is_held:
            messages.warning(request, services.held_explanation())
    return redirect(reverse("conversations:detail", args=[pk]) + "#composer")


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    user, conversation = _access(request, pk)
    rating = request.POST.get("feedback_rating", "")
    try:
        services.conversation_end(
            conversation=conversation,
            user=user,
            closing_note=request.POST.get("closing_note", ""),
            feedback_rating=int(rating) if rating.isdigit() else None,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The conversation is closed. Thank you for being there for each other."))
    return redirect("conversations:detail", pk=pk)


@login_required
@require_POST
def block(request: HttpRequest, pk: int) -> HttpResponse:
    user, conversation = _access(request, pk)
    try:
        services.conversation_block(conversation=conversation, user=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Blocked. They cannot message you or be matched with you again."))
    return redirect("conversations:detail", pk=pk)


@login_required
@require_POST
def disappearing(request: HttpRequest, pk: int) -> HttpResponse:
    user, conversation = _access(request, pk)
    raw = request.POST.get("seconds", "")
    try:
        services.conversation_disappearing_set(
            conversation=conversation, user=user, seconds=int(raw) if raw.isdigit() else None
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("conversations:detail", pk=pk)
