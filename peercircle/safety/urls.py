from django.urls import path
from django.utils.translation import gettext_lazy as _

from peercircle.core.views import coming_soon
from peercircle.safety import views

app_name = "safety"

urlpatterns = [
    path("help/", views.help_now, name="help"),
    path("plan/", coming_soon, {"title": _("My safety plan")}, name="plan"),
    path("moderation/", coming_soon, {"title": _("Moderation")}, name="moderation"),
]
