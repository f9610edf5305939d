"""Races: two requests claiming the same peer at the same moment, and double clicks on "Find me a peer".

Real threads need a real concurrent database: these run on PostgreSQL (DATABASE_URL pointing at it) and
skip on SQLite, where writers are serialised anyway and the constraints are asserted directly
(test_hard_rules_db.py: one open request, one pending proposal, one live match per pair).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from peercircle.matching import services
from peercircle.matching.models import Match, MatchRequest, MatchSide
from peercircle.matching.tests.factories import GRIEF_A, GRIEF_B, member, supporter

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("thread races need PostgreSQL: run with DATABASE_URL=postgres://...")


def _race(actions: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as exc:  # the loser's error is the result under test
            results[index] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("attempt", range(3))
def test_two_requests_claiming_one_supporter_with_room_for_one_make_one_proposal(attempt: int) -> None:
    helper = supporter("helper", capacity=1)
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana, search=False)
    services.match_request_create(member=ben, search=False)

    results = _race(
        [
            lambda: services._propose(first=ana, second=helper, origin=Match.Origin.SEARCH),
            lambda: services._propose(first=ben, second=helper, origin=Match.Origin.SEARCH),
        ]
    )

    made = [r for r in results if isinstance(r, Match)]
    refused = [r for r in results if isinstance(r, services._Refused)]
    assert len(made) == 1 and len(refused) == 1, results
    assert MatchSide.objects.filter(user=helper).count() == 1
    assert Match.objects.count() == 1


def test_two_members_asking_at_once_for_the_only_peer_make_one_proposal() -> None:
    helper = supporter("helper", capacity=1)
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)

    _race(
        [lambda: services.match_request_create(member=ana), lambda: services.match_request_create(member=ben)]
    )

    assert Match.objects.count() == 1
    assert MatchSide.objects.filter(user=helper).count() == 1
    # whoever lost keeps waiting (or was paired with the other asker), never double-booked
    assert MatchSide.objects.filter(is_pending=True).values("user").distinct().count() == 2


def test_a_double_click_creates_one_request() -> None:
    ana = member("ana", GRIEF_A)
    results = _race([lambda: services.match_request_create(member=ana, search=False)] * 2)
    assert MatchRequest.objects.filter(member=ana).count() == 1
    assert sum(isinstance(r, services.Conflict) for r in results) == 1
