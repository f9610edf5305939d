"""`peercircle run`: migrate, start the task worker, and serve the ASGI app with uvicorn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, start the background task worker, and serve PeerCircle with uvicorn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task worker.")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {**os.environ}
        children: list[subprocess.Popen[bytes]] = []
        if not options["no_worker"]:
            children.append(
                subprocess.Popen([sys.executable, "-m", "peercircle.cli", "task_worker"], env=env)
            )
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                options["host"],
                "--port",
                str(options["port"]),
                "--workers",
                str(options["workers"]),
                "--no-server-header",
                "--ws-max-size",
                "65536",
                # Chat frames are a few hundred bytes: compressing each one cost more CPU than it saved
                # (bench.chat), so WebSocket compression is off.
                "--ws-per-message-deflate",
                "false",
                "--timeout-graceful-shutdown",
                "5",
            ],
            env=env,
        )
        children.append(server)
        self.stdout.write(
            f"PeerCircle is running on http://{options['host']}:{options['port']}  (Ctrl+C to stop)"
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
