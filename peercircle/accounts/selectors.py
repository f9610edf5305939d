from __future__ import annotations

from django.db.models import QuerySet

from peercircle.accounts.constants import ROLE_GROUPS, PeerSupporterStatus, Role
from peercircle.accounts.models import Profile, Topic, User
from peercircle.core.exceptions import NotFound


def user_has_role(*, user: User, role: str) -> bool:
    """Roles are groups; admins hold every staff role, superusers hold all."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = set(user.groups.values_list("name", flat=True))
    if role == Role.MEMBER:
        return True
    if role == Role.MODERATOR:
        return bool({ROLE_GROUPS[Role.MODERATOR], ROLE_GROUPS[Role.ADMIN]} & names)
    return ROLE_GROUPS[Role(role)] in names


def user_roles(*, user: User) -> list[str]:
    return [role.value for role in Role if user_has_role(user=user, role=role)]


def topic_list(*, include_inactive: bool = False) -> QuerySet[Topic]:
    queryset = Topic.objects.all()
    return queryset if include_inactive else queryset.filter(is_active=True)


def user_get_by_handle(*, handle: str) -> User:
    """An active member by handle, for public profile pages."""
    user = User.objects.filter(handle__iexact=handle, is_active=True).select_related("profile").first()
    if user is None:
        raise NotFound()
    return user


def peer_supporter_applications() -> QuerySet[Profile]:
    return Profile.objects.filter(peer_supporter_status=PeerSupporterStatus.PENDING).select_related("user")


def has_research_consent(*, user: User) -> bool:
    from peercircle.accounts.models import Consent

    return Consent.objects.filter(user=user, kind=Consent.Kind.RESEARCH, withdrawn_at__isnull=True).exists()
