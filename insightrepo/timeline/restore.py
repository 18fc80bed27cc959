"""Restoring a snapshot: the live map becomes equal to it, through ordinary edits (so the
change log records every one), after a safety snapshot of the live state if that state is
not already on the timeline. Nothing is lost either way.

Ids are stable, so a phase, step or quote deleted since the snapshot comes back with its
old id; evidence linked to the map returns to its frozen wording, and links to steps of
other journeys are left alone.

Experiments are a record of what the team did, not part of the map's content: a restore never
rewinds one (status, verdict, dates, measurements), never unlinks one from a step and never
brings back a deleted one. It only gives back what deleting a step took from them: a step that
returns is linked again to the experiments that targeted it in the snapshot."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.db import utcnow
from insightrepo.models import Experiment, Job, Journey, Narrative, Participant, Phase, Quote, Snapshot, Step, User
from insightrepo.workspaces.access import authorise
from insightrepo.errors import NotFound
from insightrepo.field_checks import assign
from insightrepo.journeys.fields import STEP_NAMES, step_columns
from insightrepo.journeys.journeys import journey_for
from insightrepo.journeys.ordering import lock_parents
from insightrepo.evidence.participants import find_by_code
from insightrepo.evidence.tags import tags_for
from insightrepo.timeline.change_context import explained
from insightrepo.timeline.freeze import EVIDENCE_KINDS, EXPERIMENTS, JOURNEY_FIELDS, FrozenReader, freeze
from insightrepo.timeline.objects import ObjectStore
from insightrepo.timeline.snapshots import record_snapshot, timeline_of
from insightrepo.i18n import gettext

MODELS = {"quotes": Quote, "narratives": Narrative, "jobs": Job}


def restore_snapshot(session: Session, actor: User | None, snapshot_id: str) -> tuple[Journey, Snapshot | None]:
    """Make the live map equal to the snapshot; returns the journey and the safety snapshot (if one was taken)."""
    snapshot = session.get(Snapshot, snapshot_id)
    if snapshot is None:
        raise NotFound(gettext("No such snapshot."))
    # A write: a non-member gets the 404 of a snapshot that does not exist, a viewer 403, as for
    # every other edit of the map — before anything is locked.
    authorise(session, actor, snapshot.journey.workspace, "editor", write=True, missing=gettext("No such snapshot."))
    # The whole map is renumbered: no move of a phase or step may run beside it (see lock_parents).
    lock_parents(session, Journey, [snapshot.journey_id])
    lock_parents(session, Phase, session.scalars(select(Phase.id).where(Phase.journey_id == snapshot.journey_id)))
    journey = journey_for(session, actor, snapshot.journey_id, "editor", whole_map=True)
    live = freeze(session, journey)
    safety = None
    if live.root not in {s.root for s in timeline_of(session, journey)}:
        safety = record_snapshot(session, actor, journey, f"Before restoring “{snapshot.label}”", date.today(),
                                 "Taken automatically: the live map differed from every snapshot.").snapshot
    if live.root != snapshot.root:
        with explained(session, f"Restored snapshot “{snapshot.label}” ({snapshot.as_of})"):
            _apply(session, journey, FrozenReader(ObjectStore(session)).map(snapshot.root))
            session.flush()
        session.expire(journey)
    return journey, safety


def _apply(session: Session, journey: Journey, frozen: dict) -> None:
    assign(journey, {f: frozen[f] for f in JOURNEY_FIELDS})
    phases_by_id = {p.id: p for p in journey.phases}
    steps_by_id = {s.id: s for s in journey.steps}
    wanted_phases = {p["id"] for p in frozen["phases"]}
    wanted_steps = {s["id"] for p in frozen["phases"] for s in p["steps"]}

    for step_id, step in steps_by_id.items():
        if step_id not in wanted_steps:
            step.phase.steps.remove(step)
            session.delete(step)
    for phase_id, phase in phases_by_id.items():
        if phase_id not in wanted_phases:
            journey.phases.remove(phase)
            session.delete(phase)
    session.flush()

    returned: set[str] = set()  # steps deleted since the snapshot, back with their old ids
    for position, frozen_phase in enumerate(frozen["phases"]):
        phase = phases_by_id.get(frozen_phase["id"]) or session.get(Phase, frozen_phase["id"])
        if phase is None:  # deleted since: it comes back with its old id
            phase = Phase(id=frozen_phase["id"], journey=journey, title=frozen_phase["title"],
                          goal=frozen_phase["goal"], position=position)
            session.add(phase)
        elif assign(phase, {"title": frozen_phase["title"], "goal": frozen_phase["goal"], "position": position}):
            phase.version += 1
        for step_position, frozen_step in enumerate(frozen_phase["steps"]):
            step = steps_by_id.get(frozen_step["id"]) or session.get(Step, frozen_step["id"])
            values = step_columns({name: frozen_step[name] for name in STEP_NAMES})
            if step is None:
                step = Step(id=frozen_step["id"], phase=phase, position=step_position, **values)
                session.add(step)
                returned.add(step.id)
                continue
            if assign(step, {**values, "phase_id": phase.id, "position": step_position}):
                step.version += 1
    session.flush()
    _restore_evidence(session, journey, frozen)
    _relink_experiments(session, journey, frozen, returned)


def _restore_evidence(session: Session, journey: Journey, frozen: dict) -> None:
    session.expire(journey)
    steps = {s.id: s for s in journey.steps}
    phases = {p.id: p for p in journey.phases}
    wanted: dict[str, dict[str, dict]] = {kind: {} for kind in EVIDENCE_KINDS}  # kind → id → frozen body
    linked_steps: dict[str, dict[str, set[str]]] = {kind: {} for kind in EVIDENCE_KINDS}
    linked_phases: dict[str, set[str]] = {}
    for frozen_phase in frozen["phases"]:
        for job in frozen_phase["jobs"]:
            wanted["jobs"][job["id"]] = job
            linked_phases.setdefault(job["id"], set()).add(frozen_phase["id"])
        for frozen_step in frozen_phase["steps"]:
            for kind in EVIDENCE_KINDS:
                for body in frozen_step["evidence"][kind]:
                    wanted[kind][body["id"]] = body
                    linked_steps[kind].setdefault(body["id"], set()).add(frozen_step["id"])

    for kind, model in MODELS.items():
        live_items = set(session.scalars(select(model).where(model.steps.any(Step.id.in_(list(steps))))))
        if kind == "jobs":
            live_items |= set(session.scalars(select(Job).where(Job.phases.any(Phase.id.in_(list(phases))))))
        for item_id, body in wanted[kind].items():
            item = session.get(model, item_id)
            if item is None:
                item = model(id=item_id, workspace_id=journey.workspace_id)
                session.add(item)
            _restore_fields(session, journey, kind, item, body)
            live_items.add(item)
        for item in live_items:
            keep = [s for s in item.steps if s.id not in steps]
            item.steps = keep + [steps[i] for i in sorted(linked_steps[kind].get(item.id, ()))]
            if kind == "jobs":
                keep_phases = [p for p in item.phases if p.id not in phases]
                item.phases = keep_phases + [phases[i] for i in sorted(linked_phases.get(item.id, ()))]


def _relink_experiments(session: Session, journey: Journey, frozen: dict, returned: set[str]) -> None:
    """Link the steps that came back to the experiments (still in the workspace) that targeted
    them in the snapshot; nothing else about an experiment changes."""
    targeted: dict[str, list[str]] = {}
    for frozen_phase in frozen["phases"]:
        for frozen_step in frozen_phase["steps"]:
            if frozen_step["id"] in returned:
                for body in frozen_step[EXPERIMENTS]:
                    targeted.setdefault(body["id"], []).append(frozen_step["id"])
    if not targeted:
        return
    for experiment in session.scalars(select(Experiment).where(Experiment.id.in_(list(targeted)),
                                                               Experiment.workspace_id == journey.workspace_id)):
        session.expire(experiment, ["steps"])  # the database dropped its links to the deleted steps
        linked = {step.id for step in experiment.steps}
        experiment.steps = experiment.steps + [session.get(Step, i) for i in targeted[experiment.id] if i not in linked]
        experiment.updated_at = utcnow()


def _restore_fields(session: Session, journey: Journey, kind: str, item: Any, body: dict) -> None:
    values = {k: v for k, v in body.items() if k not in ("id", "tags", "participant")}
    for name in ("collected_on", "told_on"):
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    if assign(item, values) or {t.name for t in item.tags} != set(body["tags"]):
        item.updated_at = utcnow()
    item.tags = tags_for(session, journey.workspace, body["tags"])
    if kind != "jobs":
        code = body.get("participant")
        participant = find_by_code(session, journey.workspace, code) if code else None
        if code and participant is None:
            participant = Participant(workspace_id=journey.workspace_id, code=code)
            session.add(participant)
        item.participant = participant
