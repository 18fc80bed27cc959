"""Snapshots are immutable: the session refuses to update or delete one (and so does the
database, through triggers made by the migration)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from insightrepo.models import Snapshot, SnapshotObject


class ImmutableSnapshot(Exception):
    pass


def refuse_snapshot_edits(session: Session, _flush_context, _instances) -> None:
    for obj in session.deleted:
        if isinstance(obj, (Snapshot, SnapshotObject)):
            raise ImmutableSnapshot("Snapshots are immutable: they cannot be deleted.")
    for obj in session.dirty:
        if isinstance(obj, (Snapshot, SnapshotObject)) and session.is_modified(obj):
            raise ImmutableSnapshot("Snapshots are immutable: they cannot be changed.")
