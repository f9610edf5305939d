"""Moderators' work on escalations and reports. Every view and every action writes an audit row in the same
transaction; actions that affect a member tell them why (notification kind "account").

Removing content goes through one dispatch, `content_remove`, which prefers the owning app's service
(`message_remove`, `story_remove`, `comment_remove`, `question_remove`, `answer_remove`, each called as
`fn(*, moderator, content_id, reason)`) and otherwise falls back to the model's `is_removed` flag or its
"removed" status.
"""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.constants import ROLE_GROUPS, Role
from peercircle.accounts.models import User
from peercircle.core.events import send_event_on_commit, user_group
from peercircle.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied
from peercircle.notifications.services import notification_send
from peercircle.safety.crisis import PRIVATE_PLACEHOLDER, moderators_notify, moderators_update
from peercircle.safety.models import NOTE_MAX, NOTES_TOTAL_MAX, Escalation, Report
from peercircle.safety.selectors import (
    ack_timeout,
    escalation_for_moderator,
    report_for_moderator,
    require_moderator,
)
from peercircle.safety.services import audit_log_record, report_target_resolve

ACTIONS = ("dismiss", "warn", "remove", "mute", "suspend", "ban")
REASON_MAX = 1000
MUTE_HOURS_DEFAULT = 24
SUSPEND_HOURS_DEFAULT = 7 * 24
DURATION_HOURS_MAX = 365 * 24
REPORT_CONTEXT_AROUND = 2


# --- opening items (audited) --------------------------------------------------------------------------


def escalation_view(*, moderator: User, escalation_id: int) -> Escalation:
    """Open an escalation to read it: the flagged words and the captured context. Audited."""
    with transaction.atomic():
        escalation = escalation_for_moderator(moderator=moderator, escalation_id=escalation_id)
        audit_log_record(
            actor=moderator,
            action="escalation.view",
            target_type="escalation",
            target_id=escalation.pk,
            target_user=escalation.member,
        )
    return escalation


def report_context(*, report: Report) -> list[dict[str, Any]]:
    """The reported item and, for a message, a couple of messages either side: never the whole history,
    and never anything private to the member (safety plans, private journals)."""
    if report.target_type == "user":
        target = User.objects.filter(pk=report.target_id).select_related("profile").first()
        if target is None:
            return []
        about = getattr(getattr(target, "profile", None), "about_me", "")
        return [{"author": target.handle, "text": about, "is_flagged": True, "label": _("About me")}]
    if report.target_type == "message":
        from peercircle.conversations.models import Message

        message = Message.objects.filter(pk=report.target_id).first()
        if message is None:
            return []
        low, high = message.seq - REPORT_CONTEXT_AROUND, message.seq + REPORT_CONTEXT_AROUND
        rows = (
            Message.objects.filter(conversation_id=message.conversation_id, seq__gte=low, seq__lte=high)
            .filter(Q(is_held=False) | Q(pk=message.pk))
            .select_related("sender")
            .order_by("seq")
        )
        return [
            {
                "author": row.sender.handle if row.sender else "PeerCircle",
                "text": row.text,
                "is_flagged": row.pk == message.pk,
                "label": "",
            }
            for row in rows
        ]
    from peercircle.stories import models as stories

    model = {
        "story": stories.Story,
        "comment": stories.Comment,
        "question": stories.Question,
        "answer": stories.Answer,
    }
    obj = model[report.target_type].objects.filter(pk=report.target_id).first()  # type: ignore[attr-defined]
    if obj is None:
        return []
    if getattr(obj, "visibility", "") == "private":
        # A private journal entry is never shown to moderators, even when reported.
        return [{"author": "", "text": str(PRIVATE_PLACEHOLDER), "is_flagged": True, "label": ""}]
    title = getattr(obj, "title", "")
    return [
        {
            "author": obj.author.handle,
            "text": f"{title}\n\n{obj.body}".strip() if title else obj.body,
            "is_flagged": True,
            "label": str(getattr(obj, "status", "")),
        }
    ]


def report_view(*, moderator: User, report_id: int) -> Report:
    """Open a report to read the reported item and its limited context. Audited."""
    with transaction.atomic():
        report = report_for_moderator(moderator=moderator, report_id=report_id)
        audit_log_record(
            actor=moderator,
            action="report.view",
            target_type="report",
            target_id=report.pk,
            target_user=report.reported_user,
        )
    return report


