from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from peercircle.accounts.models import ApiToken, Consent, Profile, Topic, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["handle"]
    list_display = [
        "handle",
        "age_bracket",
        "country",
        "is_staff",
        "is_active",
        "suspended_until",
        "date_joined",
    ]
    list_filter = ["age_bracket", "is_staff", "is_active", "groups"]
    search_fields = ["handle", "email"]
    fieldsets = (
        (None, {"fields": ("handle", "password", "email")}),
        ("Member", {"fields": ("age_bracket", "country", "languages", "time_zone", "is_discreet")}),
        ("Safety", {"fields": ("is_active", "suspended_until", "muted_until")}),
        ("Roles", {"fields": ("is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("handle", "password1", "password2")}),)
    filter_horizontal = ["groups"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    # The private situation text is deliberately not shown here.
    list_display = ["user", "relation", "intent", "peer_supporter_status", "capacity"]
    list_filter = ["relation", "intent", "peer_supporter_status"]
    search_fields = ["user__handle"]
    exclude = ["situation"]
    raw_id_fields = ["user"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "version", "given_at", "withdrawn_at"]
    list_filter = ["kind", "version"]
    search_fields = ["user__handle"]
    readonly_fields = ["user", "kind", "version", "given_at", "withdrawn_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["user__handle", "name"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "last_used_at"]
