"""Conversations between N participants (pairs now, small circles later) and their ordered messages."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peercircle.core.fields import EncryptedTextField
from peercircle.core.models import BaseModel

TEXT_MAX = 4000
CLIENT_ID_MAX = 64
CLOSING_NOTE_MAX = 500


class Conversation(BaseModel):
    """A private space for two (a matched pair) or a few (a circle of 3-8) members.

    `last_seq` is the per-conversation message counter; it is only advanced under a row lock, so the
    sequence numbers of a conversation's messages are strictly increasing in commit order.
    """

    class Kind(models.TextChoices):
        PAIR = "pair", _("One-on-one")
        CIRCLE = "circle", _("Circle")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PAIR)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_note = models.CharField(max_length=CLOSING_NOTE_MAX, blank=True)
    # Until then, messages carrying contact details are held back (grooming and harassment protection).
    contact_guard_until = models.DateTimeField(null=True, blank=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    # Disappearing messages: when set, the text of members' messages sent since `disappearing_since` is
    # cleared this many seconds after it was sent.
    disappear_after_seconds = models.PositiveIntegerField(null=True, blank=True)
    disappearing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"Conversation {self.pk} ({self.kind}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_contact_guarded(self) -> bool:
        return self.contact_guard_until is not None and self.contact_guard_until > timezone.now()


class Participant(BaseModel):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    last_read_seq = models.PositiveBigIntegerField(default=0)
    left_at = models.DateTimeField(null=True, blank=True)
    # Private feedback given when ending the conversation; never shown to the peer.
    feedback_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="conversations_participant_unique"),
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True) | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="conversations_participant_feedback_1_5",
            ),
        ]
        indexes = [models.Index(fields=["user", "left_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id} ({self.role})"


class Message(models.Model):
    """One message. Stored as written; escaped on output everywhere.

    `client_id` is the sender's idempotency key: a retry with the same key returns the stored message.
    """

    class Kind(models.TextChoices):
        USER = "user", _("Member")
        SYSTEM = "system", _("System")
        MODERATOR = "moderator", _("Moderator")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seq = models.PositiveBigIntegerField()
    client_id = models.CharField(max_length=CLIENT_ID_MAX)
    text = EncryptedTextField(max_length=TEXT_MAX)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.USER)
    # Held by the contact-detail guard: stored, shown to the sender only, never delivered to the others.
    is_held = models.BooleanField(default=False)
    # Removed by a moderator: kept for the sequence and the audit trail, never shown again.
    is_removed = models.BooleanField(default=False)
    # The sender deleted their account: the text is gone and the others see "message deleted".
    is_deleted = models.BooleanField(default=False)
    # Past the conversation's disappearing-messages time: the text is cleared for everyone.
    is_expired = models.BooleanField(default=False)
    risk_level = models.CharField(max_length=10, default="none")
    risk_score = models.FloatField(default=0.0)
    risk_reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="conversations_message_seq_unique"),
            models.UniqueConstraint(
                fields=["conversation", "sender", "client_id"], name="conversations_message_client_id_unique"
            ),
        ]
        # The send-rate limit counts a member's messages in the last few seconds.
        indexes = [models.Index(fields=["sender", "created_at"], name="conversations_msg_sender_time")]

    def __str__(self) -> str:
        return f"Message {self.conversation_id}#{self.seq}"
