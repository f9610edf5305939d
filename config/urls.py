from django.contrib import admin
from django.urls import include, path

from config.api import api

admin.site.site_header = "PeerCircle administration"
admin.site.site_title = "PeerCircle admin"

urlpatterns = [
    path("", include("peercircle.core.urls")),
    path("accounts/", include("peercircle.accounts.urls")),
    path("notifications/", include("peercircle.notifications.urls")),
    path("matching/", include("peercircle.matching.urls")),
    path("conversations/", include("peercircle.conversations.urls")),
    path("safety/", include("peercircle.safety.urls")),
    path("stories/", include("peercircle.stories.urls")),
    path("goals/", include("peercircle.goals.urls")),
    path("wellbeing/", include("peercircle.wellbeing.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