# --- escalations --------------------------------------------------------------------------------------


def _locked_escalation(moderator: User, escalation_id: int) -> Escalation:
    require_moderator(moderator)
    escalation = (
        Escalation.objects.select_for_update().select_related("member").filter(pk=escalation_id).first()
    )
    if escalation is None:
        raise NotFound()
    return escalation


def _tell_member_card(escalation: Escalation) -> None:
    from peercircle.safety.crisis import card_event

    send_event_on_commit(
        user_group(escalation.member_id), card_event(escalation, viewer=escalation.member, role="member")
    )


def escalation_acknowledge(*, escalation_id: int, moderator: User, now: datetime | None = None) -> Escalation:
    """A moderator takes the escalation: re-alerts stop, the member's card says someone is on it."""
    with transaction.atomic():
        escalation = _locked_escalation(moderator, escalation_id)
        if escalation.status == Escalation.Status.CLOSED:
            raise Conflict(_("This escalation is already closed."), code="closed")
        if escalation.acknowledged_by_id not in (None, moderator.pk):
            raise Conflict(_("Another moderator has already taken this."), code="already_acknowledged")
        if escalation.acknowledged_by_id == moderator.pk:
            return escalation
        escalation.status = Escalation.Status.ACKNOWLEDGED
        escalation.acknowledged_by = moderator
        escalation.acknowledged_at = now or timezone.now()
        escalation.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "updated_at"])
        audit_log_record(
            actor=moderator,
            action="escalation.acknowledge",
            target_type="escalation",
            target_id=escalation.pk,
            target_user=escalation.member,
        )
        moderators_update(escalation, reason="acknowledged")
        _tell_member_card(escalation)
    return escalation


def _participant_add(conversation: Any, moderator: User) -> None:
    try:
        participant_add = getattr(
            importlib.import_module("peercircle.conversations.services"), "participant_add", None
        )
    except ImportError:
        participant_add = None
    if participant_add is not None:
        participant_add(conversation=conversation, user=moderator, role="moderator")
        return
    from peercircle.conversations.models import Participant

    # Fallback while the conversations app has no service for it: the labelled notice is then missing.
    Participant.objects.update_or_create(
        conversation=conversation,
        user=moderator,
        defaults={"role": Participant.Role.MODERATOR, "left_at": None},
    )


def escalation_join(*, escalation_id: int, moderator: User) -> Escalation:
    """Join the member's conversation as a labelled moderator (acknowledging first if nobody has)."""
    escalation = escalation_acknowledge(escalation_id=escalation_id, moderator=moderator)
    if escalation.conversation_id is None:
        raise ApplicationError(_("This was not raised in a conversation."), code="no_conversation")
    from peercircle.conversations.models import Conversation

    with transaction.atomic():
        escalation = _locked_escalation(moderator, escalation_id)
        conversation = Conversation.objects.get(pk=int(escalation.conversation_id or 0))
        _participant_add(conversation, moderator)
        if escalation.joined_at is None:
            escalation.joined_at = timezone.now()
            escalation.save(update_fields=["joined_at", "updated_at"])
        audit_log_record(
            actor=moderator,
            action="escalation.join",
            target_type="conversation",
            target_id=conversation.pk,
            target_user=escalation.member,
            details={"escalation_id": escalation.pk},
        )
        moderators_update(escalation, reason="joined")
    return escalation


