from django.contrib import admin

from peercircle.conversations.models import Conversation, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("user", "role", "joined_at", "left_at", "last_read_seq")
    readonly_fields = ("joined_at", "last_read_seq")
    raw_id_fields = ("user",)


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    """Metadata only: message text is private; moderators see flagged items, with an audit row."""

    list_display = ("id", "kind", "status", "last_seq", "created_at", "ended_at")
    list_filter = ("kind", "status")
    readonly_fields = ("last_seq", "ended_at", "ended_by", "closing_note", "created_at", "updated_at")
    fields = ("kind", "status", "contact_guard_until", *readonly_fields)
    inlines = [ParticipantInline]
