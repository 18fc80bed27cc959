"""Taking, listing and reading snapshots. Snapshots are never changed or deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Journey, Snapshot, User
from insightrepo.workspaces.access import authorise
from insightrepo.errors import NotFound
from insightrepo.field_checks import a_past_date, clean, text
from insightrepo.journeys.journeys import journey_for
from insightrepo.timeline.freeze import FrozenReader, freeze
from insightrepo.timeline.objects import ObjectStore
from insightrepo.i18n import gettext

SNAPSHOT_FIELDS = {"label": text(200, required=True), "as_of": a_past_date, "note": text(20_000)}


@dataclass(frozen=True)
class Taken:
    snapshot: Snapshot
    created: bool  # False: the map was unchanged and as_of the same, so the latest snapshot stands


def timeline_of(session: Session, journey: Journey) -> list[Snapshot]:
    return list(session.scalars(select(Snapshot).where(Snapshot.journey_id == journey.id)
                                .order_by(Snapshot.as_of, Snapshot.created_at, Snapshot.id)))


def list_snapshots(session: Session, actor: User | None, journey_id: str) -> list[Snapshot]:
    return timeline_of(session, journey_for(session, actor, journey_id, "viewer"))


def snapshot_for(session: Session, actor: User | None, snapshot_id: str) -> Snapshot:
    snapshot = session.get(Snapshot, snapshot_id)
    if snapshot is None:
        raise NotFound(gettext("No such snapshot."))
    authorise(session, actor, snapshot.journey.workspace, "viewer", write=False, missing=gettext("No such snapshot."))
    return snapshot


def take_snapshot(session: Session, actor: User | None, journey_id: str, data: dict[str, Any]) -> Taken:
    journey = journey_for(session, actor, journey_id, "editor", whole_map=True)
    values = clean(data, SNAPSHOT_FIELDS, required=("label",))
    as_of = values.get("as_of") or date.today()
    return record_snapshot(session, actor, journey, values["label"], as_of, values.get("note", ""))


def record_snapshot(session: Session, actor: User | None, journey: Journey, label: str, as_of: date,
                    note: str = "") -> Taken:
    frozen = freeze(session, journey)
    timeline = timeline_of(session, journey)
    latest = timeline[-1] if timeline else None
    if latest is not None and latest.root == frozen.root and latest.as_of == as_of:
        return Taken(latest, created=False)
    store = ObjectStore(session)
    store.put_many(frozen.objects)
    session.flush()  # the objects first: the snapshot row refers to its root object
    snapshot = Snapshot(journey_id=journey.id, label=label, as_of=as_of, note=note, root=frozen.root,
                        bytes_added=store.bytes_added, created_by_id=actor.id if actor else None)
    session.add(snapshot)
    session.flush()
    return Taken(snapshot, created=True)


def frozen_map(session: Session, snapshot: Snapshot) -> dict:
    """The snapshot's map in the shape of GET /api/v1/journeys/{id}, plus its timeline fields."""
    body = FrozenReader(ObjectStore(session)).map(snapshot.root)
    counts = {"workspace": snapshot.journey.workspace.slug, "phase_count": len(body["phases"]),
              "step_count": sum(len(phase["steps"]) for phase in body["phases"])}
    return {**body, **counts, "snapshot_id": snapshot.id, "journey_id": snapshot.journey_id, "label": snapshot.label,
            "as_of": snapshot.as_of, "note": snapshot.note, "created_at": snapshot.created_at,
            "created_by": snapshot.author}
