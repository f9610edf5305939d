"""The reference: a bare `websockets` relay speaking the same protocol v1 frames, with no Django, database,
screening or channel layer. Run: python -m bench._chat_echo --port 8765"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections import defaultdict
from typing import Any

from websockets.asyncio.server import ServerConnection, serve

rooms: dict[str, set[ServerConnection]] = defaultdict(set)
seqs: dict[str, int] = defaultdict(int)


async def handler(ws: ServerConnection) -> None:
    room = ws.request.path if ws.request is not None else "/"
    rooms[room].add(ws)
    try:
        async for raw in ws:
            frame: dict[str, Any] = json.loads(raw)
            kind = frame.get("type")
            if kind == "hello":
                await ws.send(json.dumps({"type": "history", "messages": [], "complete": True}))
            elif kind == "send":
                seqs[room] += 1
                seq = seqs[room]
                message = {
                    "type": "message",
                    "message": {
                        "seq": seq,
                        "client_id": frame["client_id"],
                        "sender_id": frame.get("sender_id"),
                        "text": frame["text"],
                    },
                }
                await ws.send(
                    json.dumps({"type": "ack", "client_id": frame["client_id"], "id": seq, "seq": seq})
                )
                data = json.dumps(message)
                for peer in list(rooms[room]):
                    try:
                        await peer.send(data)
                    except Exception:  # noqa: S112 - a closing peer must not stop the relay
                        continue
    finally:
        rooms[room].discard(ws)


async def main(port: int) -> None:
    async with serve(handler, "127.0.0.1", port, ping_interval=None, max_size=65536):
        await asyncio.Future()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    asyncio.run(main(parser.parse_args().port))
