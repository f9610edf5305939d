"""Export and erasure of what the accounts app holds about a member."""

from __future__ import annotations

from typing import Any

from peercircle.accounts.models import ApiToken, Consent, Profile, User


def export_user_data(user: User) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).first()
    return {
        "account": {
            "handle": user.handle,
            "email": user.email,
            "age_bracket": user.age_bracket,
            "country": str(user.country),
            "languages": user.languages,
            "time_zone": user.time_zone,
            "date_joined": user.date_joined.isoformat(),
        },
        "profile": None
        if profile is None
        else {
            "situation": profile.situation,
            "about_me": profile.about_me,
            "topics": list(profile.topics.values_list("slug", flat=True)),
            "relation": profile.relation,
            "intent": profile.intent,
            "interests": profile.interests,
            "availability": profile.availability,
            "capacity": profile.capacity,
            "peer_supporter_status": profile.peer_supporter_status,
        },
        "consents": [
            {
                "kind": c.kind,
                "version": c.version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in Consent.objects.filter(user=user)
        ],
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat()}
            for t in ApiToken.objects.filter(user=user)
        ],
    }


def erase_user_data(user: User) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    # Login-throttling records name the handle; they go too.
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.handle).delete()
    Profile.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    Consent.objects.filter(user=user).delete()
