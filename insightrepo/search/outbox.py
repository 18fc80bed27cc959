"""Writing index work into the outbox, in the same transaction as the data (docs/architecture.md).

``record_index_work`` is an ``after_flush`` listener on every session the app makes
(insightrepo.db.Database): it sees what the flush wrote — with the attributes' old values still
at hand, so a renamed tag's old name is known — and adds one outbox row per thing the index must
look at again. Bulk writers that bypass the ORM (the CSV import, the backup restore) call
``enqueue`` themselves. Rows say what to look at, never the new content (see SearchOutbox)."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import inspect, insert
from sqlalchemy.orm import Session

from insightrepo.db import Database, utcnow
from insightrepo.journeys.fields import STEP_SEARCHED
from insightrepo.models.evidence import code_key
from insightrepo.models import (Experiment, Job, Journey, Narrative, Participant, Phase, Quote, SearchOutbox, Snapshot,
                                Step, Tag, Workspace)

# The sessions whose transaction wrote outbox rows, and how many (the outbox's own note; a session is
# used by one thread at a time, and forgotten with it)
_WROTE: "weakref.WeakKeyDictionary[Session, Committed]" = weakref.WeakKeyDictionary()
# Work a request does not wait for: a snapshot's history documents (search/history.py) may be found a
# moment after its answer. What the user just edited (every other kind) is searchable when it arrives.
LAGGING_KINDS = frozenset({"snapshot"})
# Set once this process has committed outbox rows: a command line run without an app drains them
# before it ends (insightrepo.cli), instead of leaving them to the next server start.
COMMITTED_WORK = threading.Event()

ITEM_TYPES: dict[type, str] = {Quote: "quote", Narrative: "narrative", Job: "job", Step: "step", Journey: "journey",
                               Experiment: "experiment"}
# A step's other attributes (position, emotion, owner, lanes …) are not searchable: renumbering the
# siblings of a moved step must not re-index the whole phase.
STEP_INDEXED = (*STEP_SEARCHED, "phase_id", "phase")


def install(database: Database) -> None:
    """Every session of ``database`` writes the search index's work into the outbox with its
    changes, and notes a commit that wrote some (before the database's after_commit hooks)."""
    database.listen("after_flush", record_index_work)
    database.listen("after_commit", note_committed_work)
    database.listen("after_rollback", forget_index_work)


def record_index_work(session: Session, _flush_context) -> None:
    work: dict[tuple[str | None, str, str], None] = {}
    for obj in session.new:
        _created(session, obj, work)
    for obj in session.dirty:
        if session.is_modified(obj):
            _changed(session, obj, work)
    for obj in session.deleted:
        _deleted(session, obj, work)
    if work:
        _write(session, work)


def note_committed_work(session: Session) -> None:
    if session in _WROTE:
        COMMITTED_WORK.set()


@dataclass(frozen=True)
class Committed:
    """The outbox rows a committed transaction wrote: how many in all, and how many of them its
    request waits for (those not of LAGGING_KINDS)."""

    rows: int = 0
    awaited: int = 0

    def __add__(self, other: "Committed") -> "Committed":
        return Committed(self.rows + other.rows, self.awaited + other.awaited)


def take_committed_work(session: Session) -> Committed:
    """The outbox rows the transaction ``session`` committed wrote (``rows`` 0: none); asked once
    per commit."""
    return _WROTE.pop(session, Committed())


def forget_index_work(session: Session, *_args) -> None:
    """After a rollback the rows are gone: nothing to drain."""
    _WROTE.pop(session, None)


def enqueue(session: Session, workspace_id: str | None, kind: str, refs: Iterable[str]) -> None:
    """Index work for rows written without the ORM (Core bulk inserts)."""
    _write(session, {(workspace_id, kind, ref): None for ref in refs})


def _write(session: Session, work: dict[tuple[str | None, str, str], None]) -> None:
    if not work:
        return
    now = utcnow()
    rows = [{"workspace_id": workspace_id, "kind": kind, "ref": ref, "created_at": now, "attempts": 0, "error": ""}
            for workspace_id, kind, ref in work]
    # The connection, not the session: a flush is under way, and these rows must not start another.
    session.connection().execute(insert(SearchOutbox.__table__), rows)
    awaited = sum(1 for row in rows if row["kind"] not in LAGGING_KINDS)
    _WROTE[session] = _WROTE.get(session, Committed()) + Committed(len(rows), awaited)


def _created(session: Session, obj: Any, work: dict) -> None:
    kind = ITEM_TYPES.get(type(obj))
    if kind is not None:
        work[(_workspace_of(session, obj), kind, obj.id)] = None
    elif isinstance(obj, Snapshot):
        work[(_journey_workspace(session, obj.journey_id), "snapshot", obj.id)] = None


def _changed(session: Session, obj: Any, work: dict) -> None:
    state = inspect(obj)
    kind = ITEM_TYPES.get(type(obj))
    if kind == "step":
        if not any(state.attrs[name].history.has_changes() for name in STEP_INDEXED):
            return
        workspace_id = _workspace_of(session, obj)
        work[(workspace_id, "step", obj.id)] = None
        if state.attrs.phase_id.history.has_changes() or state.attrs.phase.history.has_changes():
            work[(workspace_id, "ref", f"step:{obj.id}")] = None  # its evidence moved with it
    elif kind is not None:
        work[(_workspace_of(session, obj), kind, obj.id)] = None
    elif isinstance(obj, Tag) and state.attrs.key.history.deleted:
        work[(obj.workspace_id, "ref", f"tag:{state.attrs.key.history.deleted[0]}")] = None
    elif isinstance(obj, Participant) and state.attrs.code.history.deleted:
        work[(obj.workspace_id, "ref", f"participant:{code_key(state.attrs.code.history.deleted[0])}")] = None
    elif isinstance(obj, Workspace) and state.attrs.language.history.has_changes():
        work[(obj.id, "workspace", obj.id)] = None


def _deleted(session: Session, obj: Any, work: dict) -> None:
    kind = ITEM_TYPES.get(type(obj))
    if kind is not None:
        workspace_id = _workspace_of(session, obj)
        work[(workspace_id, kind, obj.id)] = None
        if kind == "step":
            work[(workspace_id, "ref", f"step:{obj.id}")] = None
    elif isinstance(obj, Phase):
        work[(_journey_workspace(session, obj.journey_id), "ref", f"phase:{obj.id}")] = None
    elif isinstance(obj, Tag):
        work[(obj.workspace_id, "ref", f"tag:{obj.key}")] = None
    elif isinstance(obj, Participant):
        work[(obj.workspace_id, "ref", f"participant:{obj.code_key}")] = None


def _workspace_of(session: Session, obj: Any) -> str | None:
    if isinstance(obj, Step):
        phase = obj.phase
        if phase is None:
            phase_id = obj.phase_id or _old(obj, "phase_id")
            phase = session.get(Phase, phase_id) if phase_id else None
        return _journey_workspace(session, phase.journey_id if phase is not None else None,
                                  phase.journey if phase is not None else None)
    if obj.workspace_id is not None:
        return obj.workspace_id
    workspace = getattr(obj, "workspace", None)
    return workspace.id if workspace is not None else None


def _journey_workspace(session: Session, journey_id: str | None, journey: Journey | None = None) -> str | None:
    journey = journey or (session.get(Journey, journey_id) if journey_id else None)
    if journey is None:
        return None
    return journey.workspace_id or (journey.workspace.id if journey.workspace is not None else None)


def _old(obj: Any, name: str) -> Any:
    history = inspect(obj).attrs[name].history
    return history.deleted[0] if history.deleted else None
