"""Writes for goals: set, change, share, check in, encourage, remind, and worksheets."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.models import User
from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.goals.constants import (
    ENCOURAGEMENT_MAX,
    ENCOURAGEMENT_TEXT,
    FIRST_STEP_MAX,
    NOTE_MAX,
    OPTION_TEXT_MAX,
    OPTIONS_MAX,
    PARTNERS_MAX,
    PROBLEM_MAX,
    PROS_CONS_MAX,
    REVIEW_MAX,
    SUGGESTIONS_MAX,
    TITLE_MAX,
    WHY_MAX,
    Progress,
    Rhythm,
    Status,
)
from peercircle.goals.models import Encouragement, Goal, GoalCheckIn, GoalRevision, GoalShare, Worksheet
from peercircle.goals.selectors import blocked_ids_for, goals_due_reminder, peer_ids_for
from peercircle.notifications.services import notification_send

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = ("title", "why", "first_step", "rhythm", "end_date")


def _clean_text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ApplicationError(_("This field is required."), fields={field: [_("This field is required.")]})
    if len(text) > max_length:
        message = _("Keep this to %(max)d characters or fewer.") % {"max": max_length}
        raise ApplicationError(message, fields={field: [message]})
    return text


def _clean_goal_data(data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    limits = {"title": TITLE_MAX, "why": WHY_MAX, "first_step": FIRST_STEP_MAX}
    for field, limit in limits.items():
        if field in data:
            cleaned[field] = _clean_text(
                data[field] or "", field=field, max_length=limit, required=field == "title"
            )
    if "rhythm" in data:
        if data["rhythm"] not in Rhythm.values:
            message = _("Choose daily, weekly or every two weeks.")
            raise ApplicationError(message, fields={"rhythm": [message]})
        cleaned["rhythm"] = data["rhythm"]
    if "end_date" in data:
        end_date = data["end_date"]
        if end_date is not None and end_date < timezone.localdate():
            message = _("The end date cannot be in the past.")
            raise ApplicationError(message, fields={"end_date": [message]})
        cleaned["end_date"] = end_date
    return cleaned


def _check_partners(owner: User, partner_ids: list[int]) -> list[int]:
    unique_ids = list(dict.fromkeys(partner_ids))
    if len(unique_ids) > PARTNERS_MAX:
        message = _("Share with at most %(max)d peers.") % {"max": PARTNERS_MAX}
        raise ApplicationError(message, fields={"partner_ids": [message]})
    allowed = peer_ids_for(owner)
    if any(partner_id not in allowed for partner_id in unique_ids):
        message = _("You can only share with people you are in a conversation with.")
        raise ApplicationError(message, fields={"partner_ids": [message]})
    return unique_ids


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _partners_in_touch(goal: Goal) -> list[User]:
    """Partners who should hear about the goal: not anyone blocked either way since it was shared."""
    return list(goal.partners.exclude(pk__in=blocked_ids_for(goal.owner)))


def _notify_partners_shared(goal: Goal, partner_ids: list[int]) -> None:
    url = reverse("goals:detail", args=[goal.pk])
    for partner in User.objects.filter(pk__in=partner_ids):
        notification_send(
            user=partner,
            kind="encouragement",
            title=_("%(handle)s shared a goal with you") % {"handle": goal.owner.handle},
            body=goal.title,
            url=url,
        )


@transaction.atomic
def goal_create(
    *,
    owner: User,
    title: str,
    why: str = "",
    first_step: str = "",
    rhythm: str = Rhythm.WEEKLY,
    end_date: dt.date | None = None,
    partner_ids: list[int] | None = None,
) -> Goal:
    """Set a goal, optionally shared with peers as accountability partners."""
    data = _clean_goal_data(
        {"title": title, "why": why, "first_step": first_step, "rhythm": rhythm, "end_date": end_date}
    )
    partners = _check_partners(owner, partner_ids or [])
    goal = Goal.objects.create(owner=owner, **data)
    GoalShare.objects.bulk_create([GoalShare(goal=goal, partner_id=pk) for pk in partners])
    GoalRevision.objects.create(
        goal=goal, editor=owner, action="created", changes={k: [None, _jsonable(v)] for k, v in data.items()}
    )
    _notify_partners_shared(goal, partners)
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, editor: User, data: dict[str, Any]) -> Goal:
    """Change a goal's wording, rhythm or end date; the previous values are kept as a revision."""
    # Only changed fields are checked, so a goal whose end date has passed can still be reworded.
    cleaned = _clean_goal_data(
        {k: v for k, v in data.items() if k in EDITABLE_FIELDS and getattr(goal, k) != v}
    )
    changes = {
        field: [_jsonable(getattr(goal, field)), _jsonable(value)]
        for field, value in cleaned.items()
        if getattr(goal, field) != value
    }
    if not changes:
        return goal
    for field in changes:
        setattr(goal, field, cleaned[field])
    goal.save(update_fields=[*changes, "updated_at"])
    GoalRevision.objects.create(goal=goal, editor=editor, action="changed", changes=changes)
    return goal


