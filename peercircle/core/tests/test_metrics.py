from __future__ import annotations

import pytest
from django.test import Client

from peercircle.core.testing import logged_in

pytestmark = pytest.mark.django_db


def test_metrics_are_for_operators_only(member, admin_user):
    assert Client().get("/metrics").status_code == 404
    assert logged_in(member).get("/metrics").status_code == 404
    response = logged_in(admin_user).get("/metrics")
    assert response.status_code == 200
    body = response.content.decode()
    assert "peercircle_websocket_connections" in body
    assert "peercircle_task_queue_lag_seconds" in body


def test_metrics_token(monkeypatch):
    monkeypatch.setenv("PEERCIRCLE_METRICS_TOKEN", "s3cret-token-value")
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-value").status_code == 200
