from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from peercircle.accounts.constants import (
    ABOUT_MAX,
    CAPACITY_MAX,
    HANDLE_MAX,
    SITUATION_MAX,
    AgeBracket,
    Intent,
    PeerSupporterStatus,
    Relation,
)
from peercircle.core.fields import EncryptedTextField
from peercircle.core.models import BaseModel

handle_validator = RegexValidator(
    r"^[A-Za-z0-9_.-]{3,30}$",
    _("Use 3-30 letters, numbers, dots, dashes or underscores. No real name needed."),
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(handle__iexact=username)

    def create_user(self, handle: str, password: str | None = None, **extra: Any) -> User:
        if not handle:
            raise ValueError("A handle is required.")
        user = self.model(handle=handle, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, handle: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(handle, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member, pseudonymous by default: the handle is the only name we ask for."""

    handle = models.CharField(_("handle"), max_length=HANDLE_MAX, validators=[handle_validator])
    email = models.EmailField(_("email (optional)"), blank=True)
    age_bracket = models.CharField(
        _("age"), max_length=5, choices=AgeBracket.choices, default=AgeBracket.ADULT
    )
    country = CountryField(_("country"), blank=True)
    languages = models.JSONField(_("languages"), default=list)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    is_discreet = models.BooleanField(_("discreet mode"), default=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    muted_until = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    USERNAME_FIELD = "handle"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("handle"), name="accounts_user_handle_ci_unique")]

    def __str__(self) -> str:
        return self.handle

    @property
    def is_minor(self) -> bool:
        return self.age_bracket == AgeBracket.MINOR

    @property
    def is_suspended(self) -> bool:
        return (not self.is_active) or (
            self.suspended_until is not None and self.suspended_until > timezone.now()
        )

    @property
    def is_muted(self) -> bool:
        return self.muted_until is not None and self.muted_until > timezone.now()

    def has_role(self, role: str) -> bool:
        from peercircle.accounts.selectors import user_has_role

        return user_has_role(user=self, role=role)

    @property
    def is_moderator(self) -> bool:
        return self.has_role("moderator")

    @property
    def is_admin_role(self) -> bool:
        return self.has_role("admin")

    @property
    def is_peer_supporter(self) -> bool:
        return self.has_role("peer_supporter")


class Topic(BaseModel):
    """The curated taxonomy of situations; admins edit it."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Profile(BaseModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    situation = EncryptedTextField(
        _("my situation"),
        max_length=SITUATION_MAX,
        blank=True,
        help_text=_("Private: used to find peers in a similar situation. Never shown to others."),
    )
    about_me = models.CharField(_("about me"), max_length=ABOUT_MAX, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="profiles")
    relation = models.CharField(max_length=20, choices=Relation.choices, default=Relation.LIVING_WITH)
    intent = models.CharField(max_length=10, choices=Intent.choices, default=Intent.GET)
    interests = models.JSONField(default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(CAPACITY_MAX)]
    )
    peer_supporter_status = models.CharField(
        max_length=10, choices=PeerSupporterStatus.choices, default=PeerSupporterStatus.NONE
    )
    peer_supporter_motivation = models.CharField(max_length=1000, blank=True)
    situation_changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class Consent(BaseModel):
    """Consent given (and possibly withdrawn) with the version of the text agreed to."""

    class Kind(models.TextChoices):
        GUIDELINES = "guidelines", _("Community guidelines")
        RESEARCH = "research", _("Research use of my data")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(BaseModel):
    """A bearer token for mobile clients; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=60)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def generate() -> str:
        return "pc_" + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
