from django.contrib import admin
from django.http import HttpRequest

from peercircle.core.models import RetentionSettings


@admin.register(RetentionSettings)
class RetentionSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "ended_conversation_days", "escalation_days", "inactive_account_days"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RetentionSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
