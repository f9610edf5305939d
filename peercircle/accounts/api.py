from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.throttling import AnonRateThrottle

from peercircle.accounts.models import ApiToken, User
from peercircle.accounts.schemas import (
    DecisionIn,
    DeleteAccountIn,
    MeOut,
    OkOut,
    PasswordIn,
    PeerSupporterApplicationOut,
    PeerSupporterOfferIn,
    ProfileIn,
    PublicMemberOut,
    ResearchConsentOut,
    SignupIn,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    TopicOut,
)
from peercircle.accounts.selectors import (
    has_research_consent,
    peer_supporter_applications,
    topic_list,
    user_get_by_handle,
    user_roles,
)
from peercircle.accounts.services import (
    api_token_create,
    api_token_revoke,
    peer_supporter_decide,
    peer_supporter_offer,
    profile_update,
    research_consent_set,
    user_change_password,
    user_signup,
    user_update,
)
from peercircle.core.api import auth_user
from peercircle.core.exceptions import ApplicationError, NotFound, PermissionDenied
from peercircle.core.privacy import account_delete, account_export

router = Router(tags=["accounts"])


def me_out(user: User) -> dict[str, Any]:
    profile = user.profile
    return {
        "id": user.pk,
        "handle": user.handle,
        "email": user.email,
        "age_bracket": user.age_bracket,
        "country": str(user.country),
        "languages": user.languages,
        "time_zone": user.time_zone,
        "is_discreet": user.is_discreet,
        "roles": user_roles(user=user),
        "situation": profile.situation,
        "about_me": profile.about_me,
        "topics": list(profile.topics.values_list("slug", flat=True)),
        "relation": profile.relation,
        "intent": profile.intent,
        "interests": profile.interests,
        "availability": profile.availability,
        "capacity": profile.capacity,
        "peer_supporter_status": profile.peer_supporter_status,
    }


@router.post("/signup", auth=None, response={201: MeOut}, throttle=[AnonRateThrottle("10/h")])
def signup(request: HttpRequest, payload: SignupIn) -> Status:
    """Create an account. Browsers are logged in at once; mobile clients then create a token."""
    user = user_signup(**payload.dict())
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return Status(201, me_out(user))


@router.get("/topics", auth=None, response=list[TopicOut])
def topics(request: HttpRequest) -> Any:
    return topic_list()


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    return me_out(auth_user(request))


@router.patch("/me", response=MeOut)
def me_update(request: HttpRequest, payload: ProfileIn) -> dict[str, Any]:
    user: User = auth_user(request)
    data = payload.dict(exclude_unset=True, exclude_none=True)
    account = {
        k: data.pop(k) for k in ("email", "country", "languages", "time_zone", "is_discreet") if k in data
    }
    user_update(user=user, data=account)
    profile_update(user=user, data=data)
    user.refresh_from_db()
    return me_out(user)


@router.post("/me/password", response=OkOut)
def change_password(request: HttpRequest, payload: PasswordIn) -> dict[str, bool]:
    user_change_password(
        user=auth_user(request), old_password=payload.old_password, new_password=payload.new_password
    )  # type: ignore[arg-type]
    return {"ok": True}


@router.get("/me/research-consent", response=ResearchConsentOut)
def research_consent(request: HttpRequest) -> dict[str, bool]:
    return {"is_given": has_research_consent(user=auth_user(request))}


@router.put("/me/research-consent", response=ResearchConsentOut)
def research_consent_update(request: HttpRequest, payload: ResearchConsentOut) -> dict[str, bool]:
    """Separate from the guidelines, revocable at any time; the outcome report never needs it."""
    return {"is_given": research_consent_set(user=auth_user(request), is_given=payload.is_given)}


@router.get("/me/export")
def export(request: HttpRequest) -> dict[str, Any]:
    """Everything PeerCircle stores about me, as one JSON document with a readable summary."""
    return account_export(user=auth_user(request))


@router.post("/me/delete", response={204: None})
def delete_me(request: HttpRequest, payload: DeleteAccountIn) -> Status:
    """Delete my account and my data. The password is asked again."""
    user = auth_user(request)
    if not user.check_password(payload.password):
        raise ApplicationError(_("Your password is not right."), code="invalid_credentials")
    account_delete(user=user)
    logout(request)
    return Status(204, None)


@router.post("/tokens", auth=None, response={201: TokenCreatedOut}, throttle=[AnonRateThrottle("20/h")])
def token_create(request: HttpRequest, payload: TokenCreateIn) -> Status:
    """Exchange a handle and password for a bearer token (shown once)."""
    user = authenticate(request, username=payload.handle, password=payload.password)
    if user is None:
        raise ApplicationError(_("Handle or password is not right."), code="invalid_credentials")
    token, raw = api_token_create(user=user, name=payload.name)  # type: ignore[arg-type]
    return Status(201, {"id": token.pk, "name": token.name, "token": raw})


@router.get("/tokens", response=list[TokenOut])
def token_list(request: HttpRequest) -> Any:
    return ApiToken.objects.filter(user=auth_user(request), revoked_at__isnull=True).order_by("-created_at")


@router.delete("/tokens/{token_id}", response={204: None})
def token_revoke(request: HttpRequest, token_id: int) -> Status:
    api_token_revoke(user=auth_user(request), token_id=token_id)
    return Status(204, None)


@router.get("/members/{handle}", response=PublicMemberOut)
def member(request: HttpRequest, handle: str) -> dict[str, Any]:
    """The public side of a member: handle, "about me", topics. Never their situation."""
    viewer: User = auth_user(request)
    if len(handle) > 30:
        raise NotFound()
    target = user_get_by_handle(handle=handle)
    if target.is_minor != viewer.is_minor and not viewer.is_moderator:
        raise NotFound()
    return {
        "handle": target.handle,
        "about_me": target.profile.about_me,
        "topics": list(target.profile.topics.values_list("slug", flat=True)),
        "is_peer_supporter": target.is_peer_supporter,
    }


@router.post("/me/peer-supporter", response=MeOut)
def offer_support(request: HttpRequest, payload: PeerSupporterOfferIn) -> dict[str, Any]:
    peer_supporter_offer(user=auth_user(request), motivation=payload.motivation)
    return me_out(auth_user(request))


@router.get("/peer-supporter-applications", response=list[PeerSupporterApplicationOut])
def applications(request: HttpRequest) -> list[dict[str, Any]]:
    if not auth_user(request).is_moderator:
        raise PermissionDenied(_("Only moderators and admins can see this."))
    return [
        {
            "user_id": p.user_id,
            "handle": p.user.handle,
            "motivation": p.peer_supporter_motivation,
            "status": p.peer_supporter_status,
        }
        for p in peer_supporter_applications()
    ]


@router.post("/peer-supporter-applications/{user_id}/decision", response=OkOut)
def decide(request: HttpRequest, user_id: int, payload: DecisionIn) -> dict[str, bool]:
    moderator: User = auth_user(request)
    if not moderator.is_moderator:
        raise PermissionDenied(_("Only moderators and admins can decide this."))
    target = User.objects.filter(pk=user_id).first()
    if target is None:
        raise NotFound()
    peer_supporter_decide(
        moderator=moderator, user=target, is_approved=payload.is_approved, reason=payload.reason
    )
    return {"ok": True}
