"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# Garbage collection pauses were the chat's tail latency (bench.chat, 1,000 sockets, 200 messages/s): full
# collections of 90-140 ms every few seconds. Everything loaded so far (Django, the apps, the screening
# lexicon) lives as long as the process, so it leaves the collector's view; and a larger first generation
# lets a message's short-lived objects die young instead of being promoted, which is what kept triggering
# full collections. Cycles are still collected, just less often.
gc.freeze()
gc.set_threshold(50_000, 20, 20)
