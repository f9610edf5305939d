"""Chat load benchmark: `python -m bench.chat [--quick] [--only echo,embedded,services]`.

A real server on loopback, 1,000 WebSocket clients (500 pairs) in a separate process, open-loop load at
fixed rates (200 and 1,000 messages/s in total) and a ceiling search (highest rate with delivery p99 under
100 ms, no loss, no duplicates). Measured in the same run against a bare `websockets` relay (the reference),
our server on the embedded defaults (SQLite, in-memory layer, 1 process) and on PostgreSQL + Redis with 2
worker processes. The services backend needs PostgreSQL and Redis on loopback (skipped otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench._chat_servers import ROOT, Server

PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")


def _run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL)


def _prepare(env: dict[str, str], creds: Path, pairs: int) -> None:
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    _run([sys.executable, "-m", "bench._chat_seed", "--pairs", str(pairs), "--out", str(creds)], env)


def _load(server: Server, creds: Path, args: argparse.Namespace) -> tuple[list[dict[str, Any]], float]:
    """Run the load process; sample the server's RSS meanwhile. Returns step results and peak RSS (MB)."""
    command = [
        sys.executable, "-m", "bench._chat_load", "--creds", str(creds), "--urls", server.ws_url,
        "--duration", str(args.duration), "--ladder-duration", str(args.ladder_duration),
        "--drain", str(args.drain), "--fixed", args.fixed,
    ]  # fmt: skip
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], server.rss_mb())
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    done.set()
    sampler.join()
    results = []
    for line in process.stdout.splitlines():
        row = json.loads(line)
        if "step" in row:
            results.append(row)
        elif row.get("final"):
            for result in results:
                # "lost" is final: acknowledged but never delivered, even after the last drain.
                result["lost"] = row["lost_by_step"].get(str(result["step"]), 0)
        else:
            print(f"  {row}", file=sys.stderr)
    if process.returncode != 0:
        print(process.stderr[-2000:], file=sys.stderr)
    return results, peak[0]


