"""The time budget of one search. The searching service opens it around ``SearchIndex.query``;
adapters call ``check()`` where their work grows with the query (each term an expansion reads,
each SQL statement) and may hand ``remaining()`` to their engine (PostgreSQL's statement_timeout).
Over budget, ``OverBudget`` reaches the service, which answers 503 with Retry-After."""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator


class OverBudget(Exception):
    """The search ran out of its time; adapters let it through (it is not bad input)."""


_deadline: ContextVar[float | None] = ContextVar("search_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left (0 when spent), or None outside a budget."""
    deadline = _deadline.get()
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def check() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() >= deadline:
        raise OverBudget()
