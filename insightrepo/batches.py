"""Work in batches: the one helper that cuts a sequence into lists of at most ``size`` items (a query's
``IN (…)`` list, a bulk insert, an index writer's load). Python 3.12's ``itertools.batched``, on 3.11."""

from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they come."""
    if size < 1:
        raise ValueError("a batch holds at least one item")
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
