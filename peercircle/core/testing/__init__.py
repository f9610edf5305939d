"""Shared test helpers: factories, logged-in clients, API helpers."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from peercircle.accounts.models import User


def logged_in(user: User) -> Client:
    """A test client with a session for `user` (CSRF checks on, as in a browser)."""
    client = Client(enforce_csrf_checks=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def api(client: Client, method: str, path: str, body: Any = None, **extra: Any) -> Any:
    """Call the JSON API; returns the response (with .json() available)."""
    kwargs: dict[str, Any] = {"content_type": "application/json", **extra}
    if body is not None:
        kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return getattr(client, method.lower())(f"/api/v1{path}", **kwargs)
