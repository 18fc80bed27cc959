"""Reading the change log: a journey's edits, and one step's whole life."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Text, and_, cast, or_, select, union
from sqlalchemy.orm import Session, selectinload

from insightrepo.models import (Change, Experiment, Job, Journey, Measurement, Narrative, Participant, Phase, Quote,
                                Step, User)
from insightrepo.models.evidence import job_steps, narrative_steps, quote_steps
from insightrepo.models.experiment import experiment_steps
from insightrepo.workspaces.access import authorise
from insightrepo.errors import NotFound
from insightrepo.journeys.journeys import journey_for
from insightrepo.paging import Page, paginate
from insightrepo.timeline.freeze import FrozenReader
from insightrepo.timeline.objects import ObjectStore
from insightrepo.timeline.snapshots import timeline_of
from insightrepo.i18n import gettext


def list_changes(session: Session, actor: User | None, journey_id: str, filters: dict[str, Any],
                 page: int = 1, per_page: int = 50) -> Page:
    """Newest first: the journey's, its phases' and its steps' edits, and the whole history of the
    evidence and experiments (with their measurements) linked to its steps now or at some time —
    a quote unlinked or deleted since keeps its creation, edits and deletion here. Filters: actor
    (user id or email), entity, entity_id, from/to (dates)."""
    journey = journey_for(session, actor, journey_id, "viewer", whole_map=True)
    step_ids = [s.id for s in journey.steps]
    experiments = select(experiment_steps.c.experiment_id).where(experiment_steps.c.step_id.in_(step_ids))
    linked = [select(table.c[column]).where(table.c.step_id.in_(step_ids))
              for column, table in (("quote_id", quote_steps), ("narrative_id", narrative_steps), ("job_id", job_steps))]
    linked += [experiments, select(Measurement.id).where(Measurement.experiment_id.in_(experiments))]
    linked += _once_linked(session, journey, step_ids)
    evidence = and_(Change.workspace_id == journey.workspace_id, Change.entity.in_(LINKED_ENTITIES),
                    Change.entity_id.in_(union(*linked)))
    stmt = select(Change).where(or_(Change.journey_id == journey.id, evidence)).options(selectinload(Change.actor))
    if filters.get("actor"):
        who = filters["actor"]
        stmt = stmt.where(Change.actor.has(User.email == who.lower()) | (Change.actor_id == who)
                          | (Change.actor_name == who.lower()))
    if filters.get("entity"):
        stmt = stmt.where(Change.entity == filters["entity"])
    if filters.get("entity_id"):
        stmt = stmt.where(Change.entity_id == filters["entity_id"])
    if filters.get("from"):
        stmt = stmt.where(Change.at >= filters["from"])
    if filters.get("to"):
        stmt = stmt.where(Change.at < filters["to"] + timedelta(days=1))  # the "to" day is included
    found = paginate(session, stmt.order_by(Change.at.desc(), Change.id), page, per_page)
    labels = entity_labels(session, found.items)
    for change in found.items:
        change.entity_label = labels.get(change.entity_id, "")
    return found


# What names each kind of entity in the log: its title, a quote's words, a job's situation …
_NAMES = {"journey": "title", "phase": "title", "step": "title", "quote": "text", "narrative": "title",
          "job": "situation", "experiment": "title", "measurement": "group", "participant": "code"}
_MODELS = {"journey": Journey, "phase": Phase, "step": Step, "quote": Quote, "narrative": Narrative, "job": Job,
           "experiment": Experiment, "measurement": Measurement, "participant": Participant}


def _label(entity: str, name: str | None) -> str:
    if not name:
        return ""
    return f"“{name}”" if entity == "quote" else name


def entity_labels(session: Session, changes: list[Change]) -> dict[str, str]:
    """Entity id → what a person calls it, for the rows of a page of the log: its current name,
    or (deleted since) the name its own create or delete row recorded. A few queries per page."""
    labels: dict[str, str] = {}
    wanted: dict[str, set[str]] = {}
    for change in changes:
        wanted.setdefault(change.entity, set()).add(change.entity_id)
    for entity, ids in wanted.items():
        model, name = _MODELS.get(entity), _NAMES.get(entity)
        if model is None:
            continue
        for item_id, value in session.execute(select(model.id, getattr(model, name)).where(model.id.in_(ids))):
            labels[item_id] = _label(entity, value)
        missing = ids - set(labels)
        if missing:
            for row in session.scalars(select(Change).where(Change.entity_id.in_(missing), Change.action != "update")
                                       .order_by(Change.at)):
                recorded = row.new if row.action == "create" else row.old
                if isinstance(recorded, dict) and recorded.get(name):
                    labels[row.entity_id] = _label(entity, recorded[name])
    return labels


LINKED_ENTITIES = ("quote", "narrative", "job", "experiment", "measurement")
STEP_LINKED = ("quote", "narrative", "job", "experiment")  # their change rows record their "steps"


def _once_linked(session: Session, journey: Journey, step_ids: list[str]) -> list:
    """The evidence and experiments whose own change rows name one of the journey's steps (those it
    has, and those deleted from it): created on it, linked to or unlinked from it, deleted while on
    it. Evidence carries no journey of its own, so what happened on the map is read from the log
    itself, not from today's links, which a deletion or an unlinking took away."""
    gone = session.scalars(select(Change.entity_id).where(Change.journey_id == journey.id, Change.entity == "step",
                                                          Change.action == "delete"))
    ids = sorted({*step_ids, *gone})
    if not ids:
        return []
    recorded = (cast(Change.old, Text), cast(Change.new, Text))
    return [select(Change.entity_id).where(
        Change.workspace_id == journey.workspace_id, Change.entity.in_(STEP_LINKED),
        or_(Change.action != "update", Change.field == "steps"),
        or_(*(text.contains(step_id, autoescape=True) for step_id in ids for text in recorded)))]


def step_life(session: Session, actor: User | None, step_id: str) -> dict:
    """A step's edits (oldest first) and its state in every snapshot of its journey."""
    journey_id = session.scalar(select(Change.journey_id).where(Change.entity_id == step_id, Change.entity == "step")
                                .limit(1))
    step = session.get(Step, step_id)
    if step is not None:
        journey_id = step.phase.journey_id
    journey = session.get(Journey, journey_id) if journey_id is not None else None
    if journey is None:
        raise NotFound(gettext("No such step."))
    # Another workspace's step gets the words of a step that does not exist (not "No such journey.").
    authorise(session, actor, journey.workspace, "viewer", write=False, missing=gettext("No such step."))
    edits = list(session.scalars(select(Change).where(Change.entity == "step", Change.entity_id == step_id)
                                 .options(selectinload(Change.actor)).order_by(Change.at, Change.id)))
    reader = FrozenReader(ObjectStore(session))
    states = []
    for snapshot in timeline_of(session, journey):
        frozen = reader.map(snapshot.root)
        found = next(({**s, "phase_title": p["title"]} for p in frozen["phases"] for s in p["steps"]
                      if s["id"] == step_id), None)
        states.append({"snapshot_id": snapshot.id, "label": snapshot.label, "as_of": snapshot.as_of.isoformat(),
                       "step": found})
    return {"step_id": step_id, "journey_id": journey.id, "exists": step is not None,
            "changes": edits, "snapshots": states}
