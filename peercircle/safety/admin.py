from django.contrib import admin
from django.http import HttpRequest

from peercircle.safety.models import AuditLog, Block, Report


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: audit rows are evidence and are never edited."""

    list_display = ["created_at", "actor_ref", "action", "target_type", "target_id", "target_ref"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_ref", "target_ref", "action", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    search_fields = ["blocker__handle", "blocked__handle"]
    raw_id_fields = ["blocker", "blocked"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "category", "target_type", "target_id", "status"]
    list_filter = ["category", "status", "target_type"]
    search_fields = ["reporter__handle", "reported_user__handle"]
    raw_id_fields = ["reporter", "reported_user"]
