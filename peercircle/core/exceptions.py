"""Errors that services raise and that the web, API and WebSocket layers turn into clear answers."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the product was not met; the message is safe to show to the member."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class NotFound(ApplicationError):
    """Missing, or not the requester's: the two are never told apart."""

    status = 404
    code = "not_found"

    def __init__(self, message: str = "Not found.", **kwargs: Any):
        super().__init__(message, **kwargs)


class PermissionDenied(ApplicationError):
    status = 403
    code = "forbidden"


class Conflict(ApplicationError):
    status = 409
    code = "conflict"


class RateLimited(ApplicationError):
    status = 429
    code = "rate_limited"
