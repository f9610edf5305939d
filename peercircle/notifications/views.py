from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercircle.notifications.models import Kind
from peercircle.notifications.selectors import notification_list, notification_preferences
from peercircle.notifications.services import notification_mark_read, notification_preferences_set


@login_required
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(notification_list(user=request.user), 30).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    return render(request, "notifications/index.html", {"page": page})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    notification_mark_read(user=request.user)  # type: ignore[arg-type]
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "notifications/index.html#badge", {"unread_notifications": 0})
    return redirect("notifications:index")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        enabled = {kind: request.POST.get(f"enabled_{kind}") == "on" for kind in Kind.values}
        email = {kind: request.POST.get(f"email_{kind}") == "on" for kind in Kind.values}
        notification_preferences_set(user=request.user, enabled=enabled, email=email)  # type: ignore[arg-type]
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"rows": notification_preferences(user=request.user)},  # type: ignore[arg-type]
    )
