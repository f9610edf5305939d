"""Reads of the safety domain: blocks, crisis resources, escalations, safety plans and the moderator queue."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.core.exceptions import NotFound, PermissionDenied
from peercircle.safety import resources_data
from peercircle.safety.models import Block, CrisisResource, Escalation, Report, SafetyPlan

# --- blocks -------------------------------------------------------------------------------------------


def is_blocked_between(*, a: User, b: User) -> bool:
    """True when either person blocked the other."""
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def blocked_user_ids(*, user: User) -> set[int]:
    """Everyone this user blocked or was blocked by: their content is hidden both ways."""
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list("blocker_id", "blocked_id")
    return {other for pair in pairs for other in pair if other != user.pk}


def never_match_ids(*, user: User) -> set[int]:
    """Blocked either way, or reported either way: never matched again."""
    ids = blocked_user_ids(user=user)
    reported = Report.objects.filter(reporter=user, reported_user__isnull=False).values_list(
        "reported_user_id", flat=True
    )
    reporters = Report.objects.filter(reported_user=user, reporter__isnull=False).values_list(
        "reporter_id", flat=True
    )
    ids.update(i for i in reported if i is not None)
    ids.update(i for i in reporters if i is not None)
    return ids


def block_list(*, user: User) -> QuerySet[Block]:
    """The people this member blocked (not those who blocked them: that stays private), newest first."""
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")


# --- settings -----------------------------------------------------------------------------------------


def _setting(name: str, default: float) -> float:
    return float(settings.PEERCIRCLE.get(name, default))


def ack_timeout() -> timedelta:
    """How long an urgent escalation may wait unacknowledged before everyone is re-alerted."""
    return timedelta(minutes=_setting("ESCALATION_ACK_MINUTES", 5))


def cooldown() -> timedelta:
    """Within this window, new signals from the same member and conversation join one escalation."""
    return timedelta(minutes=_setting("ESCALATION_COOLDOWN_MINUTES", 30))


def followup_delay() -> timedelta:
    return timedelta(hours=_setting("ESCALATION_FOLLOWUP_HOURS", 24))


# --- crisis resources ---------------------------------------------------------------------------------


def _resource_dict(row: CrisisResource) -> dict[str, Any]:
    # The same shape as the directory file's services, so every template and client reads one format.
    return {
        "id": row.slug,
        "name": row.name,
        "phone": row.phone or None,
        "alt_phones": [],
        "text": {"number": row.text_number, "keyword": row.text_keyword or None} if row.text_number else None,
        "chat_url": row.chat_url or None,
        "website": row.website or None,
        "hours": row.hours or None,
        "languages": list(row.languages or []),
        "audience": row.audience or None,
        "for_young_people": row.for_young_people,
        "recommended": row.is_recommended,
        "last_verified": row.last_verified.isoformat() if row.last_verified else None,
        "verified": row.verified,
        "notes": row.notes,
    }


def _ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda s: (not s["recommended"], not s["verified"]))


def resources_for_country(code: str, *, is_minor: bool = False) -> list[dict[str, Any]]:
    """Crisis services for a country, the one to suggest first at the front (for `is_minor`, the country's
    confirmed service for young people when it has one). Pages use `resources_for_viewer`.

    Admin-edited rows in the database win; the directory file is the seed and the fallback (an empty
    table, or a database that cannot be read, still gives the member somewhere to turn).
    """
    key = (code or "").strip().upper()
    try:
        rows = list(
            CrisisResource.objects.filter(is_active=True, country__in=[key, resources_data.INTERNATIONAL])
        )
        has_rows = bool(rows) or CrisisResource.objects.exists()
    except Exception:  # the crisis card must render even when the database is in trouble
        return resources_data.resources_for_country(key, is_minor=is_minor)
    if not has_rows:
        return resources_data.resources_for_country(key, is_minor=is_minor)
    international = _ordered([_resource_dict(r) for r in rows if r.country == resources_data.INTERNATIONAL])
    local = _ordered(
        [_resource_dict(r) for r in rows if r.country == key and key != resources_data.INTERNATIONAL]
    )
    if not local:
        return international
    services = local if any(service["recommended"] for service in local) else international + local
    return resources_data.put_youth_service_first(services) if is_minor else services


def resources_for_viewer(
    *, viewer: AbstractBaseUser | AnonymousUser | None, country: str = ""
) -> list[dict[str, Any]]:
    """The crisis services to show this person, for `country` or else their own.

    Every place that shows resources to someone (crisis card, Get help now, safety plan, API) asks here,
    so a member under 18 is offered their country's service for young people first everywhere, and
    everyone else (adults, visitors who are not signed in) sees the country's usual list.
    """
    member = viewer if isinstance(viewer, User) and viewer.is_authenticated else None
    code = country or (str(member.country or "") if member else "")
    return resources_for_country(code, is_minor=member is not None and member.is_minor)


def emergency_number_for_country(code: str) -> str | None:
    try:
        return resources_data.emergency_number_for_country(code)
    except Exception:
        return None


# --- safety plans -------------------------------------------------------------------------------------


def safety_plan_get(*, user: User) -> SafetyPlan | None:
    """The member's own plan. There is deliberately no way to read anyone else's."""
    if not getattr(user, "is_authenticated", False):
        return None
    return SafetyPlan.objects.filter(user=user).first()


def safety_plan_suggestions(*, user: User) -> str:
    """Crisis lines for step 5, from the directory, one per line, to start the member off."""
    lines = []
    for service in resources_for_viewer(viewer=user)[:3]:
        ways = []
        if service["phone"]:
            ways.append(f"call {service['phone']}")
        if service["text"]:
            keyword = service["text"].get("keyword")
            number = service["text"]["number"]
            ways.append(f"text {keyword} to {number}" if keyword else f"text {number}")
        if service["chat_url"]:
            ways.append(service["chat_url"])
        elif service["website"] and not ways:
            ways.append(service["website"])
        hours = f" ({service['hours']})" if service["hours"] else ""
        lines.append(f"{service['name']}: {', '.join(ways)}{hours}")
    return "\n".join(lines)


# --- escalations: the member's side -------------------------------------------------------------------


def access_escalation_by_id(user: User, escalation_id: int) -> Escalation:
    """The member's own escalation; someone else's is NotFound, like a missing one."""
    escalation = Escalation.objects.filter(pk=escalation_id, member=user).first()
    if escalation is None:
        raise NotFound()
    return escalation


@dataclass
class CrisisCard:
    """What the crisis card (writer) or guidance (peer) shows. `role` is "member" or "peer"."""

    role: str
    escalation_id: int
    level: str
    conversation_id: int | None
    member_said_not_crisis: bool
    resources: list[dict[str, Any]] = field(default_factory=list)
    emergency_number: str | None = None
    is_moderator_on_it: bool = False

    @property
    def suggested(self) -> dict[str, Any] | None:
        return self.resources[0] if self.resources else None

    @property
    def more(self) -> list[dict[str, Any]]:
        return self.resources[1:]

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "escalation_id": self.escalation_id,
            "level": self.level,
            "conversation_id": self.conversation_id,
            "member_said_not_crisis": self.member_said_not_crisis,
            "suggested": self.suggested,
            "more": self.more,
            "emergency_number": self.emergency_number,
            "is_moderator_on_it": self.is_moderator_on_it,
            "safety_plan_url": "/safety/plan/",
            "help_url": "/safety/help/",
        }


def crisis_card_build(*, escalation: Escalation, role: str, viewer: User) -> CrisisCard:
    country = str(viewer.country or "")
    return CrisisCard(
        role=role,
        escalation_id=escalation.pk,
        level=escalation.level,
        conversation_id=escalation.conversation_id,
        member_said_not_crisis=escalation.member_said_not_crisis,
        resources=resources_for_viewer(viewer=viewer, country=country),
        emergency_number=emergency_number_for_country(country),
        is_moderator_on_it=escalation.acknowledged_at is not None,
    )


def crisis_card_for(*, user: User, conversation_id: int | None = None) -> CrisisCard | None:
    """The card to show `user` now: their own open escalation (the crisis card), or, in a conversation,
    guidance about a peer's open urgent escalation. None when there is nothing open."""
    if not getattr(user, "is_authenticated", False):
        return None
    own = Escalation.objects.filter(member=user).exclude(status=Escalation.Status.CLOSED)
    if conversation_id is not None:
        own = own.filter(conversation_id=conversation_id)
    mine = own.order_by("-created_at").first()
    if mine is not None:
        return crisis_card_build(escalation=mine, role="member", viewer=user)
    if conversation_id is None:
        return None
    from peercircle.conversations.models import Participant

    if not Participant.objects.filter(
        conversation_id=conversation_id, user=user, left_at__isnull=True, role=Participant.Role.MEMBER
    ).exists():
        return None
    peer = (
        Escalation.objects.filter(conversation_id=conversation_id, level=Escalation.Level.URGENT)
        .exclude(member=user)
        .exclude(status=Escalation.Status.CLOSED)
        .order_by("-created_at")
        .first()
    )
    if peer is None:
        return None
    return crisis_card_build(escalation=peer, role="peer", viewer=user)