@transaction.atomic
def goal_share_set(*, goal: Goal, partner_ids: list[int]) -> Goal:
    """Make exactly these peers the goal's accountability partners."""
    partners = _check_partners(goal.owner, partner_ids)
    current = set(goal.shares.values_list("partner_id", flat=True))
    goal.shares.exclude(partner_id__in=partners).delete()
    added = [pk for pk in partners if pk not in current]
    GoalShare.objects.bulk_create([GoalShare(goal=goal, partner_id=pk) for pk in added])
    if added or current - set(partners):
        GoalRevision.objects.create(
            goal=goal,
            editor=goal.owner,
            action="shared",
            changes={"partners": [sorted(current), sorted(partners)]},
        )
    _notify_partners_shared(goal, added)
    return goal


def _set_status(goal: Goal, *, status: str, action: str) -> Goal:
    if goal.status == status:
        return goal
    now = timezone.now()
    before = goal.status
    goal.status = status
    fields = ["status", "updated_at"]
    if status == Status.COMPLETED:
        goal.completed_at = now
        fields.append("completed_at")
    elif status == Status.ARCHIVED:
        goal.archived_at = now
        fields.append("archived_at")
    goal.save(update_fields=fields)
    GoalRevision.objects.create(
        goal=goal, editor=goal.owner, action=action, changes={"status": [before, status]}
    )
    return goal


@transaction.atomic
def goal_complete(*, goal: Goal) -> Goal:
    """Mark a goal done (reminders stop); partners hear the good news."""
    was_active = goal.is_active
    _set_status(goal, status=Status.COMPLETED, action="completed")
    if was_active:
        for partner in _partners_in_touch(goal):
            notification_send(
                user=partner,
                kind="encouragement",
                title=_("%(handle)s completed a goal") % {"handle": goal.owner.handle},
                body=goal.title,
                url=reverse("goals:detail", args=[goal.pk]),
            )
    return goal


@transaction.atomic
def goal_archive(*, goal: Goal) -> Goal:
    """Put a goal away without judgement; partners no longer see it in their list."""
    return _set_status(goal, status=Status.ARCHIVED, action="archived")


@transaction.atomic
def goal_reopen(*, goal: Goal) -> Goal:
    """Bring a completed or archived goal back to active."""
    return _set_status(goal, status=Status.ACTIVE, action="reopened")


def _screen(text: str) -> str:
    """The crisis screen's level for text a peer will read ("none" when screening is unavailable)."""
    if not text.strip():
        return "none"
    try:
        from peercircle.safety.screening import screen_deep
    except ImportError:
        return "none"
    # Goal text is not real-time: the full stack (lexicon + model) screens it before a partner reads it.
    return screen_deep(text).level


