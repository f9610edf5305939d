"""Start and stop real server processes on loopback for the chat benchmark and multi-process tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`uvicorn config.asgi:application` in its own process (optionally with several workers)."""

    def __init__(
        self, env: dict[str, str], *, workers: int = 1, port: int | None = None, app: str = ""
    ) -> None:
        self.port = port or free_port()
        self.env = {**os.environ, **env}
        self.workers = workers
        self.app = app
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> Server:
        if self.app:
            command = [sys.executable, "-m", self.app, "--port", str(self.port)]
        else:
            command = [
                sys.executable, "-m", "uvicorn", "config.asgi:application",
                "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
                "--no-access-log", "--log-level", "warning", "--ws-max-size", "65536",
                "--ws-per-message-deflate", "false", "--lifespan", "off",
            ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}")
            try:
                if self.app:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                        return self
                else:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{self.port}/healthz", timeout=2
                    ) as response:
                        if response.status == 200:
                            return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not start in time")

    def pids(self) -> list[int]:
        """The server process and its worker children."""
        if self.process is None:
            return []
        pids = [self.process.pid]
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            pids += [int(pid) for pid in children]
        except OSError:
            pass
        return pids

    def rss_mb(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def kill(self) -> None:
        """SIGKILL, as a crash: no graceful shutdown, no goodbye frames."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
