from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from peercircle.safety.services import audit_log_record
from peercircle.stories.models import Answer, Comment, Question, Resource, Story, ThankYou, Visibility


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin[Story]):
    list_display = ("title", "visibility", "status", "screen_level", "is_suitable_for_minors", "created_at")
    list_filter = ("status", "visibility", "is_suitable_for_minors")
    list_editable = ("is_suitable_for_minors",)
    search_fields = ("title",)
    readonly_fields = ("author", "screen_level", "screen_reasons", "created_at", "updated_at")
    filter_horizontal = ("topics",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        # Private journal entries are for their writer alone: not even staff read them here.
        return super().get_queryset(request).exclude(visibility=Visibility.PRIVATE)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = (
        "title",
        "topic",
        "status",
        "screen_level",
        "is_suitable_for_minors",
        "surfaced_at",
        "created_at",
    )
    list_filter = ("status", "topic", "is_suitable_for_minors")
    list_editable = ("is_suitable_for_minors",)
    readonly_fields = ("author", "screen_level", "screen_reasons", "created_at", "updated_at")


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin[Answer]):
    list_display = ("id", "question", "status", "marked_helpful_at", "is_suitable_for_minors", "created_at")
    list_filter = ("status", "is_suitable_for_minors")
    readonly_fields = ("author", "question", "screen_level", "screen_reasons", "created_at", "updated_at")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ("id", "story", "status", "is_suitable_for_minors", "created_at")
    list_filter = ("status",)
    readonly_fields = ("author", "story", "screen_level", "screen_reasons", "created_at", "updated_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        return super().get_queryset(request).exclude(story__visibility=Visibility.PRIVATE)


@admin.register(ThankYou)
class ThankYouAdmin(admin.ModelAdmin[ThankYou]):
    list_display = ("id", "target_type", "status", "created_at")
    list_filter = ("status", "target_type")
    readonly_fields = ("author", "recipient", "target_type", "target_id", "screen_level", "screen_reasons")


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ("name", "kind", "country", "state", "reviewed_at")
    list_filter = ("state", "kind", "country")
    search_fields = ("name", "description")
    filter_horizontal = ("topics",)
    readonly_fields = ("suggested_by", "reviewed_by", "reviewed_at")

    def save_model(self, request: HttpRequest, obj: Resource, form: Any, change: bool) -> None:
        from django.utils import timezone

        state_changed = "state" in form.changed_data
        if state_changed:
            obj.reviewed_by = request.user  # type: ignore[assignment]
            obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)
        if state_changed:
            audit_log_record(
                actor=request.user,  # type: ignore[arg-type]
                action=f"resource_{obj.state}",
                target_type="resource",
                target_id=obj.pk,
                reason="admin",
            )