# --- moderation ---------------------------------------------------------------------------------------


def require_moderator(user: User) -> None:
    """Members are refused moderator routes; nothing about the queue is revealed to them."""
    if not getattr(user, "is_authenticated", False) or not user.is_moderator:
        raise PermissionDenied("Only moderators can do this.")


def escalation_context(escalation: Escalation) -> list[dict[str, Any]]:
    """The few messages captured for moderators when the escalation was raised (never the whole history)."""
    if not escalation.context:
        return []
    try:
        data = json.loads(escalation.context)
    except ValueError:
        return []
    return data if isinstance(data, list) else []


def waiting_since(escalation: Escalation) -> datetime:
    return escalation.alerted_at or escalation.created_at


@dataclass
class QueueItem:
    kind: str  # "escalation" or "report"
    id: int
    level: str
    status: str
    waiting_since: datetime
    summary: str
    reasons: list[str] = field(default_factory=list)
    member_said_not_crisis: bool = False
    reporter_dismissed_count: int = 0
    target_type: str = ""
    category: str = ""

    @property
    def status_label(self) -> str:
        labels = dict(Escalation.Status.choices) if self.kind == "escalation" else dict(Report.Status.choices)
        return str(labels.get(self.status, self.status))

    def waiting_seconds(self, now: datetime | None = None) -> int:
        return max(0, int(((now or timezone.now()) - self.waiting_since).total_seconds()))


