"""Draining the outbox into the index: after each commit that wrote index work, at start-up, and
after `insightrepo` commands.

One writer at a time: the drainer takes the index's writer lock *without waiting*. If another
process (a gunicorn worker, the CLI) holds it, this one returns at once — the user never waits
for, or sees, a lock — and the holder picks the rows up: after releasing the lock every drainer
looks at the outbox again and goes on while rows remain. A row committed before a failed try
for the lock is therefore always seen by the process that held it.

Each round reads up to BATCH rows in a short transaction and builds their documents from the
data as it is then; writes the index (one commit); and only then deletes exactly those rows.
A crash anywhere leaves the rows, and applying them again gives the same index. A row whose
documents cannot be built (a bug, not an outage) is set aside after MAX_ATTEMPTS tries with its
error, so it cannot block the rows behind it; `search check` reports it.

A server drains on a thread of its own (one per process): the request that committed waits for
it at most INLINE_SECONDS, so a small edit is searchable when its answer arrives, while a large
import or restore, or a new snapshot whose only work is its history documents (which may lag a
moment), answers at once and is indexed in the background — instead of holding the
request past gunicorn's worker timeout, which killed the worker and answered 500 for data that
was saved. Tests that bind the app to one connection drain inline (a connection is not shared
between threads)."""

from __future__ import annotations

import logging
import threading
from contextlib import closing
from dataclasses import dataclass, field
from typing import Iterator

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.orm import Session

from insightrepo.db import Database
from insightrepo.models import Journey, SearchOutbox, SearchProgress, Snapshot, Workspace
from insightrepo.batches import chunks
from insightrepo.search.documents import CHUNK, MODELS, live_documents, live_ids, live_key, parse_live_key
from insightrepo.search.history import history_documents, journeys_with_history
from insightrepo.search.outbox import take_committed_work
from insightrepo.search.port import DocKey, Document, Progress, SearchIndex

log = logging.getLogger(__name__)

BATCH = 500
BULK_FROM = 1_000  # a round of at least this many rows goes through the bulk writer (apply_bulk)
BULK_ROUND = 20_000  # rows per bulk round: one index commit, and the progress the page shows
COMPACT_FROM_SEGMENTS = 16  # bulk rounds add segments; past this many the workspace is rebuilt and swapped
MAX_ATTEMPTS = 5
INLINE_SECONDS = 10.0  # how long a request waits for the index work it committed
REF_FIELDS = ("tag", "participant", "step", "phase")


@dataclass
class Work:
    """What a batch of outbox rows asks of the index."""

    docs: dict[str, Document] = field(default_factory=dict)
    deleted: dict[str, DocKey] = field(default_factory=dict)
    workspaces: set[str] = field(default_factory=set)

    def add(self, doc: Document) -> None:
        self.docs[doc.key] = doc
        self.deleted.pop(doc.key, None)

    def remove(self, key: DocKey) -> None:
        self.docs.pop(key.key, None)
        self.deleted[key.key] = key

    def merge(self, later: "Work") -> None:
        """Add the work of rows that came after this work's."""
        self.workspaces |= later.workspaces
        for key in later.deleted.values():
            self.remove(key)
        for doc in later.docs.values():
            self.add(doc)


