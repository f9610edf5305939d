"""Background work: embedding on profile change, refreshing stale vectors, the batch matcher, expiry."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.accounts.services import profile_update
from peercircle.core.schedule import PERIODIC
from peercircle.core.testing.factories import UserFactory
from peercircle.matching import services, tasks
from peercircle.matching.encoder import community_encoder
from peercircle.matching.models import Match, MatchingSettings, MatchRequest, SituationEmbedding
from peercircle.matching.tests.factories import DEMENTIA, EXAMS, GRIEF_A, GRIEF_B, member

pytestmark = pytest.mark.django_db


def test_a_profile_change_stores_a_unit_vector_from_the_local_model(django_capture_on_commit_callbacks):
    user = UserFactory(handle="ana")
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=user, data={"situation": GRIEF_A, "topics": ["grief-and-loss"]})

    row = SituationEmbedding.objects.get(user=user)
    vector = row.as_array()
    assert vector.shape == (384,) and vector.dtype == np.float32
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
    assert row.model_version == community_encoder().version
    # the same recipe the engine uses: situation plus chosen topics
    expected = community_encoder().encode_one(GRIEF_A, ["grief-and-loss"])
    assert float(vector @ expected) > 0.999


def test_clearing_the_situation_removes_the_vector(django_capture_on_commit_callbacks):
    user = User.objects.get(pk=member("ana", GRIEF_A).pk)
    assert SituationEmbedding.objects.filter(user=user).exists()
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=user, data={"situation": ""})
    assert not SituationEmbedding.objects.filter(user=user).exists()


def test_vectors_are_refreshed_when_the_model_version_changes(monkeypatch):
    user = member("ana", GRIEF_A)
    old = SituationEmbedding.objects.get(user=user)
    monkeypatch.setattr("peercircle.matching.engine.text.MODEL_VERSION", "all-MiniLM-L6-v2@next")
    assert community_encoder().version != old.model_version

    refreshed = tasks.embeddings_refresh.enqueue()

    assert refreshed.return_value == 1
    row = SituationEmbedding.objects.get(user=user)
    assert row.model_version == community_encoder().version
    assert row.computed_at > old.computed_at
    # a stale vector is never compared with fresh ones: until refreshed, the member has no vector
    assert tasks.embeddings_refresh.enqueue().return_value == 0


def test_the_batch_task_pairs_two_waiting_members():
    ana, ben = member("ana", GRIEF_A), member("ben", GRIEF_B)
    services.match_request_create(member=ana, search=False)
    services.match_request_create(member=ben, search=False)

    result = tasks.match_batch.enqueue()

    assert result.return_value == 1
    match = Match.objects.get()
    assert match.origin == "batch" and match.status == "proposed"
    assert set(match.sides.values_list("user__handle", flat=True)) == {"ana", "ben"}
    assert set(MatchRequest.objects.values_list("status", flat=True)) == {"proposed"}


def test_the_batch_pairs_the_best_matches_in_the_pool():
    grief_a, grief_b = member("griefa", GRIEF_A), member("griefb", GRIEF_B)
    carer_a = member("carera", DEMENTIA, topics=("dementia",), relation="supporting")
    carer_b = member(
        "carerb",
        "My dad keeps wandering at night since his Alzheimer's diagnosis and I barely sleep.",
        topics=("dementia",),
        relation="supporting",
    )
    for user in (grief_a, carer_a, grief_b, carer_b):
        services.match_request_create(member=user, search=False)

    services.match_batch_run()

    pairs = {frozenset(m.sides.values_list("user__handle", flat=True)) for m in Match.objects.all()}
    assert pairs == {frozenset({"griefa", "griefb"}), frozenset({"carera", "carerb"})}


def test_waiting_relaxes_the_quality_bar_so_nobody_waits_forever():
    cfg = MatchingSettings.load()
    cfg.min_quality = 0.95  # only near-identical situations count as "good" at first
    cfg.save()
    grief, exams = member("grief", GRIEF_A), member("exams", EXAMS, topics=("studying",))
    services.match_request_create(member=grief)
    services.match_request_create(member=exams)
    assert not Match.objects.exists()
    assert services.match_batch_run() == []

    # after waiting past the (quality-vs-wait scaled) horizon, the best available peer is proposed
    long_ago = timezone.now() - timedelta(seconds=cfg.wait_horizon_seconds / (1 - cfg.quality_vs_wait) + 60)
    MatchRequest.objects.update(created_at=long_ago)
    assert len(services.match_batch_run()) == 1


def test_quality_only_setting_keeps_weak_pairs_waiting():
    cfg = MatchingSettings.load()
    cfg.min_quality = 0.95
    cfg.quality_vs_wait = 1.0
    cfg.save()
    grief, exams = member("grief", GRIEF_A), member("exams", EXAMS, topics=("studying",))
    services.match_request_create(member=grief)
    services.match_request_create(member=exams)
    MatchRequest.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert services.match_batch_run() == []


def test_expiry_task_closes_requests_waiting_past_the_limit():
    ana = member("ana", GRIEF_A)
    services.match_request_create(member=ana)
    MatchRequest.objects.update(created_at=timezone.now() - timedelta(hours=100))
    assert tasks.matching_expire.enqueue().return_value == 1
    assert MatchRequest.objects.get().status == "expired"


def test_the_periodic_tasks_are_registered_with_the_schedule():
    scheduled = {periodic.task: periodic.seconds for periodic in PERIODIC}
    assert scheduled[tasks.match_batch] <= 10
    assert tasks.matching_expire in scheduled and tasks.embeddings_refresh in scheduled
