"""Stored questionnaire responses (answers and the score computed from them) and skipped offers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peercircle.core.models import BaseModel
from peercircle.wellbeing.instruments import INSTRUMENTS

INSTRUMENT_CHOICES = [(key, str(instrument.short_name)) for key, instrument in INSTRUMENTS.items()]


class Response(BaseModel):
    """One completed questionnaire. The answers are private to the member; reports use only aggregates."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_responses"
    )
    instrument = models.CharField(max_length=10, choices=INSTRUMENT_CHOICES)
    answers = models.JSONField()
    total = models.IntegerField()
    value = models.FloatField()
    subscores = models.JSONField(default=dict, blank=True)
    band = models.CharField(max_length=30)
    flags = models.JSONField(default=list, blank=True)
    # When the member took it (created_at can differ for imported or demo data).
    taken_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [models.Index(fields=["user", "instrument", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} response {self.pk}"


class Skip(BaseModel):
    """The member said "not now" to a check-in offer; we do not offer again until the next interval."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_skips"
    )
    reason = models.CharField(_("reason"), max_length=20, default="not_now")

    class Meta:
        ordering = ["-created_at", "-id"]
