"""Periodic work, run by the task queue.

Apps register tasks with `every(seconds)`; the `task_worker` command enqueues each one on its period
into the task queue (django-tasks), and the queue's worker runs it. Nothing here executes the work
itself, so a slow run never blocks the schedule and a crash is recorded by the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PERIODIC: list[PeriodicTask] = []


@dataclass
class PeriodicTask:
    seconds: float
    task: Any  # a django_tasks Task taking no arguments


def every(seconds: float) -> Any:
    """Decorator for a django-tasks Task: enqueue it every `seconds` while the worker runs."""

    def register(task: Any) -> Any:
        PERIODIC.append(PeriodicTask(seconds=seconds, task=task))
        return task

    return register
