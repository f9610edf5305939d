from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from peercircle.core.api import auth_user
from peercircle.notifications.models import Kind
from peercircle.notifications.selectors import (
    notification_list,
    notification_preferences,
    notification_unread_count,
)
from peercircle.notifications.services import notification_mark_read, notification_preferences_set

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class UnreadOut(Schema):
    unread: int


class MarkReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] | None = Field(None, max_length=500)


class NotificationPreferenceOut(Schema):
    kind: str
    label: str
    is_enabled: bool
    is_email_enabled: bool
    is_locked: bool


class NotificationPreferenceIn(Schema):
    kind: Kind
    is_enabled: bool = True
    is_email_enabled: bool = False


@router.get("/", response=list[NotificationOut])
@paginate(LimitOffsetPagination)
def list_notifications(request: HttpRequest):  # type: ignore[no-untyped-def]
    return notification_list(user=auth_user(request))


@router.get("/unread", response=UnreadOut)
def unread(request: HttpRequest) -> dict[str, int]:
    return {"unread": notification_unread_count(user=auth_user(request))}


@router.post("/read", response=UnreadOut)
def mark_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    notification_mark_read(user=auth_user(request), notification_ids=payload.ids)
    return {"unread": notification_unread_count(user=auth_user(request))}


@router.get("/preferences", response=list[NotificationPreferenceOut])
def get_preferences(request: HttpRequest) -> list[dict[str, object]]:
    return notification_preferences(user=auth_user(request))


@router.put("/preferences", response=list[NotificationPreferenceOut])
def put_preferences(request: HttpRequest, payload: list[NotificationPreferenceIn]) -> list[dict[str, object]]:
    enabled = {p.kind.value: p.is_enabled for p in payload}
    email = {p.kind.value: p.is_email_enabled for p in payload}
    notification_preferences_set(user=auth_user(request), enabled=enabled, email=email)
    return notification_preferences(user=auth_user(request))
