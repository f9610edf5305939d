"""Reads of the matching domain: who is available, their engine profiles, and a member's matches."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.constants import PeerSupporterStatus
from peercircle.accounts.models import Profile, User
from peercircle.core.exceptions import NotFound
from peercircle.matching.encoder import community_encoder
from peercircle.matching.engine import MatchProfile, Reason
from peercircle.matching.models import Match, MatchingSettings, MatchRequest, MatchSide, SituationEmbedding

INTENT_GIVE = "give"
PRIVATE_PROFILE_FIELDS = ("situation", "about_me", "peer_supporter_motivation")
EMPTY_PROFILE: dict[str, Any] = {
    "relation": "living_with",
    "interests": [],
    "availability": [],
    "capacity": 0,
}


def matching_settings() -> MatchingSettings:
    """The singleton settings row (created with the defaults on first use)."""
    return MatchingSettings.load()


def access_match_by_id(*, user: User, match_id: int) -> Match:
    """A match the user is part of; the same NotFound whether it is missing or someone else's."""
    match = (
        Match.objects.filter(pk=match_id, sides__user=user)
        .prefetch_related(Prefetch("sides", queryset=MatchSide.objects.select_related("user")))
        .first()
    )
    if match is None:
        raise NotFound()
    return match


def open_request_for(*, user: User) -> MatchRequest | None:
    """The member's open (waiting or proposed) request, if any."""
    return MatchRequest.objects.filter(member=user, status__in=MatchRequest.OPEN_STATUSES).first()


def _with_sides(queryset: QuerySet[Match]) -> QuerySet[Match]:
    return queryset.prefetch_related(Prefetch("sides", queryset=MatchSide.objects.select_related("user")))


def pending_match_for(*, user: User) -> Match | None:
    """The proposal waiting for this member's (or their peer's) answer."""
    return _with_sides(Match.objects.filter(status=Match.Status.PROPOSED, sides__user=user)).first()


def matches_for(*, user: User, statuses: Iterable[str] | None = None) -> list[Match]:
    """The member's matches, newest first, optionally only in some statuses."""
    queryset = Match.objects.filter(sides__user=user)
    if statuses is not None:
        queryset = queryset.filter(status__in=list(statuses))
    return list(_with_sides(queryset).order_by("-created_at", "-id"))


def active_matches_for(*, user: User) -> list[Match]:
    return matches_for(user=user, statuses=[Match.Status.ACTIVE])


def past_matches_for(*, user: User) -> list[Match]:
    """Matches that were active once and have ended: the member's past peers."""
    return [m for m in matches_for(user=user, statuses=[Match.Status.ENDED]) if m.activated_at]


def side_of(match: Match, user: User) -> MatchSide:
    return next(side for side in match.sides.all() if side.user_id == user.pk)


def peer_side_of(match: Match, user: User) -> MatchSide:
    return next(side for side in match.sides.all() if side.user_id != user.pk)


def render_reasons(match: Match) -> list[str]:
    """The engine's reasons in the current language. Built from shared facts only, never private text."""
    rendered = []
    for item in match.reasons:
        reason = Reason(
            str(item.get("msgid", "")), {k: str(v) for k, v in (item.get("params") or {}).items()}
        )
        rendered.append(reason.render(_))
    return rendered


def conversation_url(match: Match) -> str:
    """The conversation page of an active match ('' until one is open)."""
    if match.conversation_id is None:
        return ""
    return reverse("conversations:detail", kwargs={"pk": match.conversation_id})


# ----------------------------------------------------------------------------------------------------------
# Hard rules that live in the database, and engine profiles built from rows.


def active_load(*, user_ids: Iterable[int]) -> dict[int, int]:
    """Active matches plus pending proposals per person: what counts against a supporter's capacity."""
    rows = (
        MatchSide.objects.filter(user__in=list(user_ids))
        .filter(Q(match__status=Match.Status.ACTIVE) | Q(is_pending=True))
        .values("user")
        .annotate(n=Count("id"))
    )
    return {row["user"]: row["n"] for row in rows}


def is_approved_supporter(profile: Profile) -> bool:
    return profile.peer_supporter_status == PeerSupporterStatus.APPROVED


