"""Stable JSON errors for the whole API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import AuthorizationError as NinjaAuthorizationError

from peercircle.core.exceptions import ApplicationError

if TYPE_CHECKING:
    from peercircle.accounts.models import User


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, Any] = {}


class ErrorOut(Schema):
    error: ErrorBody


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, Any] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status
    )


def _validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(part) for part in err.get("loc", []) if part not in ("body", "payload", "query", "path")]
        key = ".".join(loc) or "__all__"
        fields.setdefault(key, []).append(str(err.get("msg", "invalid")))
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            api,
            request,
            422,
            "validation_error",
            _("Some fields are not valid."),
            _validation_fields(exc.errors),
        )

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "not_authenticated", _("Log in or send a valid API token."))

    @api.exception_handler(NinjaAuthorizationError)
    def authorization_error(request: HttpRequest, exc: NinjaAuthorizationError) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", _("You are not allowed to do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(OverflowError)
    def overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # A number beyond what the database stores: it can name nothing that exists.
        return error_response(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(DataError)
    def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        return error_response(api, request, 422, "validation_error", _("A value is out of range."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {
            400: "bad_request",
            401: "not_authenticated",
            403: "forbidden",
            404: "not_found",
            429: "rate_limited",
        }
        return error_response(api, request, exc.status_code, code.get(exc.status_code, "error"), str(exc))


def auth_user(request: HttpRequest) -> User:
    """The authenticated member of an API request (session or token)."""
    return cast("User", request.auth)  # type: ignore[attr-defined]
