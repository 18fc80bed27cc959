"""How many expensive requests (searches) one user may have running at once, counted in the
rate-limit storage (the database by default, or Redis) so the count holds across every worker.

A slot is one ``incr`` when the work starts and one ``incr(-1)`` when it ends, in a window of
``lease`` seconds: should a worker die mid-request, its slot is forgotten when the window ends."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from limits.storage import Storage

from insightrepo.errors import Busy
from insightrepo.i18n import ngettext


class ConcurrencyLimit:
    def __init__(self, storage: Storage | None, most: int, what: str = "searches", retry_after: int = 2,
                 lease: int = 120):
        self.storage, self.most, self.what, self.retry_after, self.lease = storage, most, what, retry_after, lease

    @contextmanager
    def slot(self, user_id: str) -> Iterator[None]:
        """Hold one of ``user_id``'s slots for the block; Busy (429) when they are all taken."""
        if self.storage is None:  # the CLI: one process, one user at the keyboard
            yield
            return
        key = f"insightrepo/running/{self.what}/{user_id}"
        if self.storage.incr(key, self.lease) > self.most:
            self._release(key)
            raise Busy(ngettext("You already have %(num)d search running; wait for it to finish.",
                                "You already have %(num)d searches running; wait for them to finish.", self.most),
                       self.retry_after)
        try:
            yield
        finally:
            self._release(key)

    def _release(self, key: str) -> None:
        release = getattr(self.storage, "release", None)
        if release is not None:  # the database storage: one transaction instead of two
            release(key)
            return
        # None left running (or its window ended while the work ran): no row is left behind. A slot
        # taken elsewhere in between is forgotten with it: one more search may start, no fewer.
        if self.storage.incr(key, self.lease, -1) <= 0:
            self.storage.clear(key)
