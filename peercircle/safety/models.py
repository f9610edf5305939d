from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peercircle.core.models import BaseModel


class AuditLog(models.Model):
    """An append-only record of every action that matters for safety. Never edited, never deleted by the app.

    `actor_ref` and `target_ref` are pseudonymous ids that survive account erasure.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_ref = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_ref = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor_ref} {self.action} {self.target_type}:{self.target_id}"


class Block(BaseModel):
    """`blocker` never hears from, sees content of, or is matched with `blocked` again (both ways)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="safety_block_unique_pair"),
            models.CheckConstraint(condition=~Q(blocker=models.F("blocked")), name="safety_block_not_self"),
        ]


class Report(BaseModel):
    """A member's report about a member or a piece of content."""

    class Category(models.TextChoices):
        HARASSMENT = "harassment", _("Harassment or bullying")
        GROOMING = "grooming", _("Grooming or sexual content")
        SELF_HARM = "self_harm", _("Worried about their safety")
        HATE = "hate", _("Hate speech")
        SPAM = "spam", _("Spam or advertising")
        MISINFORMATION = "misinformation", _("Harmful advice")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Actioned")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reports_made"
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_received",
    )
    target_type = models.CharField(
        max_length=40
    )  # "user", "message", "story", "comment", "question", "answer"
    target_id = models.CharField(max_length=40)
    category = models.CharField(max_length=20, choices=Category.choices)
    note = models.CharField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    is_safety_report = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
