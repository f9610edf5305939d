from django.contrib import admin

from peercircle.goals.models import Goal


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    # Goal wording is private to the member: admins see only that goals exist and their state.
    list_display = ("id", "rhythm", "status", "created_at")
    list_filter = ("status", "rhythm")
    fields = ("rhythm", "status", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