def escalation_note_add(*, escalation_id: int, moderator: User, text: str) -> Escalation:
    """Add a moderator note (encrypted at rest; the audit row records that a note was added, not its text)."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError(
            _("Write a note first."), code="validation_error", fields={"text": ["required"]}
        )
    if len(text) > NOTE_MAX:
        raise ApplicationError(
            _("The note is too long."), code="validation_error", fields={"text": ["too long"]}
        )
    with transaction.atomic():
        escalation = _locked_escalation(moderator, escalation_id)
        stamp = timezone.now().strftime("%Y-%m-%d %H:%M UTC")
        notes = f"{escalation.notes}\n\n[{stamp} {moderator.handle}] {text}".strip()
        if len(notes) > NOTES_TOTAL_MAX:
            raise ApplicationError(_("This escalation has too many notes."), code="notes_full")
        escalation.notes = notes
        escalation.save(update_fields=["notes", "updated_at"])
        audit_log_record(
            actor=moderator,
            action="escalation.note",
            target_type="escalation",
            target_id=escalation.pk,
            target_user=escalation.member,
            details={"length": len(text)},
        )
    return escalation


def escalation_close(*, escalation_id: int, moderator: User, outcome: str, note: str = "") -> Escalation:
    """Close with an outcome (stored to measure precision in production)."""
    if outcome not in Escalation.Outcome.values:
        raise ApplicationError(
            _("Choose an outcome."), code="validation_error", fields={"outcome": [outcome]}
        )
    if note:
        escalation_note_add(escalation_id=escalation_id, moderator=moderator, text=note)
    with transaction.atomic():
        escalation = _locked_escalation(moderator, escalation_id)
        if escalation.status == Escalation.Status.CLOSED:
            raise Conflict(_("This escalation is already closed."), code="closed")
        now = timezone.now()
        escalation.status = Escalation.Status.CLOSED
        escalation.outcome = outcome
        escalation.closed_by = moderator
        escalation.closed_at = now
        fields = ["status", "outcome", "closed_by", "closed_at", "updated_at"]
        if escalation.acknowledged_at is None:
            escalation.acknowledged_by, escalation.acknowledged_at = moderator, now
            fields += ["acknowledged_by", "acknowledged_at"]
        escalation.save(update_fields=fields)
        audit_log_record(
            actor=moderator,
            action="escalation.close",
            target_type="escalation",
            target_id=escalation.pk,
            target_user=escalation.member,
            details={"outcome": outcome, "level": escalation.level},
        )
        moderators_update(escalation, reason="closed")
        event = {
            "type": "crisis.closed",
            "escalation_id": escalation.pk,
            "conversation_id": escalation.conversation_id,
        }
        send_event_on_commit(user_group(escalation.member_id), event)
    return escalation


def _staff_to_alert() -> list[User]:
    names = [ROLE_GROUPS[Role.MODERATOR], ROLE_GROUPS[Role.ADMIN]]
    return list(
        User.objects.filter(Q(groups__name__in=names) | Q(is_superuser=True), is_active=True).distinct()
    )


def escalations_realert_due(*, now: datetime | None = None) -> list[Escalation]:
    """Re-alert every moderator and admin about urgent escalations nobody acknowledged in time, and again
    each further timeout while they wait. Returns the escalations re-alerted."""
    now = now or timezone.now()
    cutoff = now - ack_timeout()
    realerted: list[Escalation] = []
    with transaction.atomic():
        due = (
            Escalation.objects.select_for_update(skip_locked=True)
            .filter(
                status=Escalation.Status.OPEN, level=Escalation.Level.URGENT, acknowledged_at__isnull=True
            )
            .filter(Q(last_alerted_at__lte=cutoff) | Q(last_alerted_at__isnull=True, alerted_at__lte=cutoff))
            .select_related("member")
        )
        staff = None
        for escalation in due:
            staff = staff if staff is not None else _staff_to_alert()
            escalation.realert_count += 1
            escalation.last_alerted_at = now
            escalation.save(update_fields=["realert_count", "last_alerted_at", "updated_at"])
            minutes = int((now - escalation.alerted_at).total_seconds() // 60)
            url = reverse("safety:escalation_detail", args=[escalation.pk])
            for person in staff:
                notification_send(
                    user=person,
                    kind="moderator_alert",
                    title=_("Urgent: a member has waited %(minutes)d minutes for a moderator")
                    % {"minutes": minutes},
                    body=_("Nobody has acknowledged this crisis alert yet. Please open it now."),
                    url=url,
                )
            audit_log_record(
                actor=None,
                action="escalation.realert",
                target_type="escalation",
                target_id=escalation.pk,
                target_user=escalation.member,
                details={"realert_count": escalation.realert_count, "recipients": len(staff)},
            )
            moderators_notify(escalation, reason="realert")
            realerted.append(escalation)
    return realerted


def escalation_followups_send(*, now: datetime | None = None) -> int:
    """Send the scheduled check-in to members whose follow-up is due. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = (
            Escalation.objects.select_for_update(skip_locked=True)
            .filter(followup_due_at__lte=now, followup_sent_at__isnull=True)
            .select_related("member")
        )
        for escalation in due:
            escalation.followup_sent_at = now
            escalation.save(update_fields=["followup_sent_at", "updated_at"])
            if escalation.member.is_active:
                notification_send(
                    user=escalation.member,
                    kind="account",
                    title=_("Checking in on you"),
                    body=_(
                        "Yesterday things felt really hard. How are you doing today? Your safety plan and "
                        "crisis lines are always one tap away, and you can talk to your peer or a moderator."
                    ),
                    url=reverse("safety:plan"),
                )
                sent += 1
            audit_log_record(
                actor=None,
                action="escalation.followup",
                target_type="escalation",
                target_id=escalation.pk,
                target_user=escalation.member,
            )
    return sent


