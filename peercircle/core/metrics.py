"""`/metrics` in Prometheus text format, for operators only.

Figures are read from the database at scrape time (so they agree across worker processes), plus a
per-process gauge of open WebSocket connections that consumers update.
"""

from __future__ import annotations

import hmac
import os
import statistics
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import CollectorRegistry, Gauge, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

OPEN_CONNECTIONS = Gauge(
    "peercircle_websocket_connections", "Open WebSocket connections in this process", registry=None
)


def _model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        message = _model("conversations.Message")
        if message is not None:
            recent = message.objects.filter(created_at__gte=now - timedelta(minutes=1)).count()
            yield GaugeMetricFamily(
                "peercircle_messages_per_second", "Messages per second, last minute", recent / 60
            )
        request = _model("matching.MatchRequest")
        if request is not None:
            waiting = request.objects.filter(status="waiting").count()
            yield GaugeMetricFamily(
                "peercircle_matching_waiting_pool", "Members waiting for a match", waiting
            )
            waits = [
                (r.matched_at - r.created_at).total_seconds()
                for r in request.objects.filter(matched_at__gte=now - timedelta(hours=1)).only(
                    "created_at", "matched_at"
                )
            ]
            yield GaugeMetricFamily(
                "peercircle_time_to_match_seconds_median",
                "Median time from request to match, last hour",
                statistics.median(waits) if waits else 0.0,
            )
        escalation = _model("safety.Escalation")
        if escalation is not None:
            open_rows = list(escalation.objects.filter(status="open").values_list("created_at", flat=True))
            yield GaugeMetricFamily(
                "peercircle_escalations_waiting", "Unacknowledged escalations", len(open_rows)
            )
            yield GaugeMetricFamily(
                "peercircle_escalation_oldest_wait_seconds",
                "Seconds the oldest unacknowledged escalation has waited",
                max(((now - t).total_seconds() for t in open_rows), default=0.0),
            )
        task = _model("django_tasks_database.DBTaskResult")
        if task is not None:
            ready = (
                task.objects.filter(status="READY")
                .order_by("enqueued_at")
                .values_list("enqueued_at", flat=True)
            )
            oldest = ready.first()
            yield GaugeMetricFamily(
                "peercircle_task_queue_lag_seconds",
                "Age of the oldest task waiting to run",
                (now - oldest).total_seconds() if oldest else 0.0,
            )
            yield GaugeMetricFamily("peercircle_task_queue_ready", "Tasks waiting to run", ready.count())


def _is_operator(request: HttpRequest) -> bool:
    token = os.environ.get("PEERCIRCLE_METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(header, f"Bearer {token}"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def metrics(request: HttpRequest) -> HttpResponse:
    if not _is_operator(request):
        return HttpResponse(status=404)
    registry = CollectorRegistry()
    registry.register(DatabaseCollector())
    connections = Gauge(
        "peercircle_websocket_connections", "Open WebSocket connections in this process", registry=registry
    )
    connections.set(OPEN_CONNECTIONS._value.get())
    return HttpResponse(generate_latest(registry), content_type="text/plain; version=0.0.4; charset=utf-8")
