"""The JSON API under /api/v1: one NinjaAPI, one Router per app."""

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from ninja import NinjaAPI
from ninja.security import django_auth

from peercircle.accounts.api import router as accounts_router
from peercircle.accounts.auth import ApiTokenAuth
from peercircle.conversations.api import router as conversations_router
from peercircle.core.api import install_error_handlers
from peercircle.goals.api import router as goals_router
from peercircle.matching.api import router as matching_router
from peercircle.notifications.api import router as notifications_router
from peercircle.safety.api import router as safety_router
from peercircle.stories.api import router as stories_router
from peercircle.wellbeing.api import router as wellbeing_router


def staff_only_docs(view: Any) -> Any:
    """The interactive docs page is for staff; the schema itself stays public for API clients."""
    inner = getattr(view, "func", None)
    if getattr(inner, "__name__", "") == "openapi_json":
        return view
    return staff_member_required(view)


api = NinjaAPI(
    title="PeerCircle API",
    version="1",
    urls_namespace="api",
    auth=[ApiTokenAuth(), django_auth],
    docs_decorator=staff_only_docs,
)
install_error_handlers(api)
api.add_router("/accounts", accounts_router)
api.add_router("/notifications", notifications_router)
api.add_router("/matching", matching_router)
api.add_router("/conversations", conversations_router)
api.add_router("/safety", safety_router)
api.add_router("/stories", stories_router)
api.add_router("/goals", goals_router)
api.add_router("/wellbeing", wellbeing_router)
