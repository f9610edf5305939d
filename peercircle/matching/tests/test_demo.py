"""The demo community: vectors for everyone, past matches to reconnect with, and sam ready to ask."""

from __future__ import annotations

import pytest

from peercircle.accounts import demo as accounts_demo
from peercircle.core.testing import logged_in
from peercircle.matching import demo, services
from peercircle.matching.models import Match, MatchRequest, SituationEmbedding

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_sam_is_proposed_a_peer_who_understands():
    users = accounts_demo.seed()
    demo.seed(users)
    demo.seed(users)

    with_situation = [u for u in users.values() if u.profile.situation]
    assert SituationEmbedding.objects.count() == len(with_situation)
    assert Match.objects.filter(status="ended").count() == 2
    assert not MatchRequest.objects.filter(member=users["sam"]).exists()
    page = logged_in(users["river"]).get("/matching/").content.decode()
    assert "Ask jun to reconnect" in page and "You rated it 5 of 5." in page

    request = services.match_request_create(member=users["sam"])

    assert request.status == "proposed"
    proposal = Match.objects.get(status="proposed")
    peer = proposal.sides.exclude(user=users["sam"]).get().user
    assert peer.handle == "alex"  # the peer supporter who lost his dad, not the carers or the minors
