from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.core.models import RetentionSettings
from peercircle.core.retention import retention_enforce
from peercircle.core.testing.factories import UserFactory
from peercircle.notifications.models import Notification
from peercircle.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def test_inactive_accounts_are_erased_after_the_policy_period():
    now = timezone.now()
    stale = UserFactory(handle="gone-quiet", last_login=now - timedelta(days=800))
    recent = UserFactory(handle="still-here", last_login=now - timedelta(days=10))
    staff = UserFactory(handle="staffer", last_login=now - timedelta(days=900), is_staff=True)
    removed = retention_enforce(now=now)
    assert removed["accounts.inactive_accounts"] == 1
    assert not User.objects.get(pk=stale.pk).is_active
    assert User.objects.get(pk=stale.pk).handle.startswith("deleted-")
    assert User.objects.get(pk=recent.pk).is_active
    assert User.objects.get(pk=staff.pk).is_active


def test_zero_means_keep(member):
    policy = RetentionSettings.load()
    policy.inactive_account_days = 0
    policy.save()
    User.objects.filter(pk=member.pk).update(last_login=timezone.now() - timedelta(days=5000))
    retention_enforce()
    assert User.objects.get(pk=member.pk).is_active


def test_old_read_notifications_are_deleted_but_unread_kept(member):
    old_read = notification_send(user=member, kind="account", title="old read")
    old_unread = notification_send(user=member, kind="account", title="old unread")
    Notification.objects.filter(pk__in=[old_read.pk, old_unread.pk]).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    Notification.objects.filter(pk=old_read.pk).update(read_at=timezone.now())
    retention_enforce()
    assert list(Notification.objects.values_list("title", flat=True)) == ["old unread"]
