from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peercircle.safety.models import AuditLog, Block, CrisisResource, Escalation, Report
from peercircle.safety.resources_data import is_plausible_phone

# SafetyPlan is deliberately not registered: nobody but its owner may read a safety plan, admins included.


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
    list_display = ["created_at", "category", "target_type", "target_id", "status", "resolution"]
    list_filter = ["category", "status", "target_type"]
    search_fields = ["reporter__handle", "reported_user__handle"]
    raw_id_fields = ["reporter", "reported_user", "resolved_by"]


class CrisisResourceForm(forms.ModelForm):  # type: ignore[type-arg]
    """The same checks as the shipped directory file: a number in the crisis card must at least look right."""

    class Meta:
        model = CrisisResource
        fields = [
            "slug",
            "country",
            "name",
            "audience",
            "for_young_people",
            "languages",
            "sort_order",
            "is_active",
            "phone",
            "text_number",
            "text_keyword",
            "chat_url",
            "website",
            "hours",
            "is_recommended",
            "verified",
            "last_verified",
            "notes",
        ]

    def _phone(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if value and not is_plausible_phone(value):
            raise forms.ValidationError(
                _("This does not look like a phone number (digits, spaces, +, - only).")
            )
        return value

    def clean_phone(self) -> str:
        return self._phone("phone")

    def clean_text_number(self) -> str:
        return self._phone("text_number")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("phone", "text_number", "chat_url", "website")):
            raise forms.ValidationError(_("Give at least one way to reach the service."))
        if data.get("is_recommended") and not data.get("verified"):
            raise forms.ValidationError(_("Only a service you are confident of can be suggested first."))
        _check_youth_not_recommended(
            for_young_people=bool(data.get("for_young_people")),
            is_recommended=bool(data.get("is_recommended")),
        )
        return data


def _check_youth_not_recommended(*, for_young_people: bool, is_recommended: bool) -> None:
    # The recommended service is the one suggested to adults; a line for children cannot be it.
    if for_young_people and is_recommended:
        raise forms.ValidationError(
            _(
                "A service for children and young people cannot be the one suggested first to everyone; "
                "members under 18 are offered it first anyway."
            )
        )


class CrisisResourceListForm(forms.ModelForm):  # type: ignore[type-arg]
    """The row form for editing the flag from the list, where the full form's checks do not run."""

    class Meta:
        model = CrisisResource
        fields = ["for_young_people"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_youth_not_recommended(
            for_young_people=bool(data.get("for_young_people")), is_recommended=self.instance.is_recommended
        )
        return data


@admin.register(CrisisResource)
class CrisisResourceAdmin(admin.ModelAdmin):
    """Admins keep the crisis directory current; the member's country decides what the crisis card shows."""

    form = CrisisResourceForm

    list_display = [
        "country",
        "name",
        "phone",
        "text_number",
        "hours",
        "for_young_people",
        "is_recommended",
        "verified",
        "last_verified",
    ]
    list_editable = ["for_young_people"]
    list_filter = ["country", "for_young_people", "is_recommended", "verified", "is_active"]
    search_fields = ["name", "slug", "country"]
    ordering = ["country", "sort_order"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "slug",
                    "country",
                    "name",
                    "audience",
                    "for_young_people",
                    "languages",
                    "sort_order",
                    "is_active",
                ]
            },
        ),
        (
            "How to reach it",
            {"fields": ["phone", "text_number", "text_keyword", "chat_url", "website", "hours"]},
        ),
        ("Checks", {"fields": ["is_recommended", "verified", "last_verified", "notes"]}),
    ]

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[forms.ModelForm]:  # type: ignore[type-arg]
        return super().get_changelist_form(request, form=CrisisResourceListForm, **kwargs)


ESCALATION_FIELDS = (
    "member",
    "content_type",
    "content_id",
    "level",
    "first_level",
    "status",
    "signal_count",
    "alerted_at",
    "realert_count",
    "acknowledged_by",
    "acknowledged_at",
    "closed_by",
    "closed_at",
    "outcome",
    "member_said_not_crisis",
    "followup_due_at",
    "followup_sent_at",
)


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """Oversight only (timings and outcomes). The words, context and notes stay in the audited moderator
    pages, so they are not shown here, and nothing can be edited."""

    list_display = ["id", "created_at", "level", "first_level", "status", "outcome", "realert_count"]
    list_filter = ["level", "status", "outcome"]
    fields = ESCALATION_FIELDS
    readonly_fields = ESCALATION_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