class Synchroniser:
    """Keeps ``index`` true to ``database`` through the outbox."""

    def __init__(self, database: Database, index: SearchIndex):
        self.database = database
        self.index = index
        self._drainer: threading.Thread | None = None
        self._state = threading.Condition()
        self._asked = self._done = 0  # commits that asked for a drain / that a finished pass covered

    # ---- the hook and the loop ----------------------------------------------------------------

    def after_commit(self, session: Session) -> None:
        """Session hook: drain when the committed transaction wrote index work. Never raises:
        the data is committed whatever happens to the index."""
        committed = take_committed_work(session)
        if not committed.rows:
            return
        if isinstance(self.database.bind, Connection):
            self.drain()
            return
        with self._state:
            self._asked += 1
            mine = self._asked
            if self._drainer is None:
                self._drainer = threading.Thread(target=self._drain_while_asked, name="search-drain", daemon=True)
                self._drainer.start()
            # An import or a restore answers at once (the page says it is catching up), and so does a
            # commit whose only work is a snapshot's history documents (outbox.LAGGING_KINDS).
            if committed.awaited and committed.rows < BULK_FROM:
                self._state.wait_for(lambda: self._done >= mine, timeout=INLINE_SECONDS)

    def _drain_while_asked(self) -> None:
        """The drainer thread: passes until one began after the last commit that asked for it.
        Whether to stop is decided under the same lock a commit takes to find the thread."""
        asked = None
        try:
            while True:
                with self._state:
                    if asked is not None:
                        self._done = asked
                        self._state.notify_all()
                        if self._asked == asked:
                            self._drainer = None
                            return
                    asked = self._asked
                self.drain()
        except BaseException:
            with self._state:
                self._drainer = None
            raise

    def drain(self, wait: bool = False) -> int:
        """Apply every outbox row; returns how many were applied. ``wait``: wait for the writer
        lock the first time (the CLI) instead of leaving the rows to the process holding it."""
        applied = 0
        try:
            while True:
                with self.index.writer_lock(wait) as held:
                    if not held:
                        return applied
                    done, stuck = self._drain_locked()
                    applied += done
                if stuck or not self.pending():
                    return applied
                wait = False
        except Exception:  # noqa: BLE001 — the rows stay; the next drain (or start-up) applies them
            log.exception("search index update failed; the outbox keeps the work for the next try")
            return applied

    def pending(self) -> int:
        with self.session_scope() as session:
            return session.scalar(select(func.count()).select_from(SearchOutbox)
                                  .where(SearchOutbox.attempts < MAX_ATTEMPTS)) or 0

    def _drain_locked(self) -> tuple[int, bool]:
        """Rounds until the outbox is empty. A round of BULK_FROM rows or more (an import, a
        restore, a tag merge) is written by the bulk writer as new segments, BULK_ROUND rows at a
        time; fewer go through the incremental writer, BATCH at a time."""
        applied = 0
        while True:
            with self.session_scope() as session:
                rows = list(session.execute(
                    select(SearchOutbox.id, SearchOutbox.workspace_id, SearchOutbox.kind, SearchOutbox.ref)
                    .where(SearchOutbox.attempts < MAX_ATTEMPTS).order_by(SearchOutbox.id).limit(BULK_ROUND)))
                if not rows:
                    return applied, False
                session.commit()
            bulk = len(rows) >= BULK_FROM
            size = BULK_ROUND if bulk else BATCH
            rows = rows[:size]
            # The documents are built a chunk at a time, each in a short transaction of its own: on
            # SQLite every transaction holds the write lock, and one over a whole bulk round made
            # every request wait for it.
            work, failed = Work(), {}
            for part in chunks(rows, BATCH):
                with self.session_scope() as session:
                    built, part_failed = self._work(session, part)
                    session.commit()
                work.merge(built)
                failed.update(part_failed)
            for workspace_id in sorted(work.workspaces):
                self.index.replace_workspace(workspace_id, self.workspace_documents(workspace_id))
            if bulk:
                self.index.apply_bulk(work.docs.values(), work.deleted.values())
            else:
                self.index.apply(work.docs.values(), work.deleted.values())
            done = [row.id for row in rows if row.id not in failed]
            with self.session_scope() as session:
                for ids in chunks(done, CHUNK):
                    session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(ids)))
                for row_id, error in failed.items():
                    session.execute(update(SearchOutbox).where(SearchOutbox.id == row_id)
                                    .values(attempts=SearchOutbox.attempts + 1, error=error[:2000]))
                _count_progress(session, rows, set(done))
                session.commit()
            if bulk:
                self._compact({doc.workspace_id for doc in work.docs.values()} - work.workspaces)
            applied += len(done)
            if not done:
                return applied, True
            if len(rows) < size:
                return applied, False  # drained; drain() looks again once the lock is released

    def _compact(self, workspace_ids: set[str]) -> None:
        """Rebuild and swap in a workspace whose bulk rounds have piled up segments (the writer
        lock held): queries go on against the old generation meanwhile, new work waits in the
        outbox, and rows applied again later give the same index."""
        segment_count = getattr(self.index, "segment_count", None)
        for workspace_id in sorted(workspace_ids):
            if segment_count is not None and segment_count(workspace_id) > COMPACT_FROM_SEGMENTS:
                written = self.index.replace_workspace(workspace_id, self.workspace_documents(workspace_id))
                log.info("search index of workspace %s rebuilt and swapped in: %d documents", workspace_id, written)

    def session_scope(self) -> closing[Session]:
        return closing(self.database.session())

    # ---- from rows to documents -----------------------------------------------------------------

    def _work(self, session: Session, rows: list) -> tuple[Work, dict[int, str]]:
        try:
            return self._build(session, rows), {}
        except Exception:  # noqa: BLE001 — find the row at fault, apply the others
            session.rollback()
        work, failed = Work(), {}
        for row in rows:
            try:
                one = self._build(session, [row])
            except Exception as error:  # noqa: BLE001
                session.rollback()
                log.exception("search outbox row %s (%s %s) cannot be applied", row.id, row.kind, row.ref)
                failed[row.id] = f"{type(error).__name__}: {error}"
                continue
            work.workspaces |= one.workspaces
            for key in one.deleted.values():
                work.remove(key)
            for doc in one.docs.values():
                work.add(doc)
        return work, failed

    def _build(self, session: Session, rows: list) -> Work:
        work = Work()
        items: dict[str, dict[str, str | None]] = {kind: {} for kind in MODELS}
        journeys: dict[str, None] = {}
        for row in rows:
            if row.kind == "workspace":
                work.workspaces.add(row.ref)
            elif row.kind in MODELS:
                items[row.kind][row.ref] = row.workspace_id
            elif row.kind == "snapshot":
                journey_id = session.scalar(select(Snapshot.journey_id).where(Snapshot.id == row.ref))
                if journey_id:
                    journeys[journey_id] = None
            elif row.kind == "ref" and row.workspace_id:
                name, _, value = row.ref.partition(":")
                if name in REF_FIELDS:
                    for key in self.index.keys_naming(row.workspace_id, name, value):
                        if (parsed := parse_live_key(key)) is not None:
                            items[parsed[0]].setdefault(parsed[1], row.workspace_id)
        for kind, wanted in items.items():
            found = live_documents(session, kind, wanted) if wanted else {}
            for item_id, workspace_id in wanted.items():
                if item_id in found:
                    work.add(found[item_id])
                else:
                    work.remove(DocKey(workspace_id, live_key(kind, item_id)))
        for journey in session.scalars(select(Journey).where(Journey.id.in_(journeys))):
            for doc in history_documents(session, journey):
                work.add(doc)
        # A workspace replaced whole gets everything from its own rebuild.
        for key in [k for k, doc in work.docs.items() if doc.workspace_id in work.workspaces]:
            del work.docs[key]
        for key in [k for k, dk in work.deleted.items() if dk.workspace_id in work.workspaces]:
            del work.deleted[key]
        return work

    def workspace_documents(self, workspace_id: str, progress: Progress | None = None) -> Iterator[Document]:
        """Every document of a workspace, live and history, read in short transactions so a
        long rebuild never holds the database (SQLite: its write lock) for long."""
        with self.session_scope() as session:
            if session.get(Workspace, workspace_id) is None:
                return
            ids = live_ids(session, workspace_id)
            journey_ids = [j.id for j in journeys_with_history(session, workspace_id)]
        total, done = sum(len(v) for v in ids.values()) + len(journey_ids), 0
        for kind, kind_ids in ids.items():
            for chunk in chunks(kind_ids, CHUNK):
                with self.session_scope() as session:
                    docs = list(live_documents(session, kind, chunk).values())
                yield from docs
                done += len(chunk)
                if progress:
                    progress(workspace_id, done, total)
        for journey_id in journey_ids:
            with self.session_scope() as session:
                journey = session.get(Journey, journey_id)
                docs = history_documents(session, journey) if journey is not None else []
            yield from docs
            done += 1
            if progress:
                progress(workspace_id, done, total)



