"""Processes for the soak benchmark: a throwaway PostgreSQL database, a private Redis, web servers and the
task worker, each in its own process group so a crash (SIGKILL) and the final clean-up hit exactly them."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of one process and its children (the task worker forks db_worker)."""
    total = 0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def database_create(name: str) -> str:
    subprocess.run(["createdb", "-h", PG_HOST, "-U", PG_USER, name], check=True)
    return f"postgres://{PG_USER}@{PG_HOST}:5432/{name}"


def database_drop(name: str) -> None:
    subprocess.run(
        ["dropdb", "-h", PG_HOST, "-U", PG_USER, "--if-exists", "--force", name],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def database_connections(name: str) -> int:
    """Server connections open to the database now (PostgreSQL's max_connections is shared by everyone)."""
    result = subprocess.run(
        ["psql", "-h", PG_HOST, "-U", PG_USER, "-d", "postgres", "-Atc",
         f"select count(*) from pg_stat_activity where datname = '{name}'"],  # noqa: S608 - our own name
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return int(result.stdout.strip() or 0)


def server_errors(log_path: Path) -> dict[str, int]:
    """Logged server errors by root cause, so a 500 can be told apart from a planned fault."""
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return {}
    causes: dict[str, int] = {}
    for record in re.split(r"\n(?=\d{4}-\d\d-\d\d )", text):
        if " ERROR " not in record[:40] and " CRITICAL " not in record[:40]:
            continue
        if "too many clients" in record:
            cause = "PostgreSQL: too many clients"
        elif "redis.exceptions" in record or "channels_redis" in record:
            cause = "Redis unreachable"
        else:
            last = [line for line in record.splitlines() if re.match(r"^[\w.]+(Error|Exception)\b", line)]
            cause = last[-1][:80] if last else record.splitlines()[0][24:104]
        causes[cause] = causes.get(cause, 0) + 1
    return causes


class Process:
    """One long-running child in its own session, with its output in a log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        return self.process.pid if self.process is not None else 0

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self) -> None:
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()/kill()
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def rss_mb(self) -> float:
        return rss_mb(self.pid) if self.alive() else 0.0

    def kill(self) -> None:
        """SIGKILL the whole group, as a crash: no graceful shutdown, no goodbye frames."""
        self._signal(signal.SIGKILL, wait=10)

    def stop(self) -> None:
        if not self._signal(signal.SIGTERM, wait=10):
            self._signal(signal.SIGKILL, wait=10)

    def _signal(self, sig: signal.Signals, *, wait: float) -> bool:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                return False
        if self._log is not None:
            self._log.close()
            self._log = None
        return True

    def error_lines(self) -> int:
        """Lines the process logged at ERROR or worse (tracebacks count once, by their log line)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return 0
        return sum(1 for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line)


class Web(Process):
    """One uvicorn process with one worker: killing it is killing a web worker."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        command = [
            sys.executable, "-m", "uvicorn", "config.asgi:application",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
            "--no-access-log", "--log-level", "warning", "--ws-max-size", "65536",
            "--ws-per-message-deflate", "false", "--lifespan", "off",
        ]  # fmt: skip
        super().__init__(name, command, env, log_dir)

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> float:
        """Spawn and wait for /healthz; returns the seconds it took."""
        began = time.monotonic()
        self.spawn()
        deadline = began + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.http_url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return time.monotonic() - began
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start in {timeout:.0f} s; see {self.log_path}")


class Redis(Process):
    """A private redis-server (no persistence) so restarting it disturbs nobody else's Redis."""

    def __init__(self, log_dir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--daemonize", "no",
        ]  # fmt: skip
        super().__init__("redis", command, dict(os.environ), log_dir)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> float:
        began = time.monotonic()
        self.spawn()
        while time.monotonic() < began + timeout:
            if not self.alive():
                raise RuntimeError(f"redis-server exited; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return time.monotonic() - began
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start in time")