def _crisis_path(*, user: User, content_type: str, content_id: int, text: str) -> None:
    """Hand flagged text to the safety app's crisis path (a card for the writer, a moderator alert).

    Safety owns which content types it accepts; until it accepts goal content this logs and returns, and
    the writer still sees support on the page while urgent text is kept from partners.
    """
    try:
        from peercircle.safety.crisis import crisis_handle_content
        from peercircle.safety.models import CONTENT_TYPES
        from peercircle.safety.screening import screen_deep
    except ImportError:
        logger.warning("%s %s flagged; no crisis handler installed", content_type, content_id)
        return
    if content_type not in CONTENT_TYPES:
        logger.warning(
            "%s %s flagged; the crisis path does not take %s yet", content_type, content_id, content_type
        )
        return
    try:
        with transaction.atomic():
            crisis_handle_content(
                user=user,
                content_type=content_type,
                content_id=content_id,
                result=screen_deep(text),
                text=text,
            )
    except Exception:
        # The words are already stored and held from partners; a failing hand-off must not lose them.
        logger.exception("crisis handler failed for %s %s", content_type, content_id)


@transaction.atomic
def goal_checkin_create(
    *, goal: Goal, user: User, progress: str, mood: int, note: str = "", is_shared: bool = True
) -> GoalCheckIn:
    """Record a check-in on the member's own active goal and tell partners about shared ones."""
    if goal.owner_id != user.pk:
        raise NotFound()
    if not goal.is_active:
        raise ApplicationError(_("Reopen this goal to check in on it."), code="goal_not_active")
    if progress not in Progress.values:
        message = _("Choose how it went.")
        raise ApplicationError(message, fields={"progress": [message]})
    if isinstance(mood, bool) or not isinstance(mood, int) or not 1 <= mood <= 5:
        message = _("Choose your mood from 1 to 5.")
        raise ApplicationError(message, fields={"mood": [message]})
    note = _clean_text(note, field="note", max_length=NOTE_MAX)
    risk_level = _screen(note)
    checkin = GoalCheckIn.objects.create(
        goal=goal, progress=progress, mood=mood, note=note, is_shared=is_shared, risk_level=risk_level
    )
    Goal.objects.filter(pk=goal.pk).update(reminders_since_checkin=0)
    goal.reminders_since_checkin = 0
    if risk_level != "none":
        _crisis_path(user=user, content_type="goal_checkin", content_id=checkin.pk, text=note)
    # An urgent note is kept from partners (the writer sees support instead), as stories hold urgent posts.
    if is_shared and risk_level != "urgent":
        for partner in _partners_in_touch(goal):
            notification_send(
                user=partner,
                kind="encouragement",
                title=_("%(handle)s checked in on a goal") % {"handle": user.handle},
                body=goal.title,
                url=reverse("goals:detail", args=[goal.pk]),
            )
    return checkin


@transaction.atomic
def goal_encourage(
    *, goal: Goal, sender: User, kind: str, note: str = "", checkin: GoalCheckIn | None = None
) -> Encouragement:
    """A partner cheers the owner on; the owner gets an "encouragement" notification."""
    if not goal.shares.filter(partner=sender).exists() or goal.owner_id in blocked_ids_for(sender):
        raise NotFound()
    if kind not in ENCOURAGEMENT_TEXT:
        message = _("Choose a message.")
        raise ApplicationError(message, fields={"kind": [message]})
    if checkin is not None and (checkin.goal_id != goal.pk or not checkin.is_shared):
        raise NotFound()
    note = _clean_text(note, field="note", max_length=ENCOURAGEMENT_MAX)
    risk_level = _screen(note)
    encouragement = Encouragement.objects.create(
        goal=goal, sender=sender, kind=kind, note=note, checkin=checkin, risk_level=risk_level
    )
    if risk_level != "none":
        _crisis_path(user=sender, content_type="encouragement", content_id=encouragement.pk, text=note)
    notification_send(
        user=goal.owner,
        kind="encouragement",
        title=_("%(handle)s: %(message)s") % {"handle": sender.handle, "message": ENCOURAGEMENT_TEXT[kind]},
        body="" if risk_level == "urgent" else note,
        url=reverse("goals:detail", args=[goal.pk]),
    )
    return encouragement


