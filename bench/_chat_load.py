"""Open-loop chat load from a separate process. Prints one JSON line per rate step.

python -m bench._chat_load --creds creds.json --urls ws://127.0.0.1:8000 --fixed 200,1000 --duration 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from bench._chat_client import ChatClient


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Load:
    def __init__(self) -> None:
        self.sent: dict[str, tuple[int, float, int]] = {}  # client_id -> (step, time, receiver user id)
        self.delivery: dict[int, list[float]] = {}
        self.ack: dict[int, list[float]] = {}
        self.delivered: set[str] = set()
        self.acked: set[str] = set()
        self.extra_deliveries = 0

    def on_message(self, client: ChatClient, message: dict[str, Any], now: float) -> None:
        info = self.sent.get(message.get("client_id", ""))
        if info is None or info[2] != client.user_id:
            return  # the sender's own copy, or history
        if message["client_id"] in self.delivered:
            self.extra_deliveries += 1
            return
        self.delivered.add(message["client_id"])
        self.delivery.setdefault(info[0], []).append((now - info[1]) * 1000)

    def on_ack(self, client: ChatClient, frame: dict[str, Any], now: float) -> None:
        info = self.sent.get(frame["client_id"])
        if info is not None:
            self.acked.add(frame["client_id"])
            self.ack.setdefault(info[0], []).append((now - info[1]) * 1000)


async def run(args: argparse.Namespace) -> None:
    with open(args.creds) as handle:
        pairs = json.load(handle)
    urls = args.urls.split(",")
    load = Load()
    clients: list[ChatClient] = []
    peers: dict[int, int] = {}
    for index, (conversation_id, (a_id, a_cookie), (b_id, b_cookie)) in enumerate(pairs):
        path = f"/ws/conversations/{conversation_id}/"
        peers[a_id], peers[b_id] = b_id, a_id
        for offset, (user_id, cookie) in enumerate(((a_id, a_cookie), (b_id, b_cookie))):
            clients.append(
                ChatClient(
                    base_urls=urls, path=path, cookie=cookie, user_id=user_id,
                    on_message=load.on_message, on_ack=load.on_ack, url_index=index + offset,
                )
            )  # fmt: skip
    started = time.perf_counter()
    for start in range(0, len(clients), 50):  # open connections in waves, as a crowd arriving
        batch = clients[start : start + 50]
        for client in batch:
            client.start()
        await asyncio.gather(*(asyncio.wait_for(c.ready.wait(), 60) for c in batch))
    print(
        json.dumps({"connected": len(clients), "seconds": round(time.perf_counter() - started, 1)}),
        flush=True,
    )

    senders = [c for pair in zip(clients[0::2], clients[1::2], strict=True) for c in pair]
    state = {"cursor": 0, "step": 0, "duplicates": 0}

    async def run_step(rate: float, duration: float) -> dict[str, Any]:
        step_index = state["step"]
        state["step"] += 1
        total = int(rate * duration)
        lags: list[float] = []
        begin = time.perf_counter()
        for i in range(total):
            target = begin + i / rate
            now = time.perf_counter()
            if target > now:
                await asyncio.sleep(target - now)
            client = senders[state["cursor"] % len(senders)]
            state["cursor"] += 1
            sent_at = time.perf_counter()
            lags.append((sent_at - target) * 1000)
            client_id = await client.send(f"step {step_index} message {i}: how are you holding up today?")
            load.sent[client_id] = (step_index, sent_at, peers[client.user_id])
        achieved = total / max(time.perf_counter() - begin, 1e-9)
        # Drain: wait for every ack and delivery of this step (and for an overloaded server to recover).
        step_ids = [cid for cid, info in load.sent.items() if info[0] == step_index]
        deadline = time.perf_counter() + args.drain
        while time.perf_counter() < deadline:
            if all(cid in load.acked and cid in load.delivered for cid in step_ids):
                break
            await asyncio.sleep(0.1)
        acked = [cid for cid in step_ids if cid in load.acked]
        duplicates = sum(c.duplicates for c in clients) + load.extra_deliveries
        result = {
            "step": step_index,
            "rate": rate,
            "duration": duration,
            "sent": len(step_ids),
            "acked": len(acked),
            "delivered": len([cid for cid in step_ids if cid in load.delivered]),
            "lost": len([cid for cid in acked if cid not in load.delivered]),
            "unacked": len(step_ids) - len(acked),
            "duplicates": duplicates - state["duplicates"],
            "errors": sum(len(c.errors) for c in clients),
            "delivery_p50": pct(load.delivery.get(step_index, []), 0.50),
            "delivery_p99": pct(load.delivery.get(step_index, []), 0.99),
            "ack_p99": pct(load.ack.get(step_index, []), 0.99),
            "client_lag_p99": pct(lags, 0.99),
            "achieved_rate": round(achieved, 1),
        }
        state["duplicates"] = duplicates
        result["passed"] = bool(
            result["delivery_p99"] < 100
            and not result["lost"]
            and not result["unacked"]
            and not result["duplicates"]
        )
        print(json.dumps(result), flush=True)
        return result

    # Ascending rates so an overloaded server's backlog cannot spoil a lower step. After the first failure
    # only the remaining fixed rates run (they are reported whatever happens), highest last.
    fixed = {float(r) for r in args.fixed.split(",") if r}
    ladder = {float(r) for r in args.ladder.split(",") if r}
    failed = False
    results: list[dict[str, Any]] = []
    for rate in sorted(fixed | ladder):
        if failed and rate not in fixed:
            continue
        result = await run_step(rate, args.duration if rate in fixed else args.ladder_duration)
        results.append(result)
        failed = failed or not result["passed"]
    # Final drain: an acknowledged message that never reaches its peer is lost; one that arrives late is not.
    deadline = time.perf_counter() + args.final_drain
    while time.perf_counter() < deadline and not load.acked <= load.delivered:
        await asyncio.sleep(0.2)
    lost_by_step: dict[int, int] = {}
    for cid in load.acked - load.delivered:
        step = load.sent[cid][0]
        lost_by_step[step] = lost_by_step.get(step, 0) + 1
    print(json.dumps({"final": True, "lost_by_step": lost_by_step}), flush=True)
    for client in clients:
        await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--creds", required=True)
    parser.add_argument("--urls", required=True)
    parser.add_argument("--fixed", default="200,1000", help="rates always measured, in order")
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--ladder", default="25,50,100,150,300,500,700,1500,2000,3000,5000,8000")
    parser.add_argument("--ladder-duration", type=float, default=10.0)
    parser.add_argument("--drain", type=float, default=10.0, help="seconds to wait after each step")
    parser.add_argument("--final-drain", type=float, default=60.0)
    args = parser.parse_args()
    try:
        asyncio.run(run(args))
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
