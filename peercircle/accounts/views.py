from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from peercircle.accounts.forms import PeerSupporterOfferForm, ProfileForm, SignupForm
from peercircle.accounts.models import User
from peercircle.accounts.selectors import (
    has_research_consent,
    peer_supporter_applications,
    user_get_by_handle,
)
from peercircle.accounts.services import (
    peer_supporter_decide,
    peer_supporter_offer,
    profile_update,
    research_consent_set,
    user_signup,
    user_update,
)
from peercircle.core.exceptions import ApplicationError
from peercircle.core.privacy import account_delete, account_export
from peercircle.stories.selectors import recognition_context


def _apply_errors(form: Any, exc: ApplicationError) -> None:
    if exc.fields:
        for field, errors in exc.fields.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc.message)


@ratelimit(key="ip", rate="10/h", method="POST", block=True)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_signup(**form.cleaned_data)
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to PeerCircle. Tell us a little about your situation."))
            return redirect("accounts:profile_edit")
    return render(request, "accounts/signup.html", {"form": form})


@method_decorator(ratelimit(key="ip", rate="30/h", method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/accounts/profile/"

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    profile = user.profile
    initial = {
        "situation": profile.situation,
        "about_me": profile.about_me,
        "topics": list(profile.topics.values_list("slug", flat=True)),
        "relation": profile.relation,
        "intent": profile.intent,
        "interests": ", ".join(profile.interests),
        "availability": profile.availability,
        "capacity": profile.capacity,
        "country": str(user.country),
        "languages": user.languages,
        "time_zone": user.time_zone,
        "is_discreet": user.is_discreet,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["interests"] = [i for i in data["interests"].split(",") if i.strip()]
        account = {k: data.pop(k) for k in ("country", "languages", "time_zone", "is_discreet")}
        try:
            user_update(user=user, data=account)
            profile_update(user=user, data=data)
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile_edit")
    return render(request, "accounts/profile_edit.html", {"form": form, "profile": profile})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything, or delete the account (handle and password asked again)."""
    user: User = request.user  # type: ignore[assignment]
    error = ""
    if request.method == "POST" and request.POST.get("action") == "export":
        archive = account_export(user=user)
        response = JsonResponse(archive, json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="peercircle-my-data.json"'
        return response
    if request.method == "POST" and request.POST.get("action") == "research":
        research_consent_set(user=user, is_given=request.POST.get("is_given") == "on")
        messages.success(request, _("Your research consent choice is saved."))
        return redirect("accounts:my_data")
    if request.method == "POST" and request.POST.get("action") == "delete":
        if request.POST.get("confirm_handle", "").lower() != user.handle.lower() or not user.check_password(
            request.POST.get("password", "")
        ):
            error = _("Type your handle and your password to confirm.")
        else:
            account_delete(user=user)
            logout(request)
            messages.success(request, _("Your account and your data have been deleted. Take care."))
            return redirect("core:home")
    return render(
        request,
        "accounts/my_data.html",
        {"error": error, "research_consent": has_research_consent(user=user)},
    )


@login_required
def member_detail(request: HttpRequest, handle: str) -> HttpResponse:
    member = user_get_by_handle(handle=handle)
    viewer: User = request.user  # type: ignore[assignment]
    # Minors and adults do not see each other's profiles: the same 404 as a missing handle.
    if member.is_minor != viewer.is_minor and not viewer.is_moderator:
        return render(request, "core/404.html", status=404)
    # The helper's recognition (counts and badges, never who was helped) from the stories app.
    context = recognition_context(viewer=viewer, member=member)
    return render(request, "accounts/member_detail.html", context)


@login_required
def peer_supporter(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PeerSupporterOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            peer_supporter_offer(user=user, motivation=form.cleaned_data["motivation"])
        except ApplicationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you. A moderator will look at your offer soon."))
            return redirect("accounts:peer_supporter")
    return render(request, "accounts/peer_supporter.html", {"form": form, "profile": user.profile})


def _is_moderator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_moderator)


@user_passes_test(_is_moderator)
def peer_supporter_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/peer_supporter_queue.html", {"applications": peer_supporter_applications()}
    )


@require_POST
@user_passes_test(_is_moderator)
def peer_supporter_decision(request: HttpRequest, user_id: int) -> HttpResponse:
    member = User.objects.filter(pk=user_id).first()
    if member is None:
        return render(request, "core/404.html", status=404)
    try:
        peer_supporter_decide(
            moderator=request.user,  # type: ignore[arg-type]
            user=member,
            is_approved=request.POST.get("decision") == "approve",
            reason=request.POST.get("reason", "")[:500],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decision saved."))
    return redirect("accounts:peer_supporter_queue")