def goal_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send a gentle in-app reminder for every goal that is due one; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for goal in goals_due_reminder(now=now):
        with transaction.atomic():
            # Claim the goal first so two overlapping runs never remind twice.
            claimed = Goal.objects.filter(pk=goal.pk, last_reminded_at=goal.last_reminded_at).update(
                last_reminded_at=now, reminders_since_checkin=F("reminders_since_checkin") + 1
            )
            if not claimed:
                continue
            notification_send(
                user=goal.owner,
                kind="reminder",
                title=_("A gentle nudge: how is “%(title)s” going?") % {"title": goal.title[:80]},
                body=_("Check in whenever you're ready. Any answer counts, even “not this time”."),
                url=reverse("goals:detail", args=[goal.pk]),
            )
            sent += 1
    return sent


# ---- worksheets -------------------------------------------------------------------------------


def _clean_options(options: list[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for index, option in enumerate(options):
        text = _clean_text(
            str(option.get("text", "")), field=f"options.{index}.text", max_length=OPTION_TEXT_MAX
        )
        pros = _clean_text(
            str(option.get("pros", "")), field=f"options.{index}.pros", max_length=PROS_CONS_MAX
        )
        cons = _clean_text(
            str(option.get("cons", "")), field=f"options.{index}.cons", max_length=PROS_CONS_MAX
        )
        if text:
            cleaned.append({"text": text, "pros": pros, "cons": cons})
    if len(cleaned) > OPTIONS_MAX:
        message = _("List at most %(max)d options.") % {"max": OPTIONS_MAX}
        raise ApplicationError(message, fields={"options": [message]})
    return cleaned


def _clean_worksheet(data: dict[str, Any], owner: User) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "problem" in data:
        cleaned["problem"] = _clean_text(
            data["problem"], field="problem", max_length=PROBLEM_MAX, required=True
        )
    if "options" in data:
        cleaned["options"] = _clean_options(list(data["options"] or []))
    if "first_step" in data:
        cleaned["first_step"] = _clean_text(
            data["first_step"] or "", field="first_step", max_length=FIRST_STEP_MAX
        )
    if "review" in data:
        cleaned["review"] = _clean_text(data["review"] or "", field="review", max_length=REVIEW_MAX)
    if "chosen" in data:
        cleaned["chosen"] = data["chosen"]
    if "shared_with_id" in data:
        shared_with_id = data["shared_with_id"]
        if shared_with_id is not None and shared_with_id not in peer_ids_for(owner):
            message = _("You can only share with people you are in a conversation with.")
            raise ApplicationError(message, fields={"shared_with_id": [message]})
        cleaned["shared_with_id"] = shared_with_id
    return cleaned


def _check_chosen(worksheet: Worksheet) -> None:
    if worksheet.chosen is not None and not 0 <= worksheet.chosen < len(worksheet.options):
        message = _("Choose one of the options you listed.")
        raise ApplicationError(message, fields={"chosen": [message]})


@transaction.atomic
def worksheet_create(*, owner: User, data: dict[str, Any]) -> Worksheet:
    """Start a problem-solving worksheet (the problem is required; the rest can come later)."""
    cleaned = _clean_worksheet({"problem": "", **data}, owner)
    worksheet = Worksheet(owner=owner, **cleaned)
    _check_chosen(worksheet)
    worksheet.risk_level = _screen(_worksheet_text(worksheet))
    worksheet.save()
    _after_worksheet_screen(worksheet)
    if worksheet.shared_with_id and worksheet.risk_level != "urgent":
        _notify_worksheet_shared(worksheet)
    return worksheet


@transaction.atomic
def worksheet_update(*, worksheet: Worksheet, data: dict[str, Any]) -> Worksheet:
    """Work further through a worksheet: any of its parts can be changed."""
    cleaned = _clean_worksheet(data, worksheet.owner)
    was_shared_with = worksheet.shared_with_id
    for field, value in cleaned.items():
        setattr(worksheet, field, value)
    _check_chosen(worksheet)
    was_flagged = worksheet.risk_level != "none"
    worksheet.risk_level = _screen(_worksheet_text(worksheet))
    worksheet.save(update_fields=[*cleaned, "risk_level", "updated_at"])
    if not was_flagged:
        _after_worksheet_screen(worksheet)
    is_newly_shared = worksheet.shared_with_id and worksheet.shared_with_id != was_shared_with
    if is_newly_shared and worksheet.risk_level != "urgent":
        _notify_worksheet_shared(worksheet)
    return worksheet


def _worksheet_text(worksheet: Worksheet) -> str:
    parts = [worksheet.problem, worksheet.first_step, worksheet.review]
    for option in worksheet.options:
        parts += [option.get("text", ""), option.get("pros", ""), option.get("cons", "")]
    return "\n".join(part for part in parts if part)


def _after_worksheet_screen(worksheet: Worksheet) -> None:
    if worksheet.risk_level != "none":
        _crisis_path(
            user=worksheet.owner,
            content_type="worksheet",
            content_id=worksheet.pk,
            text=_worksheet_text(worksheet),
        )


def _notify_worksheet_shared(worksheet: Worksheet) -> None:
    assert worksheet.shared_with is not None
    notification_send(
        user=worksheet.shared_with,
        kind="encouragement",
        title=_("%(handle)s shared a problem-solving worksheet with you")
        % {"handle": worksheet.owner.handle},
        url=reverse("goals:worksheet_detail", args=[worksheet.pk]),
    )


def worksheet_suggest(*, worksheet: Worksheet, user: User, text: str) -> Worksheet:
    """The peer a worksheet is shared with offers an idea; the owner decides whether to use it.

    Urgent text is held from the owner; the escalation it raises is committed before the writer is told.
    """
    updated, is_held = _worksheet_suggest_store(worksheet=worksheet, user=user, text=text)
    if is_held:
        raise ApplicationError(
            _("We didn't pass that on. If things feel heavy, help is here: %(url)s")
            % {"url": reverse("safety:help")},
            code="held",
        )
    return updated


@transaction.atomic
def _worksheet_suggest_store(*, worksheet: Worksheet, user: User, text: str) -> tuple[Worksheet, bool]:
    if worksheet.shared_with_id != user.pk or worksheet.owner_id in blocked_ids_for(user):
        raise NotFound()
    text = _clean_text(text, field="text", max_length=OPTION_TEXT_MAX, required=True)
    worksheet = Worksheet.objects.select_for_update().get(pk=worksheet.pk)
    if len(worksheet.suggestions) >= SUGGESTIONS_MAX:
        raise ApplicationError(_("This worksheet has plenty of ideas already."), code="too_many_suggestions")
    risk_level = _screen(text)
    if risk_level != "none":
        _crisis_path(user=user, content_type="worksheet_suggestion", content_id=worksheet.pk, text=text)
    if risk_level == "urgent":
        # Held like other urgent text: not passed to the owner; the writer is shown support by the caller.
        return worksheet, True
    worksheet.suggestions = [
        *worksheet.suggestions,
        {"text": text, "by": user.handle, "at": timezone.now().isoformat()},
    ]
    worksheet.save(update_fields=["suggestions", "updated_at"])
    notification_send(
        user=worksheet.owner,
        kind="encouragement",
        title=_("%(handle)s suggested an idea for your worksheet") % {"handle": user.handle},
        body=text,
        url=reverse("goals:worksheet_detail", args=[worksheet.pk]),
    )
    return worksheet, False


@transaction.atomic
def worksheet_make_goal(*, worksheet: Worksheet, rhythm: str = Rhythm.WEEKLY) -> Goal:
    """Turn the chosen option and first step into a goal, in one click (once per worksheet)."""
    if worksheet.goal_id:
        return Goal.objects.get(pk=worksheet.goal_id)
    if not worksheet.chosen_text:
        message = _("Choose one option first.")
        raise ApplicationError(message, fields={"chosen": [message]})
    partner_ids = [worksheet.shared_with_id] if worksheet.shared_with_id else []
    goal = goal_create(
        owner=worksheet.owner,
        title=worksheet.chosen_text[:TITLE_MAX],
        why=worksheet.problem[:WHY_MAX],
        first_step=worksheet.first_step,
        rhythm=rhythm,
        partner_ids=[pk for pk in partner_ids if pk in peer_ids_for(worksheet.owner)],
    )
    worksheet.goal = goal
    worksheet.save(update_fields=["goal", "updated_at"])
    return goal
