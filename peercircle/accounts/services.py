"""Writes of the accounts domain: sign-up, profile, roles, API tokens."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from peercircle.accounts.constants import (
    ABOUT_MAX,
    AVAILABILITY_SLOTS,
    CAPACITY_MAX,
    INTEREST_MAX,
    INTERESTS_MAX,
    LANGUAGE_CODES,
    ROLE_GROUPS,
    SITUATION_MAX,
    AgeBracket,
    Intent,
    PeerSupporterStatus,
    Relation,
    Role,
)
from peercircle.accounts.models import ApiToken, Consent, Profile, Topic, User, handle_validator, hash_token
from peercircle.core.events import send_event_on_commit
from peercircle.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied

VALID_TIME_ZONES = frozenset(zoneinfo.available_timezones())


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, code="validation_error", fields={field: [message]})


def _clean_languages(languages: Iterable[str] | None) -> list[str]:
    cleaned = sorted({str(code).strip().lower() for code in (languages or []) if code and str(code).strip()})
    if not cleaned:
        raise _invalid("languages", _("Choose at least one language."))
    unknown = [code for code in cleaned if code not in LANGUAGE_CODES]
    if unknown:
        raise _invalid("languages", _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)})
    return cleaned


def _clean_country(country: str) -> str:
    code = (country or "").strip().upper()
    if code and code not in dict(countries):
        raise _invalid("country", _("Unknown country code."))
    return code


def _clean_time_zone(time_zone: str) -> str:
    if time_zone not in VALID_TIME_ZONES:
        raise _invalid("time_zone", _("Unknown time zone."))
    return time_zone


def user_signup(
    *,
    handle: str,
    password: str,
    age_bracket: str,
    country: str,
    languages: Iterable[str],
    time_zone: str = "UTC",
    email: str = "",
    accepts_guidelines: bool,
) -> User:
    """Create a pseudonymous member with a profile and a recorded consent, all or nothing."""
    if not accepts_guidelines:
        raise _invalid("accepts_guidelines", _("Please read and accept the community guidelines to join."))
    try:
        handle_validator(handle)
    except ValidationError as exc:
        raise _invalid("handle", str(exc.messages[0])) from exc
    if age_bracket not in AgeBracket.values:
        raise _invalid("age_bracket", _("Choose an age bracket."))
    cleaned_languages = _clean_languages(languages)
    cleaned_country = _clean_country(country)
    cleaned_tz = _clean_time_zone(time_zone)
    candidate = User(handle=handle, email=email)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ApplicationError(
            " ".join(exc.messages), code="validation_error", fields={"password": list(exc.messages)}
        ) from exc
    if User.objects.filter(handle__iexact=handle).exists():
        raise Conflict(
            _("That handle is taken. Try another."), fields={"handle": [_("That handle is taken.")]}
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                handle,
                password,
                email=email,
                age_bracket=age_bracket,
                country=cleaned_country,
                languages=cleaned_languages,
                time_zone=cleaned_tz,
            )
            Profile.objects.create(user=user)
            Consent.objects.create(
                user=user, kind=Consent.Kind.GUIDELINES, version=settings.PEERCIRCLE["GUIDELINES_VERSION"]
            )
            group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[Role.MEMBER])
            user.groups.add(group)
    except IntegrityError as exc:  # two sign-ups racing for one handle
        raise Conflict(
            _("That handle is taken. Try another."), fields={"handle": [_("That handle is taken.")]}
        ) from exc
    return user


def user_update(*, user: User, data: dict[str, Any]) -> User:
    """Update account fields (not the handle or age bracket, which moderators change on request)."""
    fields: list[str] = []
    if "email" in data:
        user.email = (data["email"] or "").strip()
        fields.append("email")
    if "country" in data:
        user.country = _clean_country(data["country"])
        fields.append("country")
    if "languages" in data:
        user.languages = _clean_languages(data["languages"])
        fields.append("languages")
    if "time_zone" in data:
        user.time_zone = _clean_time_zone(data["time_zone"])
        fields.append("time_zone")
    if "is_discreet" in data:
        user.is_discreet = bool(data["is_discreet"])
        fields.append("is_discreet")
    if fields:
        user.save(update_fields=fields)
    return user


def profile_update(*, user: User, data: dict[str, Any]) -> Profile:
    """Update "my situation" and the rest of the profile. A situation change queues re-embedding."""
    profile = user.profile
    fields: list[str] = []
    situation_changed = False
    if "situation" in data:
        situation = (data["situation"] or "").strip()
        if len(situation) > SITUATION_MAX:
            raise _invalid("situation", _("Please keep this under %(n)s characters.") % {"n": SITUATION_MAX})
        situation_changed = situation != profile.situation
        profile.situation = situation
        fields.append("situation")
    if "about_me" in data:
        about = (data["about_me"] or "").strip()
        if len(about) > ABOUT_MAX:
            raise _invalid("about_me", _("Please keep this under %(n)s characters.") % {"n": ABOUT_MAX})
        if about and about != profile.about_me and _is_urgent(about):
            # Others read "about me": urgent words are not published; the writer is pointed to help.
            raise ApplicationError(
                _("We did not publish that. If things feel heavy right now, help is here: /safety/help/"),
                code="held",
                fields={"about_me": [_("Not published: please look at the help page.")]},
            )
        profile.about_me = about
        fields.append("about_me")
    if "relation" in data:
        if data["relation"] not in Relation.values:
            raise _invalid("relation", _("Choose how you relate to the situation."))
        profile.relation = data["relation"]
        fields.append("relation")
    if "intent" in data:
        if data["intent"] not in Intent.values:
            raise _invalid("intent", _("Choose whether you want support, to give it, or both."))
        profile.intent = data["intent"]
        fields.append("intent")
    if "interests" in data:
        interests = [str(i).strip()[:INTEREST_MAX] for i in (data["interests"] or []) if str(i).strip()]
        if len(interests) > INTERESTS_MAX:
            raise _invalid("interests", _("Up to %(n)s interests, please.") % {"n": INTERESTS_MAX})
        profile.interests = sorted(set(interests))
        fields.append("interests")
    if "availability" in data:
        slots = sorted(set(data["availability"] or []))
        unknown = [s for s in slots if s not in AVAILABILITY_SLOTS]
        if unknown:
            raise _invalid("availability", _("Unknown availability slot."))
        profile.availability = slots
        fields.append("availability")
    if "capacity" in data:
        capacity = data["capacity"]
        if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= CAPACITY_MAX:
            raise _invalid("capacity", _("Capacity is between 1 and %(n)s peers.") % {"n": CAPACITY_MAX})
        profile.capacity = capacity
        fields.append("capacity")
    topics: list[Topic] | None = None
    if "topics" in data:
        slugs = sorted(set(data["topics"] or []))
        topics = list(Topic.objects.filter(slug__in=slugs, is_active=True))
        if len(topics) != len(slugs):
            known = {t.slug for t in topics}
            unknown_topics = [s for s in slugs if s not in known]
            raise _invalid("topics", _("Unknown topic: %(t)s.") % {"t": ", ".join(map(str, unknown_topics))})
    with transaction.atomic():
        if situation_changed:
            profile.situation_changed_at = timezone.now()
            fields.append("situation_changed_at")
        if fields:
            profile.save(update_fields=[*fields, "updated_at"])
        if topics is not None:
            profile.topics.set(topics)
        if situation_changed or topics is not None:
            send_event_on_commit("profiles", {"type": "profile.changed", "user_id": user.pk})
            _queue_profile_embedding(user_id=user.pk)
    return profile


def _is_urgent(text: str) -> bool:
    from peercircle.safety.screening import screen_deep

    return screen_deep(text).level == "urgent"


def _queue_profile_embedding(*, user_id: int) -> None:
    """Matching embeds profiles in the background; it registers the task when installed."""
    try:
        from peercircle.matching.tasks import profile_embed  # type: ignore[attr-defined]
    except ImportError:
        return
    transaction.on_commit(lambda: profile_embed.enqueue(user_id=user_id))


def user_change_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise _invalid("old_password", _("Your current password is not right."))
    try:
        validate_password(new_password, user=user)
    except ValidationError as exc:
        raise ApplicationError(
            " ".join(exc.messages), code="validation_error", fields={"new_password": list(exc.messages)}
        ) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])


def peer_supporter_offer(*, user: User, motivation: str) -> Profile:
    """A member offers to support others; a moderator or admin decides."""
    profile = user.profile
    if profile.peer_supporter_status == PeerSupporterStatus.APPROVED:
        raise Conflict(_("You are already a peer supporter."))
    motivation = (motivation or "").strip()
    if not motivation:
        raise _invalid("motivation", _("Tell us a little about why you would like to support others."))
    if len(motivation) > 1000:
        raise _invalid("motivation", _("Please keep this under 1000 characters."))
    profile.peer_supporter_status = PeerSupporterStatus.PENDING
    profile.peer_supporter_motivation = motivation
    profile.save(update_fields=["peer_supporter_status", "peer_supporter_motivation", "updated_at"])
    return profile


@transaction.atomic
def peer_supporter_decide(*, moderator: User, user: User, is_approved: bool, reason: str = "") -> Profile:
    """Approve or decline an offer to be a peer supporter; audited."""
    from peercircle.notifications.services import notification_send
    from peercircle.safety.services import audit_log_record

    if not moderator.is_moderator:
        raise PermissionDenied(_("Only moderators and admins can decide this."))
    profile = Profile.objects.select_for_update().get(user=user)
    if profile.peer_supporter_status != PeerSupporterStatus.PENDING:
        raise NotFound()
    group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[Role.PEER_SUPPORTER])
    if is_approved:
        profile.peer_supporter_status = PeerSupporterStatus.APPROVED
        user.groups.add(group)
    else:
        profile.peer_supporter_status = PeerSupporterStatus.DECLINED
    profile.save(update_fields=["peer_supporter_status", "updated_at"])
    audit_log_record(
        actor=moderator,
        action="peer_supporter.approve" if is_approved else "peer_supporter.decline",
        target_type="user",
        target_id=user.pk,
        target_user=user,
        reason=reason,
    )
    notification_send(
        user=user,
        kind="account",
        title=_("You are now a peer supporter. Thank you.")
        if is_approved
        else _("Your offer to be a peer supporter was not approved this time."),
        body=reason,
    )
    return profile


def role_grant(*, actor: User | None, user: User, role: str) -> None:
    """Give a staff role (used by operators' commands and admins)."""
    from peercircle.safety.services import audit_log_record

    group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[Role(role)])
    with transaction.atomic():
        user.groups.add(group)
        if role in (Role.MODERATOR, Role.ADMIN) and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        audit_log_record(
            actor=actor,
            action="role.grant",
            target_type="user",
            target_id=user.pk,
            target_user=user,
            details={"role": role},
        )


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a bearer token; the raw value is returned once and never stored."""
    name = (name or "").strip()[:60] or "token"
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= 20:
        raise Conflict(_("You have too many active tokens. Revoke one first."))
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[3:11], key_hash=hash_token(raw))
    return token, raw


def api_token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise NotFound()


RESEARCH_CONSENT_VERSION = "2026-11"


def research_consent_set(*, user: User, is_given: bool) -> bool:
    """Give or withdraw the separate, revocable consent to research use of one's data."""
    with transaction.atomic():
        current = Consent.objects.select_for_update().filter(
            user=user, kind=Consent.Kind.RESEARCH, withdrawn_at__isnull=True
        )
        if is_given and not current.exists():
            Consent.objects.create(user=user, kind=Consent.Kind.RESEARCH, version=RESEARCH_CONSENT_VERSION)
        elif not is_given:
            current.update(withdrawn_at=timezone.now())
    return is_given
