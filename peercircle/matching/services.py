"""Writes of the matching domain: embeddings, requests, proposals, the match lifecycle, batch pairing.

Races are closed in the database: a member holds at most one open request and at most one pending
proposal (conditional unique constraints), two people share at most one live match (`pair_key`), and a
proposal is created with both people's rows locked (`select_for_update`, in id order), re-checking every
hard rule and a supporter's capacity under the lock.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.constants import Intent
from peercircle.accounts.models import Profile, User
from peercircle.core.events import send_event_on_commit, user_group
from peercircle.core.exceptions import ApplicationError, Conflict, PermissionDenied
from peercircle.matching.encoder import community_encoder
from peercircle.matching.engine import (
    MatchProfile,
    SituationTextError,
    assign,
    clean_situation,
    explain_pair_parts,
    find_best,
    is_allowed,
    score_pair,
)
from peercircle.matching.engine.search import CandidatePool
from peercircle.matching.models import (
    HELPFUL_MAX,
    HELPFUL_MIN,
    Match,
    MatchingSettings,
    MatchRequest,
    MatchSide,
    SituationEmbedding,
)
from peercircle.matching.selectors import (
    Candidate,
    available_candidates,
    build_profiles,
    is_approved_supporter,
    peer_side_of,
    side_of,
)

logger = logging.getLogger(__name__)

CANDIDATES_TRIED = 5


# ----------------------------------------------------------------------------------------------------------
# Embeddings


def situation_embed(*, user: User) -> SituationEmbedding | None:
    """Embed the member's situation and topics with the community encoder and store the vector.

    An empty situation stores nothing (and removes an old vector): such a member is matched on the other
    signals only. Nothing leaves the server: the model runs in this process.
    """
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return None
    try:
        situation = clean_situation(profile.situation or "")
    except SituationTextError:
        SituationEmbedding.objects.filter(user=user).delete()
        return None
    encoder = community_encoder()
    topics = sorted(profile.topics.values_list("slug", flat=True))
    vector = encoder.encode_one(situation, topics)
    embedding, _created = SituationEmbedding.objects.update_or_create(
        user=user,
        defaults={
            "vector": SituationEmbedding.to_bytes(vector),
            "model_version": encoder.version,
            "computed_at": timezone.now(),
        },
    )
    return embedding


def situation_embedding_ensure(*, user: User) -> None:
    """Embed now if the stored vector is missing, stale (another encoder version) or older than the text."""
    encoder = community_encoder()
    embedding = SituationEmbedding.objects.filter(user=user).first()
    changed_at = Profile.objects.filter(user=user).values_list("situation_changed_at", flat=True).first()
    if (
        embedding is None
        or embedding.model_version != encoder.version
        or (changed_at is not None and changed_at > embedding.computed_at)
    ):
        situation_embed(user=user)


def embeddings_refresh(*, limit: int = 200, include_missing: bool = True) -> int:
    """Re-embed stale vectors (model or topic catalog changed) and never-embedded situations."""
    version = community_encoder().version
    stale = list(
        SituationEmbedding.objects.exclude(model_version=version)
        .select_related("user")
        .order_by("computed_at")[:limit]
    )
    missing = (
        list(
            User.objects.filter(is_active=True, situation_embedding__isnull=True)
            .exclude(profile__situation="")
            .exclude(profile__isnull=True)
            .order_by("pk")[: max(0, limit - len(stale))]
        )
        if include_missing
        else []
    )
    done = 0
    for user in [row.user for row in stale] + missing:
        if situation_embed(user=user) is not None:
            done += 1
    return done


# ----------------------------------------------------------------------------------------------------------
# Requests


def _validate_can_match(*, member: User) -> None:
    if member.is_suspended:
        raise PermissionDenied(
            _("Your account is paused, so you cannot be matched right now."), code="suspended"
        )
    profile = Profile.objects.filter(user=member).first()
    if profile is None:
        raise ApplicationError(_("Fill in your profile first."), code="no_profile")
    try:
        clean_situation(profile.situation or "")
    except SituationTextError:
        if (profile.situation or "").strip():
            message = _("Your situation is too long: please keep it under %(n)s characters.") % {
                "n": f"{len(profile.situation):,}"
            }
        else:
            message = _(
                "Describe your situation in your profile first, so we can find someone who understands."
            )
        raise ApplicationError(message, code="situation_invalid", fields={"situation": [message]}) from None
    if not member.languages:
        raise ApplicationError(_("Choose at least one language in your profile."), code="no_language")
    if is_approved_supporter(profile):
        active = MatchSide.objects.filter(
            Q(match__status=Match.Status.ACTIVE) | Q(is_pending=True), user=member
        ).count()
        if active >= profile.capacity:
            raise Conflict(
                _(
                    "You are already supporting as many peers as you chose (%(n)s). End a match or raise "
                    "your capacity to be matched again."
                )
                % {"n": profile.capacity},
                code="at_capacity",
            )


def match_request_create(*, member: User, intent: str | None = None, search: bool = True) -> MatchRequest:
    """Ask for support (or offer it), then search the available peers at once.

    If a good candidate is available both get a proposal now; otherwise the request waits in the pool for
    the batch matcher. Raises Conflict if the member already has an open request.
    """
    profile = Profile.objects.filter(user=member).first()
    intent = intent or (profile.intent if profile else Intent.GET)
    if intent not in Intent.values:
        raise ApplicationError(
            _("Choose whether you want support, to give it, or both."),
            code="validation_error",
            fields={"intent": [_("Unknown choice.")]},
        )
    _validate_can_match(member=member)
    if MatchRequest.objects.filter(member=member, status__in=MatchRequest.OPEN_STATUSES).exists():
        raise Conflict(
            _("You have already asked; we are looking for a peer for you."), code="already_requested"
        )
    if MatchSide.objects.filter(user=member, is_pending=True).exists():
        raise Conflict(_("Answer the proposal you have first."), code="proposal_pending")
    try:
        with transaction.atomic():
            request = MatchRequest.objects.create(member=member, intent=intent)
    except IntegrityError as exc:  # two clicks racing: the constraint lets exactly one through
        raise Conflict(
            _("You have already asked; we are looking for a peer for you."), code="already_requested"
        ) from exc
    situation_embedding_ensure(user=member)
    _send_update(member.pk, kind="request.waiting", request_id=request.pk)
    if search:
        match_search(request=request)
        request.refresh_from_db()
    return request


def match_request_cancel(*, member: User) -> MatchRequest:
    """Stop looking. A proposal waiting on this request is declined for the member."""
    request = MatchRequest.objects.filter(member=member, status__in=MatchRequest.OPEN_STATUSES).first()
    if request is None:
        raise Conflict(_("You are not looking for a peer right now."), code="no_open_request")
    pending = Match.objects.filter(status=Match.Status.PROPOSED, sides__request=request).first()
    if pending is not None:
        match_decline(match=pending, user=member)
    with transaction.atomic():
        request = MatchRequest.objects.select_for_update().get(pk=request.pk)
        if request.is_open:
            request.status = MatchRequest.Status.CANCELLED
            request.closed_at = timezone.now()
            request.save(update_fields=["status", "closed_at", "updated_at"])
        _send_update(member.pk, kind="request.cancelled", request_id=request.pk)
    return request


# ----------------------------------------------------------------------------------------------------------
# Proposals


class _Refused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _refusal_message(code: str) -> str:
    messages = {
        "self": _("You cannot be matched with yourself."),
        "suspended": _("This person cannot be matched right now."),
        "at_capacity": _("This person is supporting as many peers as they can right now. Try again later."),
        "age_bracket": _("This match is not possible."),
        "no_shared_language": _("You no longer share a language, so this match is not possible."),
        "blocked": _("This match is not possible."),
        "nobody_asked_for_support": _("One of you needs to be looking for support."),
        "busy": _("This person is considering another proposal right now. Try again in a little while."),
        "already_matched": _("You already have a live match with this person."),
    }
    return messages.get(code, _("This match is not possible."))


def _reasons_json(a: MatchProfile, b: MatchProfile) -> list[dict[str, Any]]:
    encoder = community_encoder()
    parts = explain_pair_parts(a, b, topic_name=encoder.topic_name, inferred_topic=encoder.inferred_topic)
    return [{"msgid": reason.msgid, "params": reason.params} for reason in parts]


def _propose(
    *,
    first: User,
    second: User,
    origin: str,
    score: float | None = None,
    accepted_by: User | None = None,
    exclude_past_peers: bool = True,
) -> Match:
    """Create a proposal between two people, re-checking every rule under row locks. Raises _Refused."""
    if first.pk == second.pk:
        raise _Refused("self")
    cfg = MatchingSettings.load()
    now = timezone.now()
    try:
        with transaction.atomic():
            # Lock both people in id order: proposals touching one person serialise and never deadlock.
            users = {
                u.pk: u
                for u in User.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
            }
            users = dict(sorted(users.items()))
            if len(users) != 2:
                raise _Refused("blocked")
            open_requests = {
                r.member_id: r
                for r in MatchRequest.objects.select_for_update().filter(
                    member__in=list(users), status__in=MatchRequest.OPEN_STATUSES
                )
            }
            if MatchSide.objects.filter(user__in=list(users), is_pending=True).exists():
                raise _Refused("busy")
            if Match.objects.filter(
                pair_key=Match.key_for(first.pk, second.pk), status__in=Match.LIVE_STATUSES
            ).exists():
                raise _Refused("already_matched")
            candidates = []
            for user in users.values():
                request = open_requests.get(user.pk)
                if request is not None and request.status != MatchRequest.Status.WAITING:
                    raise _Refused("busy")
                if request is not None:
                    intent = request.intent
                elif accepted_by is not None and user.pk == accepted_by.pk:
                    intent = Intent.GET  # asking to reconnect is asking for support
                else:
                    intent = "give"  # a peer supporter offered without a request, or a past peer asked again
                candidates.append(
                    Candidate(
                        user=user,
                        intent=intent,
                        waited_seconds=(now - request.created_at).total_seconds() if request else 0.0,
                        request=request,
                    )
                )
            profiles = build_profiles(candidates, exclude_past_peers=exclude_past_peers, now=now)
            a, b = (profiles[c.user.pk] for c in candidates)
            allowed, code = is_allowed(a, b)
            if not allowed:
                raise _Refused(code or "blocked")
            if score is None:
                score = score_pair(a, b, cfg.weights())
            match = Match.objects.create(
                origin=origin,
                pair_key=Match.key_for(first.pk, second.pk),
                score=float(score),
                reasons=_reasons_json(a, b),
                expires_at=now + timedelta(minutes=cfg.proposal_expiry_minutes),
            )
            MatchSide.objects.bulk_create(
                [
                    MatchSide(
                        match=match,
                        user=c.user,
                        request=c.request,
                        accepted_at=now if accepted_by is not None and c.user.pk == accepted_by.pk else None,
                    )
                    for c in candidates
                ]
            )
            for request in open_requests.values():
                request.status = MatchRequest.Status.PROPOSED
                request.save(update_fields=["status", "updated_at"])
            for c in candidates:
                if accepted_by is not None and c.user.pk == accepted_by.pk:
                    continue
                _notify(c.user, _("We found a peer for you. Have a look and say if you would like to talk."))
            for c in candidates:
                _send_update(c.user.pk, kind="match.proposed", match_id=match.pk)
    except IntegrityError as exc:  # someone else claimed one of them first: the constraints held
        raise _Refused("busy") from exc
    return match


def _notify(user: User, title: str) -> None:
    from peercircle.notifications.services import notification_send

    notification_send(user=user, kind="match_proposal", title=title, url=reverse("matching:index"))


def _send_update(user_id: int, *, kind: str, **data: Any) -> None:
    send_event_on_commit(user_group(user_id), {"type": "matching.update", "kind": kind, **data})


def match_search(*, request: MatchRequest) -> Match | None:
    """Look for a good peer for a waiting request now; propose the best one that can still be claimed."""
    cfg = MatchingSettings.load()
    weights = cfg.weights()
    now = timezone.now()
    member = request.member
    query = build_profiles(
        [
            Candidate(
                user=member,
                intent=request.intent,
                waited_seconds=(now - request.created_at).total_seconds(),
                request=request,
            )
        ],
        now=now,
    )[member.pk]
    others = [c for c in available_candidates(now=now) if c.user.pk != member.pk]
    pool = CandidatePool(build_profiles(others, include_blocks=False, now=now).values())
    users = {c.user.pk: c.user for c in others}
    for peer_id, score in find_best(
        query, pool, k=CANDIDATES_TRIED, weights=weights, min_score=cfg.min_quality
    ):
        try:
            return _propose(first=member, second=users[int(peer_id)], origin=Match.Origin.SEARCH, score=score)
        except _Refused as refused:
            logger.info("candidate refused at proposal time", extra={"code": refused.code})
    return None


def match_batch_run(*, now: datetime | None = None) -> list[Match]:
    """Pair the waiting pool one-to-one with the engine's maximum-weight assignment, waiting time raising
    priority (the admin's quality-vs-wait setting). Pairs that lost a race are skipped."""
    cfg = MatchingSettings.load()
    now = now or timezone.now()
    candidates = available_candidates(now=now)
    if not any(c.request is not None for c in candidates):
        return []
    profiles = build_profiles(candidates, now=now)
    users = {c.user.pk: c.user for c in candidates}
    pairs = assign(
        CandidatePool(profiles.values()),
        cfg.weights(),
        cfg.quality_vs_wait,
        min_quality=cfg.min_quality,
    )
    created = []
    for a_id, b_id in pairs:
        try:
            created.append(
                _propose(first=users[int(a_id)], second=users[int(b_id)], origin=Match.Origin.BATCH)
            )
        except _Refused as refused:
            logger.info("batch pair refused at proposal time", extra={"code": refused.code})
    return created


# ----------------------------------------------------------------------------------------------------------
# Answering a proposal


def _lock(match: Match) -> Match:
    return Match.objects.select_for_update().get(pk=match.pk)


def _expire_locked(match: Match, now: datetime) -> None:
    """A proposal ran out of time: whoever accepted goes back to waiting, whoever did not is out."""
    match.status = Match.Status.EXPIRED
    match.save(update_fields=["status", "updated_at"])
    for side in match.sides.select_related("request"):
        side.is_pending = False
        side.save(update_fields=["is_pending", "updated_at"])
        request = side.request
        if request is not None and request.status == MatchRequest.Status.PROPOSED:
            if side.accepted_at is not None:
                request.status = MatchRequest.Status.WAITING
                request.save(update_fields=["status", "updated_at"])
            else:
                request.status = MatchRequest.Status.EXPIRED
                request.closed_at = now
                request.save(update_fields=["status", "closed_at", "updated_at"])
        _send_update(side.user_id, kind="match.expired", match_id=match.pk)


def _check_open_proposal(match: Match, user: User) -> Match:
    """Lock the proposal; expire it if its time is up (committed), then explain why it cannot be answered."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(match)
        if locked.status == Match.Status.PROPOSED and locked.expires_at <= now:
            _expire_locked(locked, now)
    if locked.status == Match.Status.EXPIRED:
        raise Conflict(
            _("This proposal has expired. Ask again and we will look for a peer for you."), code="expired"
        )
    if locked.status != Match.Status.PROPOSED:
        raise Conflict(_("This proposal is no longer open."), code="not_open")
    return locked


def match_accept(*, match: Match, user: User) -> Match:
    """Accept a proposal. Once both have accepted the match is active and a private conversation opens."""
    _check_open_proposal(match, user)
    now = timezone.now()
    with transaction.atomic():
        match = _lock(match)
        if match.status != Match.Status.PROPOSED:
            raise Conflict(_("This proposal is no longer open."), code="not_open")
        mine = side_of(match, user)
        if mine.accepted_at is None:
            mine.accepted_at = now
            mine.save(update_fields=["accepted_at", "updated_at"])
        sides = list(match.sides.select_related("user", "request"))
        if all(side.accepted_at is not None for side in sides):
            _activate_locked(match, sides, now)
        for side in sides:
            _send_update(side.user_id, kind="match.accepted", match_id=match.pk, status=match.status)
    return match


def _activate_locked(match: Match, sides: list[MatchSide], now: datetime) -> None:
    from peercircle.conversations.services import conversation_create

    for side in sides:
        if side.user.is_suspended:
            raise Conflict(_("This match is not possible any more."), code="not_possible")
    conversation = conversation_create(participants=[side.user for side in sides])
    match.status = Match.Status.ACTIVE
    match.activated_at = now
    match.conversation_id = conversation.pk
    match.save(update_fields=["status", "activated_at", "conversation_id", "updated_at"])
    for side in sides:
        side.is_pending = False
        side.save(update_fields=["is_pending", "updated_at"])
        if side.request is not None and side.request.is_open:
            side.request.status = MatchRequest.Status.MATCHED
            side.request.matched_at = now
            side.request.closed_at = now
            side.request.save(update_fields=["status", "matched_at", "closed_at", "updated_at"])
    for side, peer in ((sides[0], sides[1]), (sides[1], sides[0])):
        _notify(
            side.user,
            _("You and %(peer)s both said yes. Your conversation is open.") % {"peer": peer.user.handle},
        )


def match_decline(*, match: Match, user: User, is_skip: bool = False) -> Match:
    """Decline a proposal. "Skip" keeps looking for someone else at once; "decline" stops looking.

    The peer goes back to waiting, and neither is proposed to the other again automatically.
    """
    _check_open_proposal(match, user)
    now = timezone.now()
    with transaction.atomic():
        match = _lock(match)
        if match.status != Match.Status.PROPOSED:
            raise Conflict(_("This proposal is no longer open."), code="not_open")
        match.status = Match.Status.DECLINED
        match.save(update_fields=["status", "updated_at"])
        requeued = []
        for side in match.sides.select_related("request"):
            side.is_pending = False
            fields = ["is_pending", "updated_at"]
            if side.user_id == user.pk:
                side.declined_at = now
                fields.append("declined_at")
            side.save(update_fields=fields)
            request = side.request
            if request is not None and request.status == MatchRequest.Status.PROPOSED:
                if side.user_id == user.pk and not is_skip:
                    request.status = MatchRequest.Status.CANCELLED
                    request.closed_at = now
                    request.save(update_fields=["status", "closed_at", "updated_at"])
                else:
                    request.status = MatchRequest.Status.WAITING
                    request.save(update_fields=["status", "updated_at"])
                    requeued.append(request.pk)
            _send_update(side.user_id, kind="match.declined", match_id=match.pk)
    for request in MatchRequest.objects.filter(pk__in=requeued, status=MatchRequest.Status.WAITING):
        match_search(request=request)
    return match


# ----------------------------------------------------------------------------------------------------------
# Active matches


def _clean_helpful(helpful: int | None) -> int | None:
    if helpful is None:
        return None
    if isinstance(helpful, bool) or not isinstance(helpful, int) or not HELPFUL_MIN <= helpful <= HELPFUL_MAX:
        message = _("Choose how helpful it was, from %(low)s to %(high)s.") % {
            "low": HELPFUL_MIN,
            "high": HELPFUL_MAX,
        }
        raise ApplicationError(message, code="validation_error", fields={"helpful": [message]})
    return helpful


def match_end(
    *, match: Match, user: User, helpful: int | None = None, is_safety_concern: bool = False
) -> Match:
    """End an active match, with optional private feedback (1-5). A safety concern, or a safety report
    between the two, means they are never matched again."""
    from peercircle.safety.models import Report

    helpful = _clean_helpful(helpful)
    now = timezone.now()
    with transaction.atomic():
        match = _lock(match)
        if match.status != Match.Status.ACTIVE:
            raise Conflict(_("Only an active match can be ended."), code="not_active")
        mine = side_of(match, user)
        peer = peer_side_of(match, user)
        reported = Report.objects.filter(
            Q(reporter=user, reported_user_id=peer.user_id) | Q(reporter_id=peer.user_id, reported_user=user),
            is_safety_report=True,
        ).exists()
        match.status = Match.Status.ENDED
        match.ended_at = now
        match.ended_by = user
        match.ended_with_safety_report = bool(is_safety_concern or reported)
        match.save(update_fields=["status", "ended_at", "ended_by", "ended_with_safety_report", "updated_at"])
        if helpful is not None:
            mine.helpful = helpful
            mine.save(update_fields=["helpful", "updated_at"])
        for side in (mine, peer):
            _send_update(side.user_id, kind="match.ended", match_id=match.pk)
        if match.conversation_id is not None:
            # The match is already ENDED in this transaction, so ending the conversation does not call
            # back into match_end; the conversation ends only if it is still active.
            from peercircle.conversations.services import conversation_end_with_match

            conversation_end_with_match(conversation_id=match.conversation_id, user=user)
    return match


def match_end_with_conversation(*, conversation_id: int, user: User | None) -> Match | None:
    """End the active match whose conversation just ended (conversations.conversation_end calls this).

    Does nothing when no active match uses the conversation, which is what stops the two ends calling
    each other in a loop. `user` is whoever ended the conversation (None when it ended because a member
    deleted their account)."""
    with transaction.atomic():
        match = (
            Match.objects.select_for_update()
            .filter(conversation_id=conversation_id, status=Match.Status.ACTIVE)
            .first()
        )
        if match is None:
            return None
        if user is not None and match.sides.filter(user=user).exists():
            return match_end(match=match, user=user)
        match.status = Match.Status.ENDED
        match.ended_at = timezone.now()
        match.ended_by = user
        match.save(update_fields=["status", "ended_at", "ended_by", "updated_at"])
        for side in match.sides.all():
            _send_update(side.user_id, kind="match.ended", match_id=match.pk)
    return match


def match_feedback(*, match: Match, user: User, helpful: int) -> MatchSide:
    """Say how helpful a match was (1-5), during or after it. Private: never shown to the peer."""
    cleaned = _clean_helpful(helpful)
    side = side_of(match, user)
    if match.activated_at is None:
        raise Conflict(_("You can only give feedback on a match that started."), code="not_started")
    side.helpful = cleaned
    side.save(update_fields=["helpful", "updated_at"])
    return side


def match_reconnect(*, match: Match, user: User) -> Match:
    """Ask a past peer to talk again: a proposal to that person (already accepted by the asker), if every
    hard rule still allows it."""
    if match.status != Match.Status.ENDED or match.activated_at is None:
        raise Conflict(_("You can reconnect only with a past peer."), code="not_past_peer")
    if match.ended_with_safety_report:
        raise Conflict(_("This match is not possible."), code="blocked")
    _validate_can_match(member=user)
    if MatchSide.objects.filter(user=user, is_pending=True).exists():
        raise Conflict(_("Answer the proposal you have first."), code="proposal_pending")
    peer = peer_side_of(match, user).user
    try:
        return _propose(
            first=user, second=peer, origin=Match.Origin.RECONNECT, accepted_by=user, exclude_past_peers=False
        )
    except _Refused as refused:
        raise Conflict(_refusal_message(refused.code), code=refused.code) from None


def match_rematch(*, match: Match, user: User) -> MatchRequest:
    """End this match (if still active) and look for someone new at once."""
    if match.status == Match.Status.ACTIVE:
        match_end(match=match, user=user)
    elif match.status == Match.Status.PROPOSED:
        match_decline(match=match, user=user, is_skip=True)
        existing = MatchRequest.objects.filter(member=user, status__in=MatchRequest.OPEN_STATUSES).first()
        if existing is not None:
            return existing
    return match_request_create(member=user)


# ----------------------------------------------------------------------------------------------------------
# Housekeeping


def proposals_expire(*, now: datetime | None = None) -> int:
    """Expire proposals past their time and requests that waited past the admin's limit. Returns count."""
    now = now or timezone.now()
    count = 0
    for match_id in Match.objects.filter(status=Match.Status.PROPOSED, expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            match = Match.objects.select_for_update().get(pk=match_id)
            if match.status == Match.Status.PROPOSED and match.expires_at <= now:
                _expire_locked(match, now)
                count += 1
    cfg = MatchingSettings.load()
    cutoff = now - timedelta(hours=cfg.request_expiry_hours)
    count += MatchRequest.objects.filter(status=MatchRequest.Status.WAITING, created_at__lte=cutoff).update(
        status=MatchRequest.Status.EXPIRED, closed_at=now, updated_at=now
    )
    return count


SETTINGS_FIELDS = (
    "situation_weight",
    "topics_weight",
    "same_relation_weight",
    "complementary_weight",
    "interests_weight",
    "availability_weight",
    "timezone_weight",
    "preferences_weight",
    "waiting_weight",
    "wait_horizon_seconds",
    "quality_vs_wait",
    "min_quality",
    "proposal_expiry_minutes",
    "request_expiry_hours",
)


def matching_settings_update(*, actor: User, data: dict[str, Any]) -> MatchingSettings:
    """Change the matching trade-offs (admins only); validated like the admin form, and audited."""
    from django.core.exceptions import ValidationError

    from peercircle.safety.services import audit_log_record

    if not actor.is_admin_role:
        raise PermissionDenied(_("Only admins can change matching settings."))
    unknown = sorted(set(data) - set(SETTINGS_FIELDS))
    if unknown:
        raise ApplicationError(
            _("Unknown setting."), code="validation_error", fields={k: ["unknown"] for k in unknown}
        )
    with transaction.atomic():
        row = MatchingSettings.objects.select_for_update().filter(pk=1).first() or MatchingSettings.load()
        for name, value in data.items():
            setattr(row, name, value)
        try:
            row.full_clean()
            row.weights()
        except ValidationError as exc:
            raise ApplicationError(
                _("Some settings are not valid."), code="validation_error", fields=exc.message_dict
            ) from exc
        except ValueError as exc:
            raise ApplicationError(str(exc), code="validation_error") from exc
        row.save()
        audit_log_record(
            actor=actor,
            action="matching.settings",
            target_type="matching_settings",
            target_id=1,
            details={name: data[name] for name in data},
        )
    return row
