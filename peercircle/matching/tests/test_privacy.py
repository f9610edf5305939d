"""Export holds everything matching stores about a member; erasure removes it without stranding the peer."""

from __future__ import annotations

import pytest

from peercircle.core.privacy import account_delete, account_export
from peercircle.core.testing import logged_in
from peercircle.matching import services
from peercircle.matching.models import Match, MatchRequest, MatchSide, SituationEmbedding
from peercircle.matching.tests.factories import GRIEF_A, GRIEF_B, member

pytestmark = pytest.mark.django_db


def _active_pair():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana)
    services.match_request_create(member=ben)
    match = Match.objects.get()
    services.match_accept(match=match, user=ana)
    services.match_accept(match=match, user=ben)
    return ana, ben, match


def test_export_lists_the_vector_requests_and_matches_with_my_feedback():
    ana, _ben, match = _active_pair()
    services.match_end(match=match, user=ana, helpful=4)

    data = account_export(user=ana)["matching"]

    assert len(data["situation_vector"]["values"]) == 384
    assert [r["status"] for r in data["requests"]] == ["matched"]
    assert data["matches"][0]["peer"] == "ben" and data["matches"][0]["my_feedback"] == 4
    assert data["matches"][0]["reasons"]


def test_erasure_removes_my_data_ends_live_matches_and_returns_a_waiting_peer_to_the_pool():
    ana, ben, match = _active_pair()
    services.match_end(match=match, user=ana, helpful=4)
    cleo = member("cleo", GRIEF_B)
    services.match_request_create(member=ana)
    services.match_request_create(member=cleo)
    proposal = Match.objects.get(status="proposed")

    account_delete(user=ana)

    assert not SituationEmbedding.objects.filter(user=ana).exists()
    assert not MatchRequest.objects.filter(member=ana).exists()
    assert not MatchSide.objects.filter(user=ana, helpful__isnull=False).exists()
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert MatchRequest.objects.get(member=cleo).status == "waiting"
    assert not MatchSide.objects.filter(is_pending=True).exists()
    # ben keeps his history but cannot be sent to reconnect with an erased account
    page = logged_in(ben).get("/matching/").content.decode()
    assert "to reconnect" not in page
