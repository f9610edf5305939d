"""Database work from async code (WebSocket consumers).

Channels' `database_sync_to_async` runs every call on one thread per process, so one socket's round trips
to the database queue behind every other socket's. On PostgreSQL, whose server handles many connections at
once, the calls run on the event loop's thread pool instead, each call with a connection from the pool that
goes back to the pool when the call ends (`bench.chat`, docs/decisions/0002-channel-layer.md). SQLite has a
single writer, so there the calls keep to the one thread.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.db import close_old_connections, connections

P = ParamSpec("P")
R = TypeVar("R")


def parallel_database() -> bool:
    return connections["default"].vendor == "postgresql"


def db_call(func: Callable[P, R]) -> Callable[P, Coroutine[Any, Any, R]]:
    """`database_sync_to_async(func)`, run on a thread pool where the database allows parallel work."""
    if not parallel_database():
        return database_sync_to_async(func)  # type: ignore[no-any-return]

    @functools.wraps(func)
    def in_pool_thread(*args: P.args, **kwargs: P.kwargs) -> R:
        # A pool thread may run anything next, so it never keeps a connection between calls (with
        # CONN_MAX_AGE=0 this hands it back to psycopg's pool). Django's own function, called directly.
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()

    return sync_to_async(in_pool_thread, thread_sensitive=False)
