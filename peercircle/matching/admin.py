from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peercircle.matching.models import Match, MatchingSettings, MatchRequest, MatchSide, SituationEmbedding


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The one settings row: weights of each signal, quality vs. waiting, expiry."""

    fieldsets = [
        (
            "Signal weights",
            {
                "fields": [
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
                ]
            },
        ),
        ("Quality vs. waiting", {"fields": ["quality_vs_wait", "min_quality"]}),
        ("Expiry", {"fields": ["proposal_expiry_minutes", "request_expiry_hours"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not MatchingSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MatchSideInline(admin.TabularInline):  # type: ignore[type-arg]
    model = MatchSide
    extra = 0
    can_delete = False
    fields = ("user", "request", "is_pending", "accepted_at", "declined_at", "helpful")
    readonly_fields = fields


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["id", "status", "origin", "score", "created_at", "activated_at", "ended_at"]
    list_filter = ["status", "origin", "ended_with_safety_report"]
    readonly_fields = [
        "status",
        "origin",
        "pair_key",
        "score",
        "reasons",
        "expires_at",
        "activated_at",
        "ended_at",
        "ended_by",
        "ended_with_safety_report",
        "conversation",
    ]
    inlines = [MatchSideInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(MatchRequest)
class MatchRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["id", "member", "intent", "status", "created_at", "matched_at"]
    list_filter = ["status", "intent"]
    readonly_fields = ["member", "intent", "status", "matched_at", "closed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(SituationEmbedding)
class SituationEmbeddingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only which model made a vector and when: the vector itself means nothing to a person."""

    list_display = ["user", "model_version", "computed_at"]
    list_filter = ["model_version"]
    fields = ("user", "model_version", "computed_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
