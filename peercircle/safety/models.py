from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peercircle.core.fields import EncryptedTextField
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
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, blank=True)  # the moderator action taken
    resolution_reason = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at"]


TARGET_TYPES = ("message", "story", "comment", "question", "answer", "user")
# What an escalation can be about: members' text from conversations, stories and goals. A
# "worksheet_suggestion" is the latest idea a peer offered on a worksheet (content_id is the worksheet's).
CONTENT_TYPES = (
    "message",
    "story",
    "comment",
    "question",
    "answer",
    "thank_you",
    "goal_checkin",
    "encouragement",
    "worksheet",
    "worksheet_suggestion",
)
PLAN_FIELD_MAX = 2000
NOTE_MAX = 2000
NOTES_TOTAL_MAX = 20_000


class CrisisResource(BaseModel):
    """One crisis service in one country, edited by admins; seeded from data/crisis_resources.json.

    `country` is an ISO 3166-1 alpha-2 code or "INTL" for the international directories.
    """

    slug = models.SlugField(max_length=80, unique=True)
    country = models.CharField(_("country code"), max_length=4, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    text_number = models.CharField(_("text number"), max_length=40, blank=True)
    text_keyword = models.CharField(_("text keyword"), max_length=20, blank=True)
    chat_url = models.URLField(_("chat link"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    audience = models.CharField(_("audience"), max_length=120, blank=True)
    for_young_people = models.BooleanField(
        _("for children and young people"),
        default=False,
        help_text=_("Members under 18 are offered this country's first confirmed one before the others."),
    )
    is_recommended = models.BooleanField(_("suggest first in this country"), default=False)
    verified = models.BooleanField(
        _("confident of the details"),
        default=False,
        help_text=_("Unconfirmed services are shown after confirmed ones."),
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["country", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(is_recommended=True, is_active=True),
                name="safety_crisisresource_one_recommended",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.name}"


class SafetyPlan(BaseModel):
    """A private Stanley-Brown safety plan. Only its owner ever reads it (not moderators or admins)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = EncryptedTextField(_("1. My warning signs"), max_length=PLAN_FIELD_MAX, blank=True)
    coping_strategies = EncryptedTextField(
        _("2. Things I can do on my own to take my mind off things"), max_length=PLAN_FIELD_MAX, blank=True
    )
    distractions = EncryptedTextField(
        _("3. People and places that help me feel better"), max_length=PLAN_FIELD_MAX, blank=True
    )
    people_to_ask = EncryptedTextField(
        _("4. People I can ask for help"), max_length=PLAN_FIELD_MAX, blank=True
    )
    professionals = EncryptedTextField(
        _("5. Professionals and services I can contact, including crisis lines"),
        max_length=PLAN_FIELD_MAX,
        blank=True,
    )
    safe_environment = EncryptedTextField(
        _("6. Making my surroundings safer"), max_length=PLAN_FIELD_MAX, blank=True
    )

    STEPS = (
        "warning_signs",
        "coping_strategies",
        "distractions",
        "people_to_ask",
        "professionals",
        "safe_environment",
    )

    def __str__(self) -> str:
        return f"Safety plan #{self.pk}"


class Escalation(BaseModel):
    """A possible crisis brought to moderators: one per member and conversation per cool-down.

    `context` is an encrypted JSON list of the few messages moderators may read (never the whole history).
    """

    class Level(models.TextChoices):
        CONCERN = "concern", _("Concern")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        ACKNOWLEDGED = "acknowledged", _("A moderator is on it")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        TRUE_RISK = "true_risk", _("Real risk")
        FALSE_ALARM = "false_alarm", _("False alarm")
        EMERGENCY_SERVICES = "emergency_services", _("Handed to emergency services")
        OTHER = "other", _("Other")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="escalations")
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.CharField(max_length=20)  # one of CONTENT_TYPES
    content_id = models.PositiveBigIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    first_level = models.CharField(max_length=10, choices=Level.choices)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    context = EncryptedTextField(blank=True)
    signal_count = models.PositiveIntegerField(default=1)
    last_signal_at = models.DateTimeField()
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN, db_index=True)
    alerted_at = models.DateTimeField()  # when moderators were first told (or told again on reopening)
    last_alerted_at = models.DateTimeField(null=True, blank=True)
    realert_count = models.PositiveIntegerField(default=0)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    notes = EncryptedTextField(blank=True)
    member_said_not_crisis = models.BooleanField(default=False)
    member_said_not_crisis_at = models.DateTimeField(null=True, blank=True)
    followup_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    followup_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "conversation", "created_at"])]

    def __str__(self) -> str:
        return f"Escalation {self.pk} ({self.level}, {self.status})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED
