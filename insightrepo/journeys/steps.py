"""Steps of a phase: add, edit, move (also across phases), delete. A step keeps its id for life."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from insightrepo.models import Phase, Step, User
from insightrepo.workspaces.access import authorise
from insightrepo.errors import Forbidden, Invalid, NotFound, check_version
from insightrepo.field_checks import assign, clean
from insightrepo.field_labels import field_name
from insightrepo.i18n import gettext
from insightrepo.journeys.fields import STEP_FIELDS, step_columns
from insightrepo.journeys.ordering import clamp_position, lock_parents, place, renumber
from insightrepo.journeys.phases import phase_for
from insightrepo.journeys.unlinking import unlink_from_map


def step_for(session: Session, actor: User | None, step_id: str, role: str = "viewer") -> Step:
    step = session.scalar(
        select(Step).where(Step.id == step_id)
        .options(selectinload(Step.phase).selectinload(Phase.steps))
        .execution_options(populate_existing=True)  # siblings in stored order (see journey_for)
    )
    if step is None:
        raise NotFound(gettext("No such step."))
    authorise(session, actor, step.phase.journey.workspace, role, write=role != "viewer", missing=gettext("No such step."))
    return step


def add_step(session: Session, actor: User | None, phase_id: str, data: dict[str, Any]) -> Step:
    lock_parents(session, Phase, [phase_id])
    phase = phase_for(session, actor, phase_id, "editor")
    siblings = list(phase.steps)
    position = clamp_position(data.get("position"), len(siblings))
    step = Step(**step_columns(clean(data, STEP_FIELDS, required=("title",))))
    phase.steps.append(step)
    siblings.insert(position, step)
    place(phase.steps, siblings)
    session.flush()
    return step


def update_step(session: Session, actor: User | None, step_id: str, version: int | None,
                changes: dict[str, Any]) -> Step:
    """Edit fields and/or move: ``phase_id`` (any phase of the same journey) and ``position``.
    Everything is checked before anything changes."""
    moving = "phase_id" in changes or "position" in changes
    if moving:
        lock_parents(session, Phase, [_phase_of(session, step_id), changes.get("phase_id")])
    step = step_for(session, actor, step_id, "editor")
    check_version(step, version)
    values = step_columns(clean(changes, STEP_FIELDS))
    if moving:
        target = _target_phase(session, actor, step, changes.get("phase_id") or step.phase_id)
        destination = [s for s in target.steps if s is not step]
        # without a position a step stays where it is in its phase, and goes last in another one
        stay = step.position if target is step.phase else len(destination)
        position = clamp_position(changes.get("position", stay), len(destination))
    changed = assign(step, values)
    if moving and (target is not step.phase or position != step.position):
        if target is not step.phase:
            source = step.phase
            source.steps.remove(step)
            target.steps.append(step)
            renumber(source.steps)
        destination.insert(position, step)
        place(target.steps, destination)
        changed = True
    if changed:
        step.version += 1
    session.flush()
    return step


def _target_phase(session: Session, actor: User | None, step: Step, phase_id: Any) -> Phase:
    if phase_id == step.phase_id:
        return step.phase
    try:
        target = phase_for(session, actor, phase_id, "editor") if isinstance(phase_id, str) else None
    except (NotFound, Forbidden):
        target = None
    if target is None or target.journey_id != step.phase.journey_id:
        raise Invalid({"phase_id": gettext("%(field)s must be a phase of this step's journey", field=field_name("phase_id"))})
    return target


def _phase_of(session: Session, step_id: str) -> str | None:
    return session.scalar(select(Step.phase_id).where(Step.id == step_id))


def delete_step(session: Session, actor: User | None, step_id: str) -> None:
    lock_parents(session, Phase, [_phase_of(session, step_id)])
    step = step_for(session, actor, step_id, "editor")
    unlink_from_map(session, [step.id])
    phase = step.phase
    phase.steps.remove(step)
    session.delete(step)  # explicitly, so the change log sees it before the flush
    renumber(phase.steps)
    session.flush()

