r"""A tripwire inside a server or command-line process: it stops the process at a chosen point of
its work — after the 3rd INSERT of quotes, just before the COMMIT, just after it — writes that it
got there into a file, and waits to be killed. The crash tests kill it then: "in the middle" on
purpose, not by luck of timing.

A spec is a sequence of steps separated by ``" > "``; each step is a regular expression (searched,
case-insensitive) that the statements the process executes must match, in order, optionally
``*N`` times. Besides SQL, two pseudo-statements are seen: ``COMMIT`` (just before the database
commits a transaction) and ``COMMITTED`` (just after). Examples:

    ^INSERT INTO quotes\b*2                        after the second batch of quotes is written
    ^INSERT INTO quotes\b > ^COMMIT$               with every row written, before the commit
    ^INSERT INTO quotes\b > ^COMMITTED$            committed; the search index not yet told
    ^INSERT INTO quotes\b > ^COMMITTED$ > ^DELETE FROM search_outbox\b
                                                   the index has its first batch, more to come

The steps are counted per process; gunicorn's workers are forked from a master that has seen none
of them, so whichever worker does the work trips.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.default import DefaultDialect


def parse(spec: str) -> list[tuple[re.Pattern, int]]:
    steps = []
    for part in spec.split(" > "):
        pattern, star, times = part.strip().rpartition("*")
        if not star or not times.isdigit():
            pattern, times = part.strip(), "1"
        steps.append((re.compile(pattern, re.IGNORECASE), int(times)))
    return steps


class Tripwire:
    def __init__(self, spec: str, marker: Path):
        self.spec = spec
        self.steps = parse(spec)
        self.marker = marker
        self.step = 0
        self.seen = 0

    def saw(self, statement: str) -> None:
        if self.step >= len(self.steps):
            return
        pattern, times = self.steps[self.step]
        if not pattern.search(statement.lstrip()):
            return
        self.seen += 1
        if self.seen < times:
            return
        self.step, self.seen = self.step + 1, 0
        if self.step == len(self.steps):
            self.trip(statement)

    def trip(self, statement: str) -> None:
        temporary = self.marker.with_suffix(".tmp")
        temporary.write_text(f"{os.getpid()} {self.spec} :: {statement[:200]}\n")
        os.replace(temporary, self.marker)  # whole, or not there
        while True:  # until the test kills the process group
            time.sleep(1)


def install(spec: str, marker: Path) -> Tripwire:
    wire = Tripwire(spec, marker)

    @event.listens_for(Engine, "after_cursor_execute")
    def _executed(_conn, _cursor, statement, _parameters, _context, _executemany):
        wire.saw(statement)

    commit = DefaultDialect.do_commit

    def do_commit(self, dbapi_connection):
        wire.saw("COMMIT")
        commit(self, dbapi_connection)
        wire.saw("COMMITTED")

    DefaultDialect.do_commit = do_commit
    return wire