def never_match_map(*, user_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each person, everyone they must never meet: blocked or reported either way (as
    `safety.selectors.never_match_ids`, in bulk), or a past match that ended with a safety report."""
    from peercircle.safety.models import Block, Report

    ids = list(user_ids)
    result: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return result

    def link(a: int | None, b: int | None) -> None:
        if a is not None and b is not None and a != b:
            result[a].add(b)
            result[b].add(a)

    for blocker, blocked in Block.objects.filter(Q(blocker__in=ids) | Q(blocked__in=ids)).values_list(
        "blocker_id", "blocked_id"
    ):
        link(blocker, blocked)
    reports = Report.objects.filter(
        Q(reporter__in=ids) | Q(reported_user__in=ids), reporter__isnull=False, reported_user__isnull=False
    )
    for reporter, reported in reports.values_list("reporter_id", "reported_user_id"):
        link(reporter, reported)
    for pair_key in Match.objects.filter(ended_with_safety_report=True, sides__user__in=ids).values_list(
        "pair_key", flat=True
    ):
        a, b = (int(part) for part in pair_key.split(":"))
        link(a, b)
    return result


def past_peer_map(*, user_ids: Iterable[int]) -> dict[int, set[int]]:
    """Everyone each person has been proposed to before: automatic matching always introduces someone new
    (past peers are reached on purpose, with "reconnect")."""
    ids = list(user_ids)
    result: dict[int, set[int]] = defaultdict(set)
    for pair_key in Match.objects.filter(sides__user__in=ids).values_list("pair_key", flat=True).distinct():
        a, b = (int(part) for part in pair_key.split(":"))
        result[a].add(b)
        result[b].add(a)
    return result


def stored_vectors(*, user_ids: list[int]) -> dict[int, np.ndarray]:
    """Current-version situation vectors by user id (stale ones are left out until refreshed)."""
    rows = list(
        SituationEmbedding.objects.filter(
            user__in=user_ids, model_version=community_encoder().version
        ).values_list("user_id", "vector")
    )
    if not rows:
        return {}
    # One buffer for all rows: decoding them one by one costs more than the search itself.
    joined = b"".join(bytes(vector) for _id, vector in rows)
    matrix = np.frombuffer(joined, dtype="<f4").reshape(len(rows), -1)
    return {user_id: matrix[i] for i, (user_id, _vector) in enumerate(rows)}


_OFFSETS: dict[str, float] = {}


def _utc_offset_hours(time_zone: str, now: datetime) -> float:
    key = f"{time_zone}@{now:%Y-%m-%d}"
    if key not in _OFFSETS:
        try:
            offset = now.astimezone(zoneinfo.ZoneInfo(time_zone)).utcoffset()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            offset = None
        _OFFSETS[key] = offset.total_seconds() / 3600 if offset else 0.0
    return _OFFSETS[key]


@dataclass
class Candidate:
    """Who a person is in the pool: their user row, the intent they come with, and how long they waited."""

    user: User
    intent: str
    waited_seconds: float = 0.0
    request: MatchRequest | None = None
    extra_blocked: set[int] = field(default_factory=set)


def build_profiles(
    candidates: list[Candidate],
    *,
    exclude_past_peers: bool = True,
    include_blocks: bool = True,
    now: datetime | None = None,
) -> dict[int, MatchProfile]:
    """Engine profiles for these people, with every database-held hard rule folded in.

    Suspension, capacity (approved peer supporters: active matches plus a pending proposal against
    Profile.capacity), age bracket, languages and never-match pairs all reach the engine, which refuses
    the pair if either side's set names the other. Every never-match relation is symmetric, so when one
    query person is searched against a pool, the pool may skip its sets (`include_blocks=False`): the
    query's own set already names everyone on the other side of a block, report or past match.
    """
    now = now or timezone.now()
    if not candidates:
        return {}
    ids = [c.user.pk for c in candidates]
    # Plain values, never the private situation text: the stored vector is all matching needs.
    profiles = {
        row["user_id"]: row
        for row in Profile.objects.filter(user__in=ids).values(
            "user_id", "relation", "interests", "availability", "capacity", "peer_supporter_status"
        )
    }
    topics_of: dict[int, set[str]] = defaultdict(set)
    for user_id, slug in Profile.topics.through.objects.filter(profile__user__in=ids).values_list(
        "profile__user_id", "topic__slug"
    ):
        topics_of[user_id].add(slug)
    vectors = stored_vectors(user_ids=ids)
    supporters = {
        pk for pk, p in profiles.items() if p["peer_supporter_status"] == PeerSupporterStatus.APPROVED
    }
    load = active_load(user_ids=supporters)
    never = never_match_map(user_ids=ids) if include_blocks else {}
    past = past_peer_map(user_ids=ids) if include_blocks and exclude_past_peers else {}
    result: dict[int, MatchProfile] = {}
    for candidate in candidates:
        user = candidate.user
        profile = profiles.get(user.pk, EMPTY_PROFILE)
        topics = frozenset(topics_of.get(user.pk, ()))
        blocked = never.get(user.pk, set()) | past.get(user.pk, set()) | candidate.extra_blocked
        result[user.pk] = MatchProfile(
            id=str(user.pk),
            situation_vector=vectors.get(user.pk),
            topics=topics,
            languages=frozenset(code.lower() for code in (user.languages or [])),
            age_bracket="minor" if user.is_minor else "adult",
            relation=profile["relation"],  # type: ignore[arg-type]
            intent=candidate.intent,  # type: ignore[arg-type]
            interests=frozenset(profile["interests"] or ()),
            availability=frozenset(profile["availability"] or ()),
            timezone_offset_hours=_utc_offset_hours(user.time_zone, now),
            is_suspended=user.is_suspended,
            is_at_capacity=user.pk in supporters and load.get(user.pk, 0) >= profile["capacity"],
            waited_seconds=max(0.0, candidate.waited_seconds),
            blocked_ids=frozenset(str(other) for other in blocked),
        )
    return result


def available_candidates(*, now: datetime | None = None) -> list[Candidate]:
    """Everyone who can be offered now: members with a waiting request, and approved peer supporters
    (who offer support while under capacity) without a request. People holding a pending proposal are out.
    Suspension and capacity are left to the engine's hard rules, which see them on the profiles."""
    now = now or timezone.now()
    busy = set(MatchSide.objects.filter(is_pending=True).values_list("user_id", flat=True))
    candidates: dict[int, Candidate] = {}
    for request in MatchRequest.objects.filter(status=MatchRequest.Status.WAITING).select_related("member"):
        if request.member_id in busy:
            continue
        candidates[request.member_id] = Candidate(
            user=request.member,
            intent=request.intent,
            waited_seconds=(now - request.created_at).total_seconds(),
            request=request,
        )
    supporters = (
        Profile.objects.filter(peer_supporter_status=PeerSupporterStatus.APPROVED, user__is_active=True)
        .defer(*PRIVATE_PROFILE_FIELDS)
        .select_related("user")
    )
    for profile in supporters:
        if profile.user_id in busy or profile.user_id in candidates:
            continue
        candidates[profile.user_id] = Candidate(user=profile.user, intent=INTENT_GIVE)
    return list(candidates.values())


def supporter_capacity(*, user: User) -> dict[str, int] | None:
    """For an approved peer supporter: active matches against their chosen capacity."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None or not is_approved_supporter(profile):
        return None
    active = MatchSide.objects.filter(user=user, match__status=Match.Status.ACTIVE).count()
    return {"active": active, "capacity": profile.capacity}


def match_status(*, user: User) -> dict[str, Any]:
    """Everything the matching page and the status API show the member, in one read."""
    return {
        "request": open_request_for(user=user),
        "proposal": pending_match_for(user=user),
        "active": active_matches_for(user=user),
        "capacity": supporter_capacity(user=user),
    }


def match_summary(*, match: Match, user: User) -> dict[str, Any]:
    """What one member sees of a match: the peer's handle, the shared reasons, both answers, the link."""
    mine = side_of(match, user)
    peer = peer_side_of(match, user)
    return {
        "id": match.pk,
        "status": match.status,
        "origin": match.origin,
        "peer": {"id": peer.user_id, "handle": peer.user.handle},
        "reasons": render_reasons(match),
        "expires_at": match.expires_at if match.status == Match.Status.PROPOSED else None,
        "i_accepted": mine.accepted_at is not None,
        "peer_accepted": peer.accepted_at is not None,
        "activated_at": match.activated_at,
        "ended_at": match.ended_at,
        "my_feedback": mine.helpful,
        "conversation_id": match.conversation_id,
        "conversation_url": conversation_url(match),
        "match": match,
    }