LEVEL_RANK = {"urgent": 0, "concern": 1, "report": 2}


def moderation_queue(*, moderator: User, now: datetime | None = None) -> list[QueueItem]:
    """Open escalations (urgent before concern, longest waiting first), then open reports (oldest first).

    Each report shows how many of the reporter's earlier reports were dismissed, so repeated bad-faith
    reporting is visible without hiding the report itself.
    """
    require_moderator(moderator)
    items: list[QueueItem] = []
    for esc in Escalation.objects.exclude(status=Escalation.Status.CLOSED).select_related("member"):
        items.append(
            QueueItem(
                kind="escalation",
                id=esc.pk,
                level=esc.level,
                status=esc.status,
                waiting_since=waiting_since(esc),
                summary=f"{esc.content_type} #{esc.content_id}",
                reasons=list(esc.reasons),
                member_said_not_crisis=esc.member_said_not_crisis,
                target_type=esc.content_type,
            )
        )
    reports = list(Report.objects.filter(status=Report.Status.OPEN).select_related("reporter"))
    dismissed = dict(
        Report.objects.filter(
            status=Report.Status.DISMISSED, reporter_id__in={r.reporter_id for r in reports if r.reporter_id}
        )
        .values("reporter_id")
        .annotate(n=Count("id"))
        .values_list("reporter_id", "n")
    )
    for report in reports:
        items.append(
            QueueItem(
                kind="report",
                id=report.pk,
                level="urgent" if report.is_safety_report else "report",
                status=report.status,
                waiting_since=report.created_at,
                summary=f"{report.target_type} #{report.target_id}",
                reporter_dismissed_count=dismissed.get(report.reporter_id, 0) if report.reporter_id else 0,
                target_type=report.target_type,
                category=report.category,
            )
        )
    items.sort(
        key=lambda item: (LEVEL_RANK.get(item.level, 3), item.kind != "escalation", item.waiting_since)
    )
    return items


def escalation_for_moderator(*, moderator: User, escalation_id: int) -> Escalation:
    require_moderator(moderator)
    escalation = (
        Escalation.objects.select_related("member", "acknowledged_by").filter(pk=escalation_id).first()
    )
    if escalation is None:
        raise NotFound()
    return escalation


def report_for_moderator(*, moderator: User, report_id: int) -> Report:
    require_moderator(moderator)
    report = Report.objects.select_related("reporter", "reported_user").filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    return report


def reporter_dismissed_count(*, reporter: User | None) -> int:
    if reporter is None:
        return 0
    return Report.objects.filter(reporter=reporter, status=Report.Status.DISMISSED).count()


def escalation_precision(*, since: datetime | None = None) -> dict[str, dict[str, float | int | None]]:
    """Production precision per level from moderators' outcomes: the share of closed escalations that were
    a real risk (true risk or handed to emergency services). Open ones and "other" are not counted."""
    queryset = Escalation.objects.filter(status=Escalation.Status.CLOSED)
    if since is not None:
        queryset = queryset.filter(created_at__gte=since)
    result: dict[str, dict[str, float | int | None]] = {}
    positive = {Escalation.Outcome.TRUE_RISK, Escalation.Outcome.EMERGENCY_SERVICES}
    for level in Escalation.Level.values:
        outcomes = list(queryset.filter(level=level).values_list("outcome", flat=True))
        judged = [o for o in outcomes if o in positive or o == Escalation.Outcome.FALSE_ALARM]
        true = sum(1 for o in judged if o in positive)
        result[level] = {
            "closed": len(outcomes),
            "judged": len(judged),
            "true": true,
            "false_alarm": len(judged) - true,
            "precision": round(true / len(judged), 3) if judged else None,
        }
    return result