def _count_progress(session: Session, rows: list, done: set[int]) -> None:
    """Count the applied rows into their workspaces' progress, in the transaction that deletes
    them; a workspace whose outbox is now empty has caught up, and its progress goes."""
    applied: dict[str, int] = {}
    for row in rows:
        if row.workspace_id and row.id in done:
            applied[row.workspace_id] = applied.get(row.workspace_id, 0) + 1
    if not applied:
        return
    remaining = set(session.scalars(
        select(SearchOutbox.workspace_id).where(SearchOutbox.workspace_id.in_(applied),
                                                SearchOutbox.attempts < MAX_ATTEMPTS).distinct()))
    caught_up = applied.keys() - remaining
    if caught_up:
        session.execute(delete(SearchProgress).where(SearchProgress.workspace_id.in_(caught_up)))
    for workspace_id in sorted(remaining):
        changed = session.execute(update(SearchProgress).where(SearchProgress.workspace_id == workspace_id)
                                  .values(done=SearchProgress.done + applied[workspace_id])).rowcount
        if not changed:
            session.add(SearchProgress(workspace_id=workspace_id, done=applied[workspace_id]))
    session.flush()


@dataclass(frozen=True)
class Indexing:
    """A workspace's index catching up: ``pending`` outbox rows still to apply, ``done`` applied
    since the backlog began."""

    pending: int
    done: int

    @property
    def total(self) -> int:
        return self.pending + self.done


def indexing(session: Session, workspace_id: str) -> Indexing | None:
    """How far the workspace's index has caught up, or None when nothing is waiting."""
    pending = session.scalar(select(func.count()).select_from(SearchOutbox)
                             .where(SearchOutbox.workspace_id == workspace_id,
                                    SearchOutbox.attempts < MAX_ATTEMPTS)) or 0
    if not pending:
        return None
    done = session.scalar(select(SearchProgress.done).where(SearchProgress.workspace_id == workspace_id)) or 0
    return Indexing(pending, done)
