"""WebSocket routes, one list per app."""

from peercircle.conversations.routing import websocket_urlpatterns as conversation_routes
from peercircle.safety.routing import websocket_urlpatterns as safety_routes

websocket_urlpatterns = [*conversation_routes, *safety_routes]
