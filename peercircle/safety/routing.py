from django.urls import URLPattern, path

from peercircle.safety.consumers import ModerationConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/moderation/", ModerationConsumer.as_asgi()),  # type: ignore[arg-type]
]
