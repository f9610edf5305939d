from django.contrib import admin

from peercircle.wellbeing.models import Response


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    # Answers are private: the admin shows only that a check-in happened, never what was answered.
    list_display = ("id", "instrument", "taken_at")
    list_filter = ("instrument",)
    fields = ("instrument", "taken_at")
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
