from django.urls import URLPattern, path

from peercircle.conversations.consumers import ConversationConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/conversations/<int:conversation_id>/", ConversationConsumer.as_asgi()),  # type: ignore[arg-type]
]
