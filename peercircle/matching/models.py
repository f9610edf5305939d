"""Matching storage: situation vectors, requests waiting in the pool, proposals/matches, admin settings."""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peercircle.accounts.constants import Intent
from peercircle.core.models import BaseModel
from peercircle.matching.engine import DEFAULT_MIN_QUALITY, DEFAULT_WEIGHTS, Weights

HELPFUL_MIN = 1
HELPFUL_MAX = 5


class SituationEmbedding(BaseModel):
    """The vector of a member's situation and topics, as the engine expects it; never the text itself.

    `model_version` is the encoder's version (model + topic catalog + recipe): rows with another version are
    stale and get recomputed by `tasks.embeddings_refresh`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="situation_embedding"
    )
    vector = models.BinaryField()  # little-endian float32
    model_version = models.CharField(max_length=120, db_index=True)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Embedding of {self.user_id} ({self.model_version})"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype="<f4").copy()

    @staticmethod
    def to_bytes(vector: np.ndarray) -> bytes:
        return np.asarray(vector, dtype="<f4").tobytes()


class MatchRequest(BaseModel):
    """A member asking for support (or offering it). Open while waiting or proposed; one open per member."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Looking for a peer")
        PROPOSED = "proposed", _("A peer was proposed")
        MATCHED = "matched", _("Matched")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    OPEN_STATUSES = (Status.WAITING, Status.PROPOSED)

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_requests"
    )
    intent = models.CharField(max_length=10, choices=Intent.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["waiting", "proposed"]),
                name="matching_one_open_request_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"Request {self.pk} by {self.member_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Match(BaseModel):
    """Two members proposed to each other; active once both accept. Reasons are shown to both.

    `pair_key` ("smaller_id:larger_id") makes a second live match between the same two people impossible.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        ENDED = "ended", _("Ended")

    class Origin(models.TextChoices):
        SEARCH = "search", _("Found when asked")
        BATCH = "batch", _("Found while waiting")
        RECONNECT = "reconnect", _("Reconnect with a past peer")

    LIVE_STATUSES = (Status.PROPOSED, Status.ACTIVE)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.SEARCH)
    pair_key = models.CharField(max_length=41, db_index=True)
    score = models.FloatField(default=0.0)
    # Engine reasons as [{"msgid": ..., "params": {...}}], translated when shown; never private text.
    reasons = models.JSONField(default=list, blank=True)
    expires_at = models.DateTimeField()
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_with_safety_report = models.BooleanField(default=False)
    # The private conversation opened when both accepted.
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="matches"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["pair_key"],
                condition=Q(status__in=["proposed", "active"]),
                name="matching_one_live_match_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"Match {self.pk} ({self.status})"

    @staticmethod
    def key_for(a_id: int, b_id: int) -> str:
        low, high = sorted((a_id, b_id))
        return f"{low}:{high}"


class MatchSide(BaseModel):
    """One person's side of a match: their request (if they asked), acceptance and feedback.

    `is_pending` is true while the match is a proposal; the conditional unique constraint means a member can
    never hold two live proposals at once, whatever races happen.
    """

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="sides")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_sides")
    request = models.ForeignKey(
        MatchRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="sides"
    )
    is_pending = models.BooleanField(default=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    helpful = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(HELPFUL_MIN), MaxValueValidator(HELPFUL_MAX)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["match", "user"], name="matching_side_unique_per_match"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_pending=True), name="matching_one_pending_proposal_per_member"
            ),
            models.CheckConstraint(
                condition=Q(helpful__isnull=True) | Q(helpful__gte=HELPFUL_MIN, helpful__lte=HELPFUL_MAX),
                name="matching_side_helpful_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Side of {self.user_id} in match {self.match_id}"


class MatchingSettings(models.Model):
    """The one row of admin-tunable matching settings (weights, quality vs. waiting, expiry)."""

    situation_weight = models.FloatField(default=DEFAULT_WEIGHTS.situation, validators=[MinValueValidator(0)])
    topics_weight = models.FloatField(default=DEFAULT_WEIGHTS.topics, validators=[MinValueValidator(0)])
    same_relation_weight = models.FloatField(
        default=DEFAULT_WEIGHTS.same_relation, validators=[MinValueValidator(0)]
    )
    complementary_weight = models.FloatField(
        default=DEFAULT_WEIGHTS.complementary, validators=[MinValueValidator(0)]
    )
    interests_weight = models.FloatField(default=DEFAULT_WEIGHTS.interests, validators=[MinValueValidator(0)])
    availability_weight = models.FloatField(
        default=DEFAULT_WEIGHTS.availability, validators=[MinValueValidator(0)]
    )
    timezone_weight = models.FloatField(default=DEFAULT_WEIGHTS.timezone, validators=[MinValueValidator(0)])
    preferences_weight = models.FloatField(
        default=DEFAULT_WEIGHTS.preferences, validators=[MinValueValidator(0)]
    )
    waiting_weight = models.FloatField(default=DEFAULT_WEIGHTS.waiting, validators=[MinValueValidator(0)])
    wait_horizon_seconds = models.FloatField(
        default=DEFAULT_WEIGHTS.wait_horizon_seconds,
        validators=[MinValueValidator(1)],
        help_text=_("Waiting this long counts fully as waiting time."),
    )
    quality_vs_wait = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("1 = only ever propose good matches; 0 = pair people quickly, even weaker matches."),
    )
    min_quality = models.FloatField(
        default=DEFAULT_MIN_QUALITY,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("A match scoring below this is not proposed (waiting relaxes it in the batch matcher)."),
    )
    proposal_expiry_minutes = models.PositiveIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 60)]
    )
    request_expiry_hours = models.PositiveIntegerField(
        default=72, validators=[MinValueValidator(1), MaxValueValidator(90 * 24)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "matching settings"
        verbose_name_plural = "matching settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="matching_settings_singleton")]

    def __str__(self) -> str:
        return "Matching settings"

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = 1
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def load(cls) -> MatchingSettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row

    def weights(self) -> Weights:
        return Weights(
            situation=self.situation_weight,
            topics=self.topics_weight,
            same_relation=self.same_relation_weight,
            complementary=self.complementary_weight,
            interests=self.interests_weight,
            availability=self.availability_weight,
            timezone=self.timezone_weight,
            preferences=self.preferences_weight,
            waiting=self.waiting_weight,
            wait_horizon_seconds=self.wait_horizon_seconds,
        )
