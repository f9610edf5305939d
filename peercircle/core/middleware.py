"""Turn product errors raised by services inside page views into calm pages with the right status."""

from __future__ import annotations

from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peercircle.core.exceptions import ApplicationError, NotFound


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, (OverflowError, DataError)):
            # An id beyond what the database stores names nothing: the same page as any unknown id.
            return render(request, "core/404.html", status=404)
        if not isinstance(exception, ApplicationError):
            return None
        if isinstance(exception, NotFound):
            return render(request, "core/404.html", status=404)
        return render(request, "core/error.html", {"message": exception.message}, status=exception.status)
