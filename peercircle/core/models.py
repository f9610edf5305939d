from __future__ import annotations

from django.db import models


class BaseModel(models.Model):
    """Every domain model records when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RetentionSettings(models.Model):
    """How long kinds of data are kept (admins edit this; a daily task enforces it). 0 means keep."""

    ended_conversation_days = models.PositiveIntegerField(
        default=365, help_text="Delete the messages of conversations this many days after they ended."
    )
    escalation_days = models.PositiveIntegerField(
        default=730, help_text="Delete closed escalation records (and their notes) after this many days."
    )
    inactive_account_days = models.PositiveIntegerField(
        default=730, help_text="Erase accounts with no login for this many days."
    )
    notification_days = models.PositiveIntegerField(default=180, help_text="Delete read notifications after.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "retention settings"
        verbose_name_plural = "retention settings"

    def __str__(self) -> str:
        return "Retention settings"

    @classmethod
    def load(cls) -> RetentionSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj
