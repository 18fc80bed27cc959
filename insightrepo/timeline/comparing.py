"""Comparing any two states of a journey map: snapshots (by id) or the live map ("live")."""

from __future__ import annotations

from sqlalchemy.orm import Session

from insightrepo.models import Journey, User
from insightrepo.services.errors import Invalid
from insightrepo.services.journeys import journey_for
from insightrepo.timeline.diff import Side, compare
from insightrepo.timeline.freeze import FrozenReader, freeze
from insightrepo.timeline.objects import ObjectStore
from insightrepo.timeline.snapshots import snapshot_for

LIVE = "live"


def side(session: Session, actor: User | None, ref: str, journey: Journey | None, store: ObjectStore) -> Side:
    if ref == LIVE:
        if journey is None:
            raise Invalid({"from": "“live” needs a journey: use /journeys/{id}/compare"})
        frozen = freeze(session, journey)
        return Side(FrozenReader(store, frozen), frozen.root,
                    {"kind": "live", "id": LIVE, "journey_id": journey.id, "label": "Live map", "as_of": None})
    snapshot = snapshot_for(session, actor, ref)
    if journey is not None and snapshot.journey_id != journey.id:
        raise Invalid({"snapshot": "that snapshot belongs to another journey"})
    return Side(FrozenReader(store), snapshot.root,
                {"kind": "snapshot", "id": snapshot.id, "journey_id": snapshot.journey_id, "label": snapshot.label,
                 "as_of": snapshot.as_of.isoformat()})


def compare_refs(session: Session, actor: User | None, a: str, b: str, journey_id: str | None = None) -> dict:
    journey = journey_for(session, actor, journey_id, "viewer", whole_map=True) if journey_id else None
    store = ObjectStore(session)
    return compare(side(session, actor, a, journey, store), side(session, actor, b, journey, store))
