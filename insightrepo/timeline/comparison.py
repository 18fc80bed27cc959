"""Comparing any two states of a journey map: snapshots (by id) or the live map ("live"), with
what the team did in between (the experiments that ran in the window the two sides span)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from insightrepo.models import Journey, User
from insightrepo.errors import Invalid
from insightrepo.i18n import gettext
from insightrepo.experiments.overview import InBetween, experiments_between
from insightrepo.journeys.journeys import journey_for
from insightrepo.timeline.manifest_diff import Diff, Side, as_json, compare
from insightrepo.timeline.freeze import FrozenReader, freeze
from insightrepo.timeline.objects import ObjectStore
from insightrepo.timeline.snapshots import snapshot_for

LIVE = "live"


@dataclass(frozen=True)
class Window:
    """The dates the two sides span, earlier first."""

    start: date
    end: date


@dataclass
class Comparison:
    """What changed (timeline.manifest_diff's Diff), the window the two sides span, and what the
    team did in between (its count is also in the diff's summary, under experiments.in_between)."""

    diff: Diff
    window: Window
    in_between: list[InBetween]

    def as_json(self) -> dict:
        """The API's form: the diff, with the window and the experiments in between."""
        found = as_json(self.diff)
        found["window"] = {"from": self.window.start.isoformat(), "to": self.window.end.isoformat()}
        found["in_between"] = [item.as_dict() for item in self.in_between]
        return found


def side(session: Session, actor: User | None, ref: str, journey: Journey | None, store: ObjectStore) -> Side:
    if ref == LIVE:
        if journey is None:
            raise Invalid({"from": gettext("“live” needs a journey: use /journeys/{id}/compare")})
        frozen = freeze(session, journey)
        return Side(FrozenReader(store, frozen), frozen.root,
                    {"kind": "live", "id": LIVE, "journey_id": journey.id, "label": "Live map", "as_of": None})
    snapshot = snapshot_for(session, actor, ref)
    if journey is not None and snapshot.journey_id != journey.id:
        raise Invalid({"snapshot": gettext("that snapshot belongs to another journey")})
    return Side(FrozenReader(store), snapshot.root,
                {"kind": "snapshot", "id": snapshot.id, "journey_id": snapshot.journey_id, "label": snapshot.label,
                 "as_of": snapshot.as_of.isoformat()})


def date_of(ref: dict) -> date:
    """The date a side of a comparison describes: a snapshot's as_of, today for the live map."""
    return date.fromisoformat(ref["as_of"]) if ref["as_of"] else date.today()


def _step_ids(one: Side) -> set[str]:
    root = one.reader.get(one.root)
    trees = one.reader.get_many([tree for _, tree in root["phases"]])
    return {entry[0] for tree in trees.values() for entry in tree["steps"]}


def comparison(session: Session, actor: User | None, a: str, b: str, journey_id: str | None = None) -> Comparison:
    journey = journey_for(session, actor, journey_id, "viewer", whole_map=True) if journey_id else None
    store = ObjectStore(session)
    side_a, side_b = side(session, actor, a, journey, store), side(session, actor, b, journey, store)
    diff = compare(side_a, side_b)
    start, end = sorted(date_of(ref) for ref in (diff.from_ref, diff.to_ref))
    workspace_id = (journey or session.get(Journey, side_a.ref["journey_id"])).workspace_id
    found = experiments_between(session, workspace_id, sorted(_step_ids(side_a) | _step_ids(side_b)), start, end,
                                diff.steps)
    diff.summary["experiments"]["in_between"] = len(found)
    return Comparison(diff, Window(start, end), found)


def compare_refs(session: Session, actor: User | None, a: str, b: str, journey_id: str | None = None) -> dict:
    """The comparison as the API sends it."""
    return comparison(session, actor, a, b, journey_id).as_json()