# --- actions on members and content -------------------------------------------------------------------

REMOVERS: dict[str, tuple[str, str, str]] = {
    # target type: (service module, service name, "app_label.Model")
    "message": ("peercircle.conversations.services", "message_remove", "conversations.Message"),
    "story": ("peercircle.stories.services", "story_remove", "stories.Story"),
    "comment": ("peercircle.stories.services", "comment_remove", "stories.Comment"),
    "question": ("peercircle.stories.services", "question_remove", "stories.Question"),
    "answer": ("peercircle.stories.services", "answer_remove", "stories.Answer"),
    "thank_you": ("peercircle.stories.services", "thank_you_remove", "stories.ThankYou"),
    "goal_checkin": ("peercircle.goals.services", "goal_checkin_remove", "goals.GoalCheckIn"),
    "encouragement": ("peercircle.goals.services", "encouragement_remove", "goals.Encouragement"),
    "worksheet": ("peercircle.goals.services", "worksheet_remove", "goals.Worksheet"),
    "worksheet_suggestion": ("peercircle.goals.services", "worksheet_suggestion_remove", "goals.Worksheet"),
}


def _goals_hide(target_type: str, obj: Any, author: User | None) -> None:
    """Until goals offers removal services, hide goals content from its other reader the way goals already
    holds urgent text, keeping the writer's own copy (goals are private records, not public posts)."""
    if target_type == "goal_checkin":
        obj.is_shared = False  # partners no longer see it
        obj.save(update_fields=["is_shared", "updated_at"])
    elif target_type == "encouragement":
        obj.risk_level = "urgent"  # goals shows an urgent note to its sender only
        obj.save(update_fields=["risk_level", "updated_at"])
    elif target_type == "worksheet":
        obj.shared_with = None
        obj.save(update_fields=["shared_with", "updated_at"])
    else:
        if author is None:
            obj.suggestions = obj.suggestions[:-1]
        else:
            obj.suggestions = [s for s in obj.suggestions if s.get("by") != author.handle]
        obj.save(update_fields=["suggestions", "updated_at"])


def content_remove(
    *, moderator: User, target_type: str, target_id: int | str, reason: str, author: User | None = None
) -> None:
    """Hide a piece of content: the owning app's service when it has one, else a generic flag (goals
    content: see `_goals_hide`). `author` says whose worksheet suggestions to take down."""
    from django.apps import apps

    if target_type not in REMOVERS:
        raise ApplicationError(_("Only content can be removed."), code="invalid_target")
    module_name, service_name, model_label = REMOVERS[target_type]
    try:
        service = getattr(importlib.import_module(module_name), service_name, None)
    except ImportError:
        service = None
    if service is not None:
        service(moderator=moderator, content_id=int(target_id), reason=reason)
        return
    model = apps.get_model(model_label)
    obj = model.objects.filter(pk=target_id).first()
    if obj is None:
        raise NotFound()
    field_names = {f.name for f in model._meta.get_fields()}
    if model_label.startswith("goals."):
        _goals_hide(target_type, obj, author)
    elif "is_removed" in field_names:
        obj.is_removed = True
        obj.save(update_fields=["is_removed"])
    elif "status" in field_names and "removed" in [
        c[0] for c in model._meta.get_field("status").choices or []
    ]:
        obj.status = "removed"
        obj.save(update_fields=["status"])
    else:
        raise ApplicationError(_("This kind of content cannot be removed yet."), code="not_supported")


def _member_notice(action: str, reason: str, until: datetime | None) -> tuple[str, str]:
    titles = {
        "warn": _("A warning from the PeerCircle moderators"),
        "remove": _("A moderator removed something you wrote"),
        "mute": _("You are muted for a while"),
        "suspend": _("Your account is suspended for a while"),
        "ban": _("Your account has been closed by the moderators"),
    }
    body = _("Reason: %(reason)s") % {"reason": reason}
    if until is not None:
        body += " " + _("Until %(until)s UTC.") % {"until": until.strftime("%Y-%m-%d %H:%M")}
    return str(titles[action]), body


