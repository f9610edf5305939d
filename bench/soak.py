"""Soak benchmark: `python -m bench.soak [--quick | --minutes N] [--rate MSG_PER_S]`.

The demo community (`peercircle demo` in a throwaway PostgreSQL database) is driven by its 14 members,
simulated over HTTP and WebSocket: they log in, ask for matches and accept proposals, chat in their
conversations (~10 messages/s in total), post stories, check in on goals, fill the WHO-5 and read the feed.
The server runs with production settings: two uvicorn processes on two ports (clients fail over to the other
one, as a load balancer would), the task worker, PostgreSQL and a private Redis. At 1/3 of the run one web
process is SIGKILLed and started again; at 2/3 Redis is killed and started again. The report lists errors,
lost messages (acknowledged but never delivered to the peer after a final drain: must be 0), duplicates,
latencies and memory. Every process and the database are removed at the end, also on Ctrl+C.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from bench._soak_load import HANDLES, Member, Stats, chat_driver, pct
from bench._soak_procs import (
    ROOT,
    Process,
    Redis,
    Web,
    database_connections,
    database_create,
    database_drop,
    server_errors,
)


@dataclass
class Fault:
    name: str
    at: float  # seconds into the run
    restart_seconds: float = 0.0


@dataclass
class Run:
    web: list[Web]
    worker: Process
    redis: Redis
    log_dir: Path
    rss: dict[str, dict[str, float]] = field(default_factory=dict)  # process -> {"start", "end", "peak"}
    faults: list[Fault] = field(default_factory=list)
    duration: float = 0.0
    drain_seconds: float = 0.0
    database: str = ""
    db_connections: dict[str, int] = field(default_factory=dict)

    def processes(self) -> list[Process]:
        return [*self.web, self.worker, self.redis]

    def sample(self, label: str) -> None:
        for process in self.processes():
            row = self.rss.setdefault(process.name, {})
            value = process.rss_mb()
            if label != "peak":
                row[label] = value
            row["peak"] = max(row.get("peak", 0.0), value)
        count = database_connections(self.database)
        if label != "peak":
            self.db_connections[label] = count
        self.db_connections["peak"] = max(self.db_connections.get("peak", 0), count)


def _env(tmp: Path, database_url: str, redis_url: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PEERCIRCLE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "SECURE_COOKIES": "false",  # plain http on loopback: the session cookie must still be sent
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(tmp / "static"),
        "PEERCIRCLE_VAR_DIR": str(tmp / "var"),
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "plain",
        "HF_HUB_OFFLINE": "1",
        "EMAIL_ENABLED": "false",
        # Members fill the WHO-5 more than once a week here; the retake limit would answer 409 every time.
        "WELLBEING_RETAKE_DAYS": "0",
    }


def _prepare(env: dict[str, str], log_dir: Path) -> None:
    with open(log_dir / "prepare.log", "ab") as log:
        for command in (
            ["manage.py", "migrate", "--noinput", "-v", "0"],
            ["manage.py", "collectstatic", "--noinput", "-v", "0"],
            ["-m", "peercircle.cli", "demo"],
        ):
            subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True, stdout=log, stderr=log)


async def _faults(run: Run, stats: Stats, duration: float, redis_down: float) -> None:
    await asyncio.sleep(duration / 3)
    victim = run.web[0]
    fault = Fault(f"SIGKILL {victim.name}, start again", stats.t())
    run.faults.append(fault)
    print(f"  {fault.at:5.0f} s  {fault.name}", file=sys.stderr)
    victim.kill()
    fault.restart_seconds = await asyncio.to_thread(victim.start)
    run.rss[f"{victim.name} (restarted)"] = {}
    victim.name = f"{victim.name} (restarted)"
    await asyncio.sleep(max(0.0, 2 * duration / 3 - stats.t()))
    fault = Fault(f"kill Redis, {redis_down:.0f} s down, start again", stats.t())
    run.faults.append(fault)
    print(f"  {fault.at:5.0f} s  {fault.name}", file=sys.stderr)
    run.redis.kill()
    await asyncio.sleep(redis_down)
    fault.restart_seconds = redis_down + await asyncio.to_thread(run.redis.start)


async def _sampler(run: Run, until: float) -> None:
    while time.monotonic() < until:
        run.sample("peak")
        await asyncio.sleep(2)


def _undelivered(stats: Stats) -> list[tuple[str, int]]:
    return [
        (client_id, receiver)
        for client_id, info in stats.sent.items()
        if info.acked_at is not None
        for receiver in info.recipients
        if (client_id, receiver) not in stats.delivered
    ]


async def _drive(run: Run, args: argparse.Namespace) -> tuple[Stats, list[Member]]:
    stats = Stats()
    pool = ThreadPoolExecutor(max_workers=32, thread_name_prefix="soak-http")
    http_urls = [web.http_url for web in run.web]
    members = [Member(handle, http_urls, i, stats, pool) for i, handle in enumerate(HANDLES)]
    logged_in = await asyncio.gather(*(m.login() for m in members))
    members = [m for m, ok in zip(members, logged_in, strict=True) if ok]
    print(f"  {len(members)}/{len(HANDLES)} members logged in", file=sys.stderr)
    # Warm-up (not timed): ask, accept, and let the batch matcher pair the rest, so chat has partners.
    warm_until = time.monotonic() + args.warmup
    while time.monotonic() < warm_until:
        await asyncio.gather(*(m.matching(end_after=1e9) for m in members))
        await asyncio.gather(*(m.conversations() for m in members))
        if all(m.chats for m in members):
            break
        await asyncio.sleep(3)
    chatting = sum(1 for m in members if m.chats)
    print(f"  {chatting} members in a conversation after warm-up", file=sys.stderr)
    run.sample("start")
    stats.began = time.monotonic()
    until = stats.began + args.seconds
    end_after = max(30.0, args.seconds / 4)
    tasks = [asyncio.create_task(m.live(until, end_after)) for m in members]
    tasks.append(asyncio.create_task(chat_driver(members, args.rate, until)))
    tasks.append(asyncio.create_task(_faults(run, stats, args.seconds, args.redis_down)))
    tasks.append(asyncio.create_task(_sampler(run, until)))
    await asyncio.gather(*tasks)
    run.duration = stats.t()
    # Final drain: stop sending, let retries finish, ping (the protocol's resync), wait for stragglers.
    drain_began = time.monotonic()
    deadline = drain_began + args.drain
    last_ping = 0.0
    while time.monotonic() < deadline:
        pending = sum(len(c.pending) for m in members for c in m.chats.values())
        if not pending and not _undelivered(stats):
            break
        if time.monotonic() - last_ping > 10:
            last_ping = time.monotonic()
            for member in members:
                for client in member.chats.values():
                    await client.ping()
        await asyncio.sleep(0.5)
    run.drain_seconds = time.monotonic() - drain_began
    run.sample("end")
    for member in members:
        for client in member.chats.values():
            await client.stop()
    pool.shutdown(wait=False, cancel_futures=True)
    return stats, members


def _ms(values: list[float], q: float) -> str:
    value = pct(values, q)
    return "n/a" if value != value else f"{value:,.0f}"


def _report(run: Run, stats: Stats, members: list[Member], args: argparse.Namespace) -> None:
    lines: list[str] = []
    out = lines.append
    acked = [i for i in stats.sent.values() if i.acked_at is not None]
    refused = [i for i in stats.sent.values() if i.acked_at is None and i.refused]
    unacked = [i for i in stats.sent.values() if i.acked_at is None and not i.refused]
    expected = sum(len(i.recipients) for i in acked)
    lost = _undelivered(stats)
    duplicates = stats.duplicate_deliveries + sum(c.duplicates for m in members for c in m.chats.values())
    http_total = sum(n for (kind, status), n in stats.statuses.items() if status != "connect error")
    out(
        f"\nSoak: {len(members)} demo members, {run.duration / 60:.1f} min, "
        f"chat offered {args.rate:g} msg/s, "
        f"production settings, 2 uvicorn processes + task worker, PostgreSQL + Redis, {os.cpu_count()} CPUs "
        "shared\n"
    )
    out("| measure | value |")
    out("|---|---|")
    out(f"| duration | {run.duration:.0f} s (+ {run.drain_seconds:.0f} s final drain) |")
    out(f"| HTTP requests | {http_total} ({http_total / max(run.duration, 1):.1f}/s) |")
    failures = Counter(status for _t, _kind, status in stats.http_failures)
    out(f"| HTTP errors (5xx, connection) | {sum(failures.values())}: {_counts(failures)} |")
    ws_errors = Counter(dict(stats.ws_errors.items()))
    out(f"| WebSocket errors | {sum(ws_errors.values())}: {_counts(ws_errors)} |")
    out(f"| chat messages sent / acked | {len(stats.sent)} / {len(acked)} |")
    out(f"| refused for good (conversation ended) | {len(refused)} |")
    out(f"| never acked | {len(unacked)} |")
    out(f"| deliveries to peers (expected / done) | {expected} / {expected - len(lost)} |")
    out(f"| **lost** (acked, never delivered after the drain) | **{len(lost)}** |")
    out(f"| duplicates (same message twice on one socket) | {duplicates} |")
    reconnects = sum(c.reconnects for m in members for c in m.chats.values())
    sockets = sum(len(m.chats) for m in members)
    out(f"| sockets / reconnects | {sockets} / {reconnects} |")
    out("\n| action | count | statuses | p50 ms | p99 ms |")
    out("|---|---|---|---|---|")
    kinds = sorted({kind for kind, _status in stats.statuses})
    for kind in kinds:
        by_status = Counter({s: n for (k, s), n in stats.statuses.items() if k == kind})
        values = stats.latency.get(kind, [])
        out(f"| {kind} | {len(values)} | {_counts(by_status)} | {_ms(values, 0.5)} | {_ms(values, 0.99)} |")
    delivery = list(stats.delivered.values())
    ack = stats.latency.get("chat ack", [])
    out(f"| chat send → ack | {len(ack)} | | {_ms(ack, 0.5)} | {_ms(ack, 0.99)} |")
    d50, d99 = _ms(delivery, 0.5), _ms(delivery, 0.99)
    out(f"| chat send → delivered to peer | {len(delivery)} | | {d50} | {d99} |")
    out("\n| process | RSS MB at start | RSS MB at end | peak | growth | ERROR log lines |")
    out("|---|---|---|---|---|---|")
    logs = {p.name: p.error_lines() for p in run.processes()}
    for name, row in run.rss.items():
        start, end = row.get("start", float("nan")), row.get("end", float("nan"))
        growth = f"{end - start:+.0f}" if start == start and end == end else "n/a"
        cells = [f"{row[k]:.0f}" if k in row else "n/a" for k in ("start", "end", "peak")]
        errors = logs.get(name, logs.get(name.replace(" (restarted)", ""), 0))
        out(f"| {name} | {' | '.join(cells)} | {growth} | {errors} |")
    connections = run.db_connections
    out(
        f"\nPostgreSQL connections held by the soak's processes: {connections.get('start', 0)} at start, "
        f"{connections.get('end', 0)} at end, {connections.get('peak', 0)} at peak"
    )
    out("\n| process | logged server errors by cause |")
    out("|---|---|")
    for process in run.processes():
        causes = Counter(server_errors(process.log_path))
        out(f"| {process.name} | {_counts(causes)} |")
    out(
        "\n| fault | at | back after | HTTP errors (next 60 s or to the next fault) | socket drops next 30 s "
        "| all sockets ready again | longest chat stall (no ack, same window) |"
    )
    out("|---|---|---|---|---|---|---|")
    for index, fault in enumerate(run.faults):
        began = stats.began + fault.at
        window_end = min([fault.at + 60] + [f.at for f in run.faults[index + 1 :]])
        http = Counter(s for t, _k, s in stats.http_failures if fault.at <= t <= window_end)
        drops = sum(1 for t, what in stats.ws_events if what != "ready" and fault.at <= t <= fault.at + 30)
        outages = [
            ready - down
            for m in members
            for c in m.chats.values()
            for down, ready in c.outages
            if began - 1 <= down <= began + 30
        ]
        back = f"{max(outages):.1f} s ({len(outages)} sockets)" if outages else "no socket dropped"
        acks = [a for a in stats.acks if began - 5 <= a <= stats.began + window_end]
        stall = max((b - a for a, b in itertools.pairwise(acks)), default=float("nan"))
        out(
            f"| {fault.name} | {fault.at:.0f} s | {fault.restart_seconds:.1f} s | "
            f"{sum(http.values())}: {_counts(http)} | {drops} | {back} | {stall:.1f} s |"
        )
    out(
        "\nHTTP statuses other than 5xx are the API answering as designed (409: already asked / proposal "
        "pending; 429: rate limit). Latencies are from the client, including the fail-over to the other "
        "web process. Logs: " + (str(run.log_dir) if args.keep_logs else "removed (--keep-logs keeps them)")
    )
    print("\n".join(lines))


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} ×{n}" for key, n in counter.most_common()) or "none"


def _interrupt(signum: int, frame: FrameType | None) -> Any:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="2 minutes")
    parser.add_argument("--rate", type=float, default=10.0, help="chat messages per second offered")
    parser.add_argument("--redis-down", type=float, default=3.0, help="seconds Redis stays down")
    parser.add_argument("--drain", type=float, default=60.0, help="final drain, seconds at most")
    parser.add_argument("--warmup", type=float, default=40.0, help="seconds at most to pair members first")
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args()
    args.seconds = 120.0 if args.quick else args.minutes * 60
    signal.signal(signal.SIGTERM, _interrupt)
    tmp = Path(tempfile.mkdtemp(prefix="peercircle-soak-"))
    db = f"pc_soak_{os.getpid()}"
    run: Run | None = None
    redis = Redis(tmp)
    started: list[Process] = [redis]
    try:
        print(f"== preparing (database {db}, logs in {tmp})", file=sys.stderr)
        database_url = database_create(db)
        redis.start()
        env = _env(tmp, database_url, redis.url)
        _prepare(env, tmp)
        web = [Web("web-a", env, tmp), Web("web-b", env, tmp)]
        worker = Process("task-worker", [sys.executable, "-m", "peercircle.cli", "task_worker"], env, tmp)
        started += [*web, worker]
        for server in web:
            server.start()
        worker.spawn()
        run = Run(web=web, worker=worker, redis=redis, log_dir=tmp, database=db)
        print(f"== running {args.seconds / 60:.1f} min", file=sys.stderr)
        stats, members = asyncio.run(_drive(run, args))
        _report(run, stats, members, args)
    except KeyboardInterrupt:
        print("\ninterrupted: cleaning up", file=sys.stderr)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not skip the clean-up
        for process in started:
            process.stop()
        database_drop(db)
        if not args.keep_logs:
            shutil.rmtree(tmp, ignore_errors=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)


if __name__ == "__main__":
    main()
