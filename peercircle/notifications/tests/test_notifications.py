from __future__ import annotations

import pytest

from peercircle.core.testing import api, logged_in
from peercircle.notifications.models import Notification
from peercircle.notifications.services import notification_preferences_set, notification_send

pytestmark = pytest.mark.django_db


def test_notification_shows_in_badge_page_and_api(member):
    notification_send(
        user=member, kind="match_proposal", title="Someone would like to connect", url="/matching/"
    )
    client = logged_in(member)
    home = client.get("/").content.decode()
    assert 'id="notification-badge"' in home and ">1<" in home
    assert "Someone would like to connect" in client.get("/notifications/").content.decode()
    assert api(client, "get", "/notifications/unread").json() == {"unread": 1}
    assert api(client, "post", "/notifications/read", {}).json() == {"unread": 0}
    assert 'id="notification-badge"' not in client.get("/").content.decode()


def test_switched_off_kind_is_not_delivered_but_account_notices_are(member):
    notification_preferences_set(user=member, enabled={"message": False, "account": False}, email={})
    assert notification_send(user=member, kind="message", title="New message") is None
    assert notification_send(user=member, kind="account", title="Your account was warned") is not None
    assert list(Notification.objects.filter(user=member).values_list("kind", flat=True)) == ["account"]


def test_preferences_page_round_trip(member):
    client = logged_in(member)
    client.post("/notifications/settings/", {"enabled_match_proposal": "on"})
    prefs = {row["kind"]: row for row in api(client, "get", "/notifications/preferences").json()}
    assert prefs["match_proposal"]["is_enabled"] is True
    assert prefs["message"]["is_enabled"] is False
    assert prefs["account"]["is_enabled"] is True and prefs["account"]["is_locked"] is True


def test_notifications_are_private(member, other_member):
    notification_send(user=member, kind="message", title="For sam only")
    response = api(logged_in(other_member), "get", "/notifications/")
    assert response.json()["items"] == []
    api(logged_in(other_member), "post", "/notifications/read", {"ids": [Notification.objects.get().pk]})
    assert Notification.objects.get().read_at is None


def test_discreet_mode_hides_notification_bodies(member):
    notification_send(user=member, kind="message", title="New message", body="I feel awful tonight")
    client = logged_in(member)
    assert "I feel awful tonight" in client.get("/notifications/").content.decode()
    api(client, "patch", "/accounts/me", {"is_discreet": True})
    assert "I feel awful tonight" not in client.get("/notifications/").content.decode()


def test_moderator_alerts_cannot_be_switched_off(moderator, member):
    notification_preferences_set(user=moderator, enabled={"moderator_alert": False}, email={})
    assert (
        notification_send(user=moderator, kind="moderator_alert", title="Someone may be at risk") is not None
    )
    rows = {row["kind"]: row for row in api(logged_in(moderator), "get", "/notifications/preferences").json()}
    assert rows["moderator_alert"]["is_locked"] is True
    member_rows = {row["kind"] for row in api(logged_in(member), "get", "/notifications/preferences").json()}
    assert "moderator_alert" not in member_rows
