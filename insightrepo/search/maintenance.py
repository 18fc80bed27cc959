"""Keeping watch over the index: `search check` (what is missing, stale or extra, and what killed
rebuilds left behind), `search reindex` (rebuild beside the live index and swap it in) and
removing orphans (`search check --clean`; reindex and init too)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from insightrepo.models import SearchOutbox, Workspace
from insightrepo.search.port import Orphan, Progress
from insightrepo.search.sync import MAX_ATTEMPTS, Synchroniser


@dataclass(frozen=True)
class Drift:
    workspace_id: str
    slug: str | None  # None: the workspace is gone from the database
    documents: int    # documents the database calls for
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


@dataclass(frozen=True)
class FailedRow:
    id: int
    kind: str
    ref: str
    error: str


@dataclass(frozen=True)
class CheckReport:
    workspaces: list[Drift]
    pending: int  # outbox rows still to apply (written while the check ran)
    failed: list[FailedRow]
    orphans: list[Orphan] = field(default_factory=list)  # what killed rebuilds left behind: disk, not drift
    cleaned: bool = False  # … and the check removed them

    @property
    def ok(self) -> bool:
        """The index holds what the database calls for (orphans take disk but are never searched)."""
        return all(d.ok for d in self.workspaces) and not self.failed


def _workspaces(sync: Synchroniser) -> dict[str, str]:
    with sync.session_scope() as session:
        return dict(session.execute(select(Workspace.id, Workspace.slug)).all())


def check(sync: Synchroniser, progress: Progress | None = None, clean: bool = False) -> CheckReport:
    """Compare every document the database calls for with the index: missing (not indexed), stale
    (indexed with other content) and extra (indexed, but nothing in the database calls for it);
    and find the orphans killed rebuilds left (removed with ``clean``). Pending outbox rows are
    applied first, and nobody writes the index while it compares."""
    sync.drain(wait=True)
    index = sync.index
    drift = []
    with index.writer_lock(wait=True):
        orphans = index.remove_orphans() if clean else index.orphans()
        workspaces = _workspaces(sync)
        for workspace_id, slug in sorted(workspaces.items(), key=lambda item: item[1]):
            expected = {doc.key: doc.fingerprint for doc in sync.workspace_documents(workspace_id, progress)}
            indexed = index.fingerprints(workspace_id)
            drift.append(Drift(workspace_id, slug, len(expected),
                               missing=sorted(expected.keys() - indexed.keys()),
                               stale=sorted(k for k in expected.keys() & indexed.keys() if expected[k] != indexed[k]),
                               extra=sorted(indexed.keys() - expected.keys())))
        for workspace_id in sorted(index.workspace_ids() - workspaces.keys()):
            drift.append(Drift(workspace_id, None, 0, extra=sorted(index.fingerprints(workspace_id))))
    with sync.session_scope() as session:
        failed = [FailedRow(*row) for row in session.execute(
            select(SearchOutbox.id, SearchOutbox.kind, SearchOutbox.ref, SearchOutbox.error)
            .where(SearchOutbox.attempts >= MAX_ATTEMPTS).order_by(SearchOutbox.id))]
    return CheckReport(drift, sync.pending(), failed, orphans, clean)


def remove_orphans(sync: Synchroniser) -> list[Orphan]:
    """Remove what killed rebuilds left behind (`reindex` and `init` do this before they build)."""
    with sync.index.writer_lock(wait=True):
        return sync.index.remove_orphans()


def reindex(sync: Synchroniser, slugs: list[str] | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Rebuild the index of every workspace (or of ``slugs``) from the database, each into a new
    directory swapped in when complete: searches go on against the old one meanwhile. Index
    work written during the rebuild waits in the outbox and is applied right after. Returns the
    documents written per workspace slug."""
    index = sync.index
    written: dict[str, int] = {}
    with index.writer_lock(wait=True):
        with sync.session_scope() as session:
            covered = session.scalar(select(func.max(SearchOutbox.id))) or 0
        workspaces = _workspaces(sync)
        chosen = {wid: slug for wid, slug in workspaces.items() if slugs is None or slug in slugs}
        for workspace_id, slug in sorted(chosen.items(), key=lambda item: item[1]):
            written[slug] = index.replace_workspace(workspace_id, sync.workspace_documents(workspace_id, progress))
        if slugs is None:
            for workspace_id in index.workspace_ids() - workspaces.keys():
                index.replace_workspace(workspace_id, [])
            with sync.session_scope() as session:
                # Rows committed before the rebuild began are in it (failed ones included).
                session.execute(SearchOutbox.__table__.delete().where(SearchOutbox.id <= covered))
                session.commit()
    sync.drain()
    return written


def build_missing(sync: Synchroniser, progress: Progress | None = None) -> int:
    """Build the index of every workspace that has none yet (a new data directory, a deleted
    index); returns how many workspaces got one. Then apply whatever the outbox holds."""
    index = sync.index
    built = 0
    with index.writer_lock(wait=True):
        present = index.workspace_ids()
        for workspace_id in sorted(_workspaces(sync).keys() - present):
            if index.replace_workspace(workspace_id, sync.workspace_documents(workspace_id, progress)):
                built += 1
    sync.drain(wait=True)
    return built
