"""The change log, written by one session-level mechanism: before each flush, every create,
update and delete of a journey, phase, step, participant or piece of evidence becomes Change
rows — who, when, which entity and field, old → new, and the editor's optional "why".

The acting user and the note come from the change context the entry point opened for the session
(timeline.change_context: the request's user, the form's or X-Change-Note's why). The time is now,
except inside timeline.backdating.changes_dated (the demo and imports of old maps only), which
stamps the rows with the time the story gives, in the order they were written."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from insightrepo.db import Database, new_id, utcnow
from insightrepo.journeys.fields import STEP_COLUMNS
from insightrepo.models import (Change, Experiment, Job, Journey, Measurement, Narrative, Participant, Phase, Quote,
                                Step)
from insightrepo.timeline import change_context
from insightrepo.timeline.guard import refuse_snapshot_edits

# entity name and the attributes worth recording (columns and link collections)
TRACKED: dict[type, tuple[str, tuple[str, ...]]] = {
    Journey: ("journey", ("title", "description", "scope", "kind", "persona", "owner", "archived")),
    Phase: ("phase", ("title", "goal", "position")),
    # a step's columns (journeys.fields.STEP), its place recorded after its title, as it always was
    Step: ("step", (*STEP_COLUMNS[:1], "phase_id", "position", *STEP_COLUMNS[1:])),
    Participant: ("participant", ("code", "segment", "method", "interviewed_on", "note")),
    Quote: ("quote", ("text", "participant_id", "collected_on", "source", "language", "sentiment", "tags", "steps")),
    Narrative: ("narrative", ("title", "body", "participant_id", "told_on", "tags", "steps")),
    Job: ("job", ("situation", "motivation", "outcome", "importance", "satisfaction", "tags", "steps", "phases")),
    Experiment: ("experiment", ("title", "solution", "hypothesis", "criterion", "metric_name", "metric_kind",
                                "metric_unit", "direction", "minimum_effect", "design", "owner", "job_id", "status",
                                "started_on", "ended_on", "verdict", "verdict_reason", "learning_observed",
                                "learning_learned", "learning_next", "steps", "quotes", "narratives")),
    Measurement: ("measurement", ("group", "measured_on", "successes", "trials", "n", "mean", "sd", "note", "source",
                                  "quotes")),
}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__table__"):  # a linked row: tags by name (even an empty one), others by id
        return value.name if hasattr(value, "name") else value.id
    return value


def _linked(rows: list) -> list:
    return sorted(_plain(rows), key=str)


def _journey_where(journey: Journey | None) -> tuple[str | None, str | None]:
    if journey is None:
        return None, None
    return journey.workspace_id or (journey.workspace.id if journey.workspace else None), journey.id


def _where(obj: Any) -> tuple[str | None, str | None]:
    """(workspace id, journey id) of a tracked object; before its first flush, through its parents."""
    if isinstance(obj, Journey):
        return _journey_where(obj)
    session = inspect(obj).session

    def journey_of(phase: Phase | None) -> Journey | None:
        # A phase or step being deleted may already be out of its parent's list; its foreign key still says where.
        if phase is None:
            return None
        return phase.journey or (session.get(Journey, phase.journey_id) if phase.journey_id else None)

    if isinstance(obj, Phase):
        return _journey_where(journey_of(obj))
    if isinstance(obj, Step):
        return _journey_where(journey_of(obj.phase or (session.get(Phase, obj.phase_id) if obj.phase_id else None)))
    if isinstance(obj, Measurement):
        experiment = obj.experiment or (session.get(Experiment, obj.experiment_id) if obj.experiment_id else None)
        return (experiment.workspace_id if experiment is not None else None), None
    workspace = getattr(obj, "workspace", None)
    return obj.workspace_id or (workspace.id if workspace is not None else None), None


def install(database: Database) -> None:
    """Every session of ``database`` refuses edits to snapshots, then records the change log."""
    database.listen("before_flush", refuse_snapshot_edits)
    database.listen("before_flush", record_changes)


def record_changes(session: Session, _flush_context, _instances) -> None:
    context = change_context.of(session)
    actor_id, why, group = context.actor_id, context.why, context.group
    rows: list[Change] = []
    with session.no_autoflush:
        created = [obj for obj in session.new if type(obj) in TRACKED]
        for obj in created:  # ids first: a new step names its new phase
            if obj.id is None:
                obj.id = new_id()
        for obj in created:
            entity, names = TRACKED[type(obj)]
            rows.append(_row(obj, entity, "create", None, None, _fields(inspect(obj), names)))
        for obj in list(session.dirty):
            if type(obj) in TRACKED and session.is_modified(obj):
                entity, names = TRACKED[type(obj)]
                state = inspect(obj)
                changed = {}
                for name in names:
                    history = state.attrs[name].history
                    if not history.has_changes():
                        continue
                    if name in state.mapper.relationships:
                        old = _linked([*history.unchanged, *history.deleted])
                        new = _linked([*history.unchanged, *history.added])
                    else:
                        old = _plain(history.deleted[0] if history.deleted else None)
                        new = _plain(history.added[0] if history.added else None)
                    if old != new:
                        changed[name] = (old, new)
                if isinstance(obj, Step) and "phase_id" not in changed:
                    # A move to another phase goes through the relationship; the foreign key
                    # (still the old phase's) follows only during the flush.
                    target = state.attrs["phase"].history.added
                    if target and target[0] is not None and target[0].id != obj.phase_id:
                        changed["phase_id"] = (obj.phase_id, target[0].id)
                # Moving one step or phase renumbers its siblings; that is part of the move (whose
                # version the service bumps), not an edit of each sibling.
                if set(changed) == {"position"} and not state.attrs["version"].history.has_changes():
                    continue
                rows.extend(_row(obj, entity, "update", name, old, new) for name, (old, new) in changed.items())
        for obj in list(session.deleted):
            if type(obj) in TRACKED:
                entity, names = TRACKED[type(obj)]
                rows.append(_row(obj, entity, "delete", None, _fields(inspect(obj), names), None))
    for row in rows:
        row.actor_id, row.why, row.at, row.group_id = actor_id, why, change_context.stamp(session), group
        session.add(row)


def _fields(state, names: tuple[str, ...]) -> dict[str, Any]:
    """The recorded fields; a value not set yet reads as its column's default, as it will be stored."""
    obj = state.obj()
    values = {}
    for name in names:
        if name in state.mapper.relationships:
            values[name] = _linked(getattr(obj, name))
            continue
        value = getattr(obj, name)
        column = state.mapper.columns.get(name)
        if value is None and name == "phase_id" and isinstance(obj, Step) and obj.phase is not None:
            value = obj.phase.id  # set by the flush, from the phase the step was added to
        if value is None and column is not None and column.default is not None:
            if column.default.is_scalar:
                value = column.default.arg
            elif column.default.is_callable:  # e.g. channels: list → []
                value = column.default.arg(None)
        values[name] = _plain(value)
    return values


def _row(obj: Any, entity: str, action: str, field: str | None, old: Any, new: Any) -> Change:
    workspace_id, journey_id = _where(obj)
    return Change(id=new_id(), workspace_id=workspace_id, journey_id=journey_id, entity=entity, entity_id=obj.id,
                  action=action, field=field, old=old, new=new, at=utcnow())


def bulk_create_rows(session: Session, model: type, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Change rows for objects written in bulk (Core inserts bypass the flush listener):
    one "create" per row, with the same fields the listener would record."""
    entity, names = TRACKED[model]
    context = change_context.of(session)
    actor_id, why = context.actor_id, context.why
    return [{"id": new_id(), "workspace_id": row["workspace_id"], "journey_id": None, "entity": entity,
             "entity_id": row["id"], "action": "create", "field": None, "old": None,
             "new": {name: _plain(row.get(name)) for name in names if name in row}, "actor_id": actor_id,
             "at": change_context.stamp(session), "why": why, "group_id": context.group} for row in rows]