def _backend(name: str, args: argparse.Namespace, tmp: Path) -> tuple[list[dict[str, Any]], float] | None:
    creds = tmp / f"{name}.json"
    print(f"== {name}", file=sys.stderr)
    if name == "echo":
        pairs = [[i + 1, [2 * i + 1, "x"], [2 * i + 2, "x"]] for i in range(args.pairs)]
        creds.write_text(json.dumps(pairs))
        server = Server({}, app="bench._chat_echo").start()
        try:
            return _load(server, creds, args)
        finally:
            server.stop()
    common = {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        # Persistent connections: without them every database_sync_to_async call reconnects (see 0002).
        "DB_CONN_MAX_AGE": "60",
    }
    if name == "embedded":
        env = {**common, "PEERCIRCLE_VAR_DIR": str(tmp / "var")}
        _prepare(env, creds, args.pairs)
        server = Server(env, workers=1).start()
        try:
            return _load(server, creds, args)
        finally:
            server.stop()
    # services: PostgreSQL + Redis, 2 worker processes. "services-core" swaps the layer for channels-redis'
    # RedisChannelLayer with its default settings, to show the trap the pub/sub layer avoids.
    if name == "services-core":
        (tmp / "bench_core_settings.py").write_text(
            "from config.settings.local import *  # noqa\n"
            "import os\n"
            "CHANNEL_LAYERS = {'default': {'BACKEND': 'channels_redis.core.RedisChannelLayer',\n"
            "                              'CONFIG': {'hosts': [os.environ['REDIS_URL']]}}}\n"
        )
        common = {**common, "DJANGO_SETTINGS_MODULE": "bench_core_settings", "PYTHONPATH": f"{tmp}:{ROOT}"}
    try:
        import psycopg
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        db = f"peercircle_bench_{os.getpid()}"
        with psycopg.connect(PG_ADMIN_URL + "/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{db}"')
    except Exception as exc:
        print(f"  skipped: PostgreSQL/Redis not reachable ({exc})", file=sys.stderr)
        return None
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {**common, "DATABASE_URL": f"{PG_ADMIN_URL}/{db}", "REDIS_URL": REDIS_URL}
    try:
        _prepare(env, creds, args.pairs)
        server = Server(env, workers=2).start()
        try:
            return _load(server, creds, args)
        finally:
            server.stop()
    finally:
        with psycopg.connect(PG_ADMIN_URL + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        redis.Redis.from_url(REDIS_URL).flushdb()


def _ceiling(rows: list[dict[str, Any]]) -> float:
    return max((row["rate"] for row in rows if row["passed"]), default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="8 s per fixed rate, 5 s per ceiling step")
    parser.add_argument("--only", default="echo,embedded,services,services-core")
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--fixed", default="200,1000", help="offered rates always reported (msg/s in total)")
    args = parser.parse_args()
    args.duration = 8.0 if args.quick else 30.0
    args.ladder_duration = 5.0 if args.quick else 10.0
    args.drain = 10.0
    # Each backend sets its own database and channel layer; nothing leaks in from the caller's shell.
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    results: dict[str, tuple[list[dict[str, Any]], float]] = {}
    # Other people's work on the shared cores moves these numbers; the 1-minute load average says how much.
    loads: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="peercircle-bench-") as tmp:
        for name in args.only.split(","):
            before = os.getloadavg()[0]
            outcome = _backend(name, args, Path(tmp))
            if outcome is not None:
                results[name] = outcome
                loads[name] = (before, os.getloadavg()[0])

    labels = {
        "echo": "reference: bare websockets relay",
        "embedded": "PeerCircle embedded (SQLite, in-memory layer, 1 process)",
        "services": "PeerCircle PostgreSQL + Redis pub/sub layer, 2 workers",
        "services-core": "PeerCircle PostgreSQL + RedisChannelLayer (defaults), 2 workers",
    }
    print(f"\nChat benchmark: {2 * args.pairs} connections ({args.pairs} pairs), open loop, "
          f"{int(args.duration)} s per fixed rate, {int(args.ladder_duration)} s per ceiling step, "
          f"{os.cpu_count()} CPUs shared\n")  # fmt: skip
    header = (
        "| server | offered msg/s | achieved | delivered | p50 ms | p99 ms | ack p99 ms | lost | dup | "
        "unacked | errors | peak RSS MB |"
    )
    print(header)
    print("|" + "---|" * 12)
    for name, (rows, rss) in results.items():
        for row in rows:
            cells = [
                name, f"{row['rate']:.0f}", f"{row['achieved_rate']:.0f}",
                f"{row['delivered']}/{row['sent']}",
                f"{row['delivery_p50']:.1f}", f"{row['delivery_p99']:.1f}", f"{row['ack_p99']:.1f}",
                row["lost"], row["duplicates"], row["unacked"], row["errors"], f"{rss:.0f}",
            ]  # fmt: skip
            print("| " + " | ".join(str(cell) for cell in cells) + " |")
    print(
        "\nlost = acknowledged but never delivered (after a 60 s final drain); unacked = no ack within 10 s"
    )
    print("load average (1 min) before -> after each server: " + ", ".join(
        f"{name} {start:.1f} -> {end:.1f}" for name, (start, end) in loads.items()
    ))  # fmt: skip
    print("\n| server | ceiling msg/s (p99 < 100 ms, no loss) | fraction of reference |")
    print("|---|---|---|")
    reference = _ceiling(results["echo"][0]) if "echo" in results else 0.0
    for name, (rows, _rss) in results.items():
        ceiling = _ceiling(rows)
        fraction = f"{ceiling / reference:.2f}" if reference else "n/a"
        print(f"| {labels[name]} | {ceiling:.0f} | {fraction} |")


if __name__ == "__main__":
    main()
