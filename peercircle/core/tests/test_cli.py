from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest
from django.core.management import call_command

from peercircle.accounts.models import User
from peercircle.cli import main

pytestmark = pytest.mark.django_db


def test_help_lists_operator_commands():
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["help"]) == 0
    for command in ["run", "migrate", "createadmin", "demo", "screen", "match-file", "match-eval"]:
        assert command in out.getvalue()


def test_demo_is_idempotent_and_prints_accounts():
    out = io.StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=io.StringIO())
    text = out.getvalue()
    for handle in ["sam", "alex", "morgan", "admin"]:
        assert handle in text
        assert User.objects.filter(handle=handle).count() == 1
    assert User.objects.get(handle="alex").is_peer_supporter
    assert User.objects.get(handle="morgan").is_moderator
    assert User.objects.get(handle="admin").is_admin_role
    assert User.objects.get(handle="mia").is_minor


def test_createadmin(monkeypatch):
    monkeypatch.setenv("PEERCIRCLE_ADMIN_PASSWORD", "a-very-long-admin-pass")
    call_command("createadmin", "root-admin", stdout=io.StringIO())
    user = User.objects.get(handle="root-admin")
    assert user.is_superuser and user.is_admin_role and user.check_password("a-very-long-admin-pass")
