"""The crisis path: what happens after a member writes something that screening flags.

Nobody is dropped. The message or post has already been stored and delivered by its own app; here we add
help around it: a calm card for the writer (one suggested crisis service for their country, their safety
plan, "a trained moderator has been told"), guidance for their peer, and an escalation that reaches
on-duty moderators at once. Signals from the same member and conversation within the cool-down join one
escalation, so one bad night does not flood the queue.

Other apps call:
    crisis_handle_message(message=...)                       conversations, after a message commits
    crisis_handle_content(user=..., content_type=..., content_id=..., result=...)   stories, goals
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peercircle.accounts.models import User
from peercircle.core.events import send_event_on_commit, user_group
from peercircle.safety.models import CONTENT_TYPES, Escalation
from peercircle.safety.screening import ScreenResult
from peercircle.safety.screening.result import rank
from peercircle.safety.selectors import cooldown, crisis_card_build, followup_delay
from peercircle.safety.services import audit_log_record

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "moderators"
CONTEXT_BEFORE = 4  # messages before the flagged one that moderators may read
CONTEXT_MAX_ENTRIES = 12
CONTEXT_TEXT_MAX = 1500
REASONS_MAX = 20
RISK_LEVELS = ("concern", "urgent")
PRIVATE_PLACEHOLDER = gettext_lazy("(private journal entry: not shown)")
PRIVATE_GOALS_PLACEHOLDER = gettext_lazy("(private to the writer: not shown)")


# --- live events --------------------------------------------------------------------------------------


def escalation_summary(escalation: Escalation) -> dict[str, Any]:
    """What a live alert carries: enough to rank and open the item, never the member's words (opening the
    item is what moderators do to read them, and that is audited)."""
    return {
        "id": escalation.pk,
        "level": escalation.level,
        "status": escalation.status,
        "content_type": escalation.content_type,
        "reasons": list(escalation.reasons)[:REASONS_MAX],
        "signal_count": escalation.signal_count,
        "waiting_since": (escalation.alerted_at or escalation.created_at).isoformat(),
        "realert_count": escalation.realert_count,
        "member_said_not_crisis": escalation.member_said_not_crisis,
        "acknowledged_by": escalation.acknowledged_by.handle if escalation.acknowledged_by else None,
        "url": reverse("safety:escalation_detail", args=[escalation.pk]),
    }


def moderators_notify(escalation: Escalation, *, reason: str) -> None:
    """Push an escalation to every open moderation page (after commit)."""
    send_event_on_commit(
        MODERATORS_GROUP,
        {"type": "moderation.alert", "reason": reason, "escalation": escalation_summary(escalation)},
    )


def moderators_update(escalation: Escalation, *, reason: str) -> None:
    send_event_on_commit(
        MODERATORS_GROUP,
        {"type": "moderation.update", "reason": reason, "escalation": escalation_summary(escalation)},
    )


def card_event(escalation: Escalation, *, viewer: User, role: str) -> dict[str, Any]:
    """The crisis card (role "member") or peer guidance (role "peer") as a live event.

    `html` is the same include the conversation page renders server-side, so a page shows one card
    whether it arrived live or with a reload; `card` carries the same facts for other clients.
    """
    card = crisis_card_build(escalation=escalation, role=role, viewer=viewer)
    return {
        "type": "crisis.card" if role == "member" else "crisis.guidance",
        "escalation_id": escalation.pk,
        "conversation_id": escalation.conversation_id,
        "level": escalation.level,
        "card": card.as_dict(),
        "html": render_to_string("safety/_crisis_card.html", {"card": card}),
        **_plain_card(card),
    }


def _ways(resource: dict[str, Any]) -> str:
    ways = []
    if resource.get("phone"):
        ways.append(_("call %(number)s") % {"number": resource["phone"]})
    text = resource.get("text")
    if text:
        ways.append(
            _("text %(keyword)s to %(number)s") % {"keyword": text["keyword"], "number": text["number"]}
            if text.get("keyword")
            else _("text %(number)s") % {"number": text["number"]}
        )
    if resource.get("chat_url"):
        ways.append(_("chat online at %(url)s") % {"url": resource["chat_url"]})
    if not ways and resource.get("website"):
        ways.append(resource["website"])
    hours = f" ({resource['hours']})" if resource.get("hours") else ""
    return f"{resource['name']}: {', '.join(ways)}{hours}."


def _plain_card(card: Any) -> dict[str, str]:
    """Title, body and one link: what a client without the rich card (chat.js's fallback) shows."""
    if card.role == "peer":
        return {
            "title": _("Your peer may be going through a crisis"),
            "body": _(
                "Stay with them and keep listening. Encourage them to contact the crisis service shown on "
                "their screen. You are not responsible for fixing this. A trained moderator has been told "
                "and is coming."
            ),
            "url": reverse("safety:help"),
            "link_text": _("Support for you too"),
        }
    suggested = _ways(card.suggested) if card.suggested else ""
    if card.level == "urgent":
        title = _("You don't have to face this alone")
        told = _("A trained moderator has been told and will check in with you here.")
    else:
        title = _("Checking in: how are you doing?")
        told = _("A trained moderator may check in with you.")
    return {
        "title": title,
        "body": f"{suggested} {told}".strip(),
        "url": reverse("safety:plan"),
        "link_text": _("Open my safety plan"),
    }


def _send_card(escalation: Escalation, member: User) -> None:
    send_event_on_commit(user_group(member.pk), card_event(escalation, viewer=member, role="member"))


def _send_guidance(escalation: Escalation, member: User) -> None:
    if escalation.conversation_id is None or escalation.level != Escalation.Level.URGENT:
        return
    from peercircle.conversations.models import Participant

    peers = User.objects.filter(
        conversation_memberships__conversation_id=escalation.conversation_id,
        conversation_memberships__left_at__isnull=True,
        conversation_memberships__role=Participant.Role.MEMBER,
    ).exclude(pk=member.pk)
    for peer in peers:
        send_event_on_commit(user_group(peer.pk), card_event(escalation, viewer=peer, role="peer"))


# --- raising and attaching ----------------------------------------------------------------------------


def _context_entry(
    *, content_type: str, content_id: int, author: str, text: str, flagged: bool
) -> dict[str, Any]:
    return {
        "content_type": content_type,
        "content_id": content_id,
        "author": author,
        "text": text[:CONTEXT_TEXT_MAX],
        "is_flagged": flagged,
    }


def _merge_reasons(old: list[str], new: list[str]) -> list[str]:
    merged = list(old)
    for reason in new:
        if reason not in merged:
            merged.append(reason)
    return merged[:REASONS_MAX]


def escalation_raise(
    *,
    member: User,
    content_type: str,
    content_id: int,
    result: ScreenResult,
    context: list[dict[str, Any]],
    conversation_id: int | None = None,
    now: datetime | None = None,
) -> tuple[Escalation, bool]:
    """Open an escalation for a risk signal, or attach it to the member's current one. Returns
    (escalation, created).

    Attaches when the member's latest escalation in the same conversation (or, outside conversations,
    for the same member) is still open or was raised within the cool-down; a closed one is reopened,
    because a moderator's earlier decision must never hide a new signal. A concern that becomes urgent is
    upgraded and alerted again. The writer's card and the moderators' alert go out after commit.
    """
    if result.level not in RISK_LEVELS:
        raise ValueError(f"not a risk level: {result.level}")
    if content_type not in CONTENT_TYPES:
        raise ValueError(f"unknown content type: {content_type}")
    now = now or timezone.now()
    with transaction.atomic():
        # Serialise signals per member so two urgent messages at once cannot open two escalations.
        User.objects.select_for_update().filter(pk=member.pk).first()
        same_place = (
            Q(conversation_id=conversation_id)
            if conversation_id is not None
            else Q(conversation__isnull=True)
        )
        latest = (
            Escalation.objects.select_for_update()
            .filter(same_place, member=member)
            .order_by("-created_at", "-id")
            .first()
        )
        is_attachable = latest is not None and (latest.is_open or latest.created_at >= now - cooldown())
        if latest is None or not is_attachable:
            escalation = Escalation.objects.create(
                member=member,
                conversation_id=conversation_id,
                content_type=content_type,
                content_id=content_id,
                level=result.level,
                first_level=result.level,
                score=result.score,
                reasons=list(result.reasons)[:REASONS_MAX],
                context=json.dumps(context[-CONTEXT_MAX_ENTRIES:]),
                last_signal_at=now,
                alerted_at=now,
                followup_due_at=now + followup_delay() if result.level == "urgent" else None,
            )
            audit_log_record(
                actor=None,
                action="escalation.create",
                target_type="escalation",
                target_id=escalation.pk,
                target_user=member,
                details={"level": escalation.level, "content_type": content_type, "content_id": content_id},
            )
            moderators_notify(escalation, reason="new")
            _send_card(escalation, member)
            _send_guidance(escalation, member)
            return escalation, True

        escalation = latest
        was_closed = not escalation.is_open
        is_upgrade = rank(result.level) > rank(escalation.level)
        escalation.signal_count += 1
        escalation.last_signal_at = now
        escalation.reasons = _merge_reasons(list(escalation.reasons), list(result.reasons))
        escalation.score = max(escalation.score, result.score)
        earlier = json.loads(escalation.context) if escalation.context else []
        seen = {(e.get("content_type"), e.get("content_id")) for e in earlier}
        fresh = [e for e in context if (e.get("content_type"), e.get("content_id")) not in seen]
        escalation.context = json.dumps((earlier + fresh)[-CONTEXT_MAX_ENTRIES:])
        fields = ["signal_count", "last_signal_at", "reasons", "score", "context", "updated_at"]
        if is_upgrade:
            escalation.level = result.level
            fields.append("level")
        if was_closed:
            escalation.status = Escalation.Status.OPEN
            escalation.acknowledged_by = None
            escalation.acknowledged_at = None
            escalation.joined_at = None
            escalation.closed_at = None
            escalation.closed_by = None
            fields += ["status", "acknowledged_by", "acknowledged_at", "joined_at", "closed_at", "closed_by"]
        if was_closed or (is_upgrade and escalation.acknowledged_at is None):
            escalation.alerted_at = now
            fields.append("alerted_at")
        if escalation.level == "urgent" and escalation.followup_due_at is None:
            escalation.followup_due_at = now + followup_delay()
            fields.append("followup_due_at")
        escalation.save(update_fields=fields)
        action = (
            "escalation.reopen" if was_closed else "escalation.upgrade" if is_upgrade else "escalation.attach"
        )
        audit_log_record(
            actor=None,
            action=action,
            target_type="escalation",
            target_id=escalation.pk,
            target_user=member,
            details={"level": result.level, "content_type": content_type, "content_id": content_id},
        )
        if was_closed or is_upgrade:
            moderators_notify(escalation, reason="reopened" if was_closed else "upgraded")
            _send_guidance(escalation, member)
        else:
            moderators_update(escalation, reason="attached")
        _send_card(escalation, member)
    return escalation, False


# --- entry points for other apps ----------------------------------------------------------------------


def _message_context(message: Any) -> list[dict[str, Any]]:
    from peercircle.conversations.models import Message

    rows = list(
        Message.objects.filter(conversation_id=message.conversation_id, seq__lte=message.seq)
        .select_related("sender")
        .order_by("-seq")[: CONTEXT_BEFORE + 1]
    )
    return [
        _context_entry(
            content_type="message",
            content_id=row.pk,
            author=row.sender.handle if row.sender else "PeerCircle",
            text=row.text,
            flagged=row.pk == message.pk,
        )
        for row in reversed(rows)
    ]


def crisis_handle_message(*, message: Any, result: ScreenResult | None = None) -> Escalation | None:
    """Called by the conversations app after a flagged member's message commits, and by the batch deep
    screening task (peercircle.safety.tasks) with the deep result for a message it raised.

    Concern and urgent open or join an escalation. A "none" result returns at once, with no query and no
    transaction, because it is on the delivery path of nearly every message: those messages are
    re-screened with the full stack in periodic batches, which can still raise an alert. Messages from
    moderators and the platform never do.
    """
    from peercircle.conversations.models import Message, Participant

    if message.kind != Message.Kind.USER or message.sender_id is None:
        return None
    if result is None:
        result = ScreenResult(
            level=message.risk_level, score=message.risk_score, reasons=list(message.risk_reasons)
        )
    if result.level not in RISK_LEVELS:
        return None
    is_moderator = Participant.objects.filter(
        conversation_id=message.conversation_id, user_id=message.sender_id, role=Participant.Role.MODERATOR
    ).exists()
    if is_moderator:
        return None
    escalation, _created = escalation_raise(
        member=message.sender,
        conversation_id=message.conversation_id,
        content_type="message",
        content_id=message.pk,
        result=result,
        context=_message_context(message),
    )
    return escalation


STORIES_MODELS = {
    "story": "Story",
    "comment": "Comment",
    "question": "Question",
    "answer": "Answer",
    "thank_you": "ThankYou",
}
GOALS_CONTENT_TYPES = ("goal_checkin", "encouragement", "worksheet", "worksheet_suggestion")


def _goals_content_text(content_type: str, content_id: int, *, author: User | None, text: str | None) -> str:
    """Goals' words as a moderator may read them. Text only its writer can see (a check-in not shared with
    anyone, a worksheet not shared) is never shown, like a private journal entry."""
    from peercircle.goals.models import Encouragement, GoalCheckIn, Worksheet

    if content_type == "goal_checkin":
        checkin = GoalCheckIn.objects.filter(pk=content_id).select_related("goal").first()
        if checkin is None:
            return ""
        if not (checkin.is_shared and checkin.goal.shares.exists()):
            return str(PRIVATE_GOALS_PLACEHOLDER)
        return checkin.note
    if content_type == "encouragement":
        encouragement = Encouragement.objects.filter(pk=content_id).first()
        return encouragement.note if encouragement is not None else ""
    worksheet = Worksheet.objects.filter(pk=content_id).first()
    if worksheet is None:
        return ""
    if content_type == "worksheet_suggestion":
        # A suggestion has no row of its own; goals may hand over the words (it screens them before storing).
        if text is not None:
            return text
        suggestions = [s for s in worksheet.suggestions if author is None or s.get("by") == author.handle]
        return str(suggestions[-1].get("text", "")) if suggestions else ""
    if worksheet.shared_with_id is None:
        return str(PRIVATE_GOALS_PLACEHOLDER)
    parts = [worksheet.problem]
    parts += [str(option.get("text", "")) for option in worksheet.options]
    parts += [worksheet.first_step, worksheet.review]
    return "\n\n".join(part for part in parts if part)


def _content_text(
    content_type: str, content_id: int, *, author: User | None = None, text: str | None = None
) -> str:
    """The flagged words as moderators see them in the escalation's context ("" when the row is gone)."""
    if content_type in GOALS_CONTENT_TYPES:
        return _goals_content_text(content_type, content_id, author=author, text=text)
    from django.apps import apps

    model = apps.get_model("stories", STORIES_MODELS[content_type])
    obj = model._default_manager.filter(pk=content_id).first()
    if obj is None:
        return ""
    if getattr(obj, "visibility", "") == "private":
        # A private journal is never shown to moderators; the writer still gets the card and a moderator
        # still knows someone may need help.
        return str(PRIVATE_PLACEHOLDER)
    title = getattr(obj, "title", "")
    return f"{title}\n\n{obj.body}" if title else str(obj.body)


def crisis_handle_content(
    *, user: User, content_type: str, content_id: int, result: ScreenResult, text: str | None = None
) -> Escalation | None:
    """Called by the stories and goals apps for flagged content (concern or urgent): a story, comment,
    question, answer or thank-you note; a goal check-in, encouragement, worksheet or worksheet suggestion.

    `text` is used only for a worksheet suggestion, which goals screens before storing it.
    """
    if result.level not in RISK_LEVELS or content_type == "message":
        return None
    context = [
        _context_entry(
            content_type=content_type,
            content_id=content_id,
            author=user.handle,
            text=_content_text(content_type, content_id, author=user, text=text),
            flagged=True,
        )
    ]
    escalation, _created = escalation_raise(
        member=user, content_type=content_type, content_id=content_id, result=result, context=context
    )
    return escalation


REPORT_REASON = "report: a member is worried about their safety"


def escalation_from_report(*, report: Any, target: Any, author: User) -> Escalation:
    """A member reported something because they are worried about the writer's safety: the writer gets a
    gentle check-in and moderators a concern item (never who reported it)."""
    result = ScreenResult(level="concern", score=0.5, reasons=[REPORT_REASON])
    content_id = int(report.target_id)
    if report.target_type == "message":
        context, conversation_id = _message_context(target), target.conversation_id
    else:
        text = _content_text(report.target_type, content_id)
        context = [
            _context_entry(
                content_type=report.target_type,
                content_id=content_id,
                author=author.handle,
                text=text,
                flagged=True,
            )
        ]
        conversation_id = None
    escalation, _created = escalation_raise(
        member=author,
        conversation_id=conversation_id,
        content_type=report.target_type,
        content_id=content_id,
        result=result,
        context=context,
    )
    return escalation


def escalation_mark_not_crisis(*, member: User, escalation_id: int) -> Escalation:
    """The member says "this is not a crisis". Stored and shown to moderators, who still decide."""
    from peercircle.safety.selectors import access_escalation_by_id

    with transaction.atomic():
        escalation = access_escalation_by_id(member, escalation_id)
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if escalation.member_said_not_crisis:
            return escalation
        escalation.member_said_not_crisis = True
        escalation.member_said_not_crisis_at = timezone.now()
        escalation.save(update_fields=["member_said_not_crisis", "member_said_not_crisis_at", "updated_at"])
        audit_log_record(
            actor=member,
            action="escalation.member_not_crisis",
            target_type="escalation",
            target_id=escalation.pk,
            target_user=member,
        )
        moderators_update(escalation, reason="member_not_crisis")
    return escalation