def moderation_act(
    *,
    moderator: User,
    action: str,
    reason: str,
    report_id: int | None = None,
    escalation_id: int | None = None,
    duration_hours: float | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Apply one moderator action to a report or an escalation, with a reason, audited in the same
    transaction. Member-facing actions notify the member with the reason (kind "account")."""
    if action not in ACTIONS:
        raise ApplicationError(_("Unknown action."), code="validation_error", fields={"action": [action]})
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give a reason."), code="validation_error", fields={"reason": ["required"]})
    if len(reason) > REASON_MAX:
        raise ApplicationError(
            _("The reason is too long."), code="validation_error", fields={"reason": ["too long"]}
        )
    if (report_id is None) == (escalation_id is None):
        raise ApplicationError(_("Act on one report or one escalation."), code="invalid_target")
    if duration_hours is not None and not 0 < duration_hours <= DURATION_HOURS_MAX:
        raise ApplicationError(_("Choose a period up to a year."), code="validation_error")
    require_moderator(moderator)
    now = now or timezone.now()
    with transaction.atomic():
        report: Report | None = None
        escalation: Escalation | None = None
        if report_id is not None:
            report = (
                Report.objects.select_for_update(of=("self",))
                .select_related("reported_user")
                .filter(pk=report_id)
                .first()
            )
            if report is None:
                raise NotFound()
            target_user = report.reported_user
            content_type, content_id = report.target_type, report.target_id
        else:
            escalation = _locked_escalation(moderator, int(escalation_id or 0))
            target_user = escalation.member
            content_type, content_id = escalation.content_type, str(escalation.content_id)
        if action == "dismiss":
            if report is None:
                raise ApplicationError(
                    _("Close an escalation with an outcome instead."), code="invalid_action"
                )
        elif target_user is None:
            raise ApplicationError(_("That member no longer exists."), code="invalid_target")
        elif target_user.pk == moderator.pk:
            raise PermissionDenied(_("You cannot act on your own account."))
        elif target_user.is_moderator and not moderator.is_admin_role:
            raise PermissionDenied(_("Only an admin can act on a moderator's account."))

        until: datetime | None = None
        if action == "remove":
            content_remove(
                moderator=moderator,
                target_type=content_type,
                target_id=content_id,
                reason=reason,
                author=target_user,
            )
        elif action == "mute":
            assert target_user is not None
            until = now + timedelta(hours=duration_hours or MUTE_HOURS_DEFAULT)
            target_user.muted_until = until
            target_user.save(update_fields=["muted_until"])
        elif action == "suspend":
            assert target_user is not None
            until = now + timedelta(hours=duration_hours or SUSPEND_HOURS_DEFAULT)
            target_user.suspended_until = until
            target_user.save(update_fields=["suspended_until"])
        elif action == "ban":
            assert target_user is not None
            target_user.is_active = False
            target_user.save(update_fields=["is_active"])

        if report is not None:
            report.status = Report.Status.DISMISSED if action == "dismiss" else Report.Status.ACTIONED
            report.resolved_by = moderator
            report.resolved_at = now
            report.resolution = action
            report.resolution_reason = reason
            report.save(
                update_fields=[
                    "status",
                    "resolved_by",
                    "resolved_at",
                    "resolution",
                    "resolution_reason",
                    "updated_at",
                ]
            )
        audit_log_record(
            actor=moderator,
            action=f"moderation.{action}",
            target_type="report" if report is not None else "escalation",
            target_id=report.pk if report is not None else escalation.pk,  # type: ignore[union-attr]
            target_user=target_user,
            reason=reason,
            details={
                "content_type": content_type,
                "content_id": content_id,
                "until": until.isoformat() if until else None,
            },
        )
        if action != "dismiss" and target_user is not None:
            title, body = _member_notice(action, reason, until)
            notification_send(user=target_user, kind="account", title=title, body=body)
        if escalation is not None:
            moderators_update(escalation, reason=f"action.{action}")
    return {"action": action, "until": until}


def report_target_check(*, reporter: User, target_type: str, target_id: int) -> None:
    """Raise NotFound unless `reporter` can see the target (used by the report page before the form)."""
    report_target_resolve(viewer=reporter, target_type=target_type, target_id=target_id)
