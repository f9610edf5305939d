from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peercircle.core.models import BaseModel


class Kind(models.TextChoices):
    MATCH_PROPOSAL = "match_proposal", _("New match proposals")
    MESSAGE = "message", _("New messages")
    ENCOURAGEMENT = "encouragement", _("Encouragement from peers")
    REMINDER = "reminder", _("Gentle reminders")
    COMMUNITY = "community", _("Replies and reactions to what I share")
    MODERATOR_ALERT = "moderator_alert", _("Moderator alerts")
    ACCOUNT = "account", _("Account and safety updates")


# Account and safety notices (warnings, suspensions, follow-ups) and crisis alerts to moderators cannot be
# switched off: a silenced re-alert could leave someone at risk without a human.
ALWAYS_ON = frozenset({Kind.ACCOUNT, Kind.MODERATOR_ALERT})


class Notification(BaseModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]


class NotificationPreference(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_enabled = models.BooleanField(default=True)
    is_email_enabled = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_pref_unique")]
