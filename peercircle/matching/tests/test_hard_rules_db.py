"""Hard rules held in the database: each breaker must stop two otherwise well-matched people from being
proposed, both when they ask (immediate search) and in the batch matcher. The control case proves the
pair would match without the breaker, so every test here fails if its rule is breached."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from peercircle.accounts.models import Profile, User
from peercircle.core.exceptions import PermissionDenied
from peercircle.core.testing.factories import UserFactory
from peercircle.matching import services
from peercircle.matching.models import Match, MatchRequest, MatchSide
from peercircle.matching.tests.factories import GRIEF_A, GRIEF_B, member, supporter
from peercircle.safety.models import Block, Report

pytestmark = pytest.mark.django_db


def _report(reporter: User, reported: User, *, is_safety: bool = False) -> None:
    Report.objects.create(
        reporter=reporter,
        reported_user=reported,
        target_type="user",
        target_id=str(reported.pk),
        category="harassment",
        is_safety_report=is_safety,
    )


def _past_match(a: User, b: User, *, safety: bool) -> None:
    now = timezone.now()
    match = Match.objects.create(
        status=Match.Status.ENDED,
        pair_key=Match.key_for(a.pk, b.pk),
        expires_at=now,
        activated_at=now - timedelta(days=3),
        ended_at=now - timedelta(days=1),
        ended_with_safety_report=safety,
    )
    MatchSide.objects.bulk_create(
        [MatchSide(match=match, user=u, is_pending=False, accepted_at=now) for u in (a, b)]
    )


def _proposed_between(a: User, b: User) -> bool:
    return Match.objects.filter(
        pair_key=Match.key_for(a.pk, b.pk), status__in=[Match.Status.PROPOSED, Match.Status.ACTIVE]
    ).exists()


def _both_ask(a: User, b: User) -> None:
    services.match_request_create(member=a)
    services.match_request_create(member=b)


Breaker = Callable[[User, User], object]
BREAKERS: dict[str, Breaker] = {
    "minor_with_adult": lambda a, b: User.objects.filter(pk=b.pk).update(age_bracket="minor"),
    "no_shared_language": lambda a, b: User.objects.filter(pk=b.pk).update(languages=["fr", "de"]),
    "a_blocked_b": lambda a, b: Block.objects.create(blocker=a, blocked=b),
    "b_blocked_a": lambda a, b: Block.objects.create(blocker=b, blocked=a),
    "a_reported_b": lambda a, b: _report(a, b),
    "b_reported_a": lambda a, b: _report(b, a),
}


def test_control_the_same_two_people_are_matched_without_a_breaker() -> None:
    a, b = member("ana", GRIEF_A), member("ben", GRIEF_B)
    _both_ask(a, b)
    assert _proposed_between(a, b)


@pytest.mark.parametrize("breaker", list(BREAKERS))
def test_breaker_stops_the_immediate_search_and_the_batch(breaker: str) -> None:
    a, b = member("ana", GRIEF_A), member("ben", GRIEF_B)
    BREAKERS[breaker](a, b)
    a.refresh_from_db()
    b.refresh_from_db()

    _both_ask(a, b)
    assert not _proposed_between(a, b)
    assert services.match_batch_run() == []
    assert not _proposed_between(a, b)
    assert set(MatchRequest.objects.values_list("status", flat=True)) == {"waiting"}


def test_two_minors_are_matched_with_each_other_but_never_with_an_adult() -> None:
    mia = member("mia", GRIEF_A, age_bracket="minor")
    adult = member("adult", GRIEF_B)
    noah = member("noah", GRIEF_B, age_bracket="minor")
    services.match_request_create(member=mia)
    services.match_request_create(member=adult)
    assert not _proposed_between(mia, adult)
    services.match_request_create(member=noah)
    assert _proposed_between(mia, noah)


@pytest.mark.parametrize("safety", [True, False])
def test_a_past_match_that_ended_with_a_safety_report_is_never_repeated(safety: bool) -> None:
    a, b = member("ana", GRIEF_A), member("ben", GRIEF_B)
    _past_match(a, b, safety=safety)
    _both_ask(a, b)
    services.match_batch_run()
    # automatic matching never repeats a past peer; with a safety report, reconnecting is refused too
    assert not _proposed_between(a, b)
    past = Match.objects.get(status=Match.Status.ENDED)
    if safety:
        with pytest.raises(services.Conflict):
            services.match_reconnect(match=past, user=a)
        assert not _proposed_between(a, b)
    else:
        services.match_request_cancel(member=a)
        services.match_reconnect(match=past, user=a)
        assert _proposed_between(a, b)


def test_a_safety_report_during_the_match_marks_its_end_and_blocks_reconnecting() -> None:
    a, b = member("ana", GRIEF_A), member("ben", GRIEF_B)
    _both_ask(a, b)
    match = Match.objects.get()
    services.match_accept(match=match, user=a)
    services.match_accept(match=match, user=b)
    _report(b, a, is_safety=True)

    services.match_end(match=match, user=a)

    match.refresh_from_db()
    assert match.ended_with_safety_report
    with pytest.raises(services.Conflict):
        services.match_reconnect(match=match, user=a)


def test_a_peer_supporter_at_capacity_is_not_offered() -> None:
    helper = supporter("helper", capacity=1)
    first = member("first", GRIEF_A)
    services.match_request_create(member=first)
    match = Match.objects.get()
    assert _proposed_between(first, helper)
    services.match_accept(match=match, user=first)
    services.match_accept(match=match, user=helper)

    second = member("second", GRIEF_A)
    services.match_request_create(member=second)
    services.match_batch_run()

    assert not _proposed_between(second, helper)
    # raising the capacity makes them available again
    Profile.objects.filter(user=helper).update(capacity=2)
    services.match_batch_run()
    assert _proposed_between(second, helper)


def test_a_pending_proposal_counts_against_capacity_so_a_supporter_is_never_over_assigned() -> None:
    helper = supporter("helper", capacity=1)
    first, second = member("first", GRIEF_A), member("second", GRIEF_A)
    services.match_request_create(member=first)
    services.match_request_create(member=second)
    services.match_batch_run()
    assert MatchSide.objects.filter(user=helper).count() == 1


def test_a_suspended_member_cannot_ask_and_is_never_offered() -> None:
    a = member("ana", GRIEF_A)
    b = member("ben", GRIEF_B)
    helper = supporter("helper")
    User.objects.filter(pk__in=[b.pk, helper.pk]).update(suspended_until=timezone.now() + timedelta(days=1))
    b.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.match_request_create(member=b)
    services.match_request_create(member=a)
    services.match_batch_run()

    assert not Match.objects.exists()
    assert not MatchRequest.objects.filter(member=b).exists()


def test_a_member_suspended_while_waiting_is_not_proposed() -> None:
    a, b = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=a)
    User.objects.filter(pk=a.pk).update(is_active=False)
    services.match_request_create(member=b)
    services.match_batch_run()
    assert not Match.objects.exists()


def test_nobody_is_matched_with_themselves() -> None:
    a = member("ana", GRIEF_A)
    services.match_request_create(member=a)
    services.match_batch_run()
    assert not Match.objects.exists()
    with pytest.raises(services._Refused) as refused:
        services._propose(first=a, second=a, origin=Match.Origin.SEARCH)
    assert refused.value.code == "self"
    assert not Match.objects.exists()


def test_two_who_only_offer_support_are_not_matched() -> None:
    a = member("ana", GRIEF_A, intent="give")
    b = member("ben", GRIEF_B, intent="give")
    _both_ask(a, b)
    services.match_batch_run()
    assert not Match.objects.exists()


def test_the_database_refuses_a_second_open_request_and_a_second_pending_proposal() -> None:
    # On SQLite the writer lock serialises proposals; these constraints are what still holds if code slips.
    a = UserFactory(handle="ana")
    MatchRequest.objects.create(member=a, intent="get")
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchRequest.objects.create(member=a, intent="get", status="proposed")


def test_the_database_refuses_two_live_proposals_for_one_member_and_two_live_matches_per_pair() -> None:
    a, b, c = member("ana", GRIEF_A), member("ben", GRIEF_B), member("cid", GRIEF_B)
    _both_ask(a, b)
    assert _proposed_between(a, b)
    now = timezone.now()
    other = Match.objects.create(pair_key=Match.key_for(a.pk, c.pk), expires_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchSide.objects.create(match=other, user=a)


def test_the_database_refuses_a_second_live_match_between_the_same_two_people() -> None:
    a, b = member("ana", GRIEF_A), member("ben", GRIEF_B)
    _both_ask(a, b)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(pair_key=Match.key_for(b.pk, a.pk), expires_at=timezone.now())
