from django.urls import path
from django.utils.translation import gettext_lazy as _

from peercircle.core.views import coming_soon

app_name = "wellbeing"

urlpatterns = [
    path("", coming_soon, {"title": _("Wellbeing")}, name="index"),
]
