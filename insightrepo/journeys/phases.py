"""Phases of a journey: add, edit, move, delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from insightrepo.models import Journey, Phase, User
from insightrepo.workspaces.access import authorise
from insightrepo.errors import Conflict, NotFound, check_version
from insightrepo.field_checks import assign, clean
from insightrepo.journeys.fields import PHASE_FIELDS
from insightrepo.journeys.journeys import journey_for
from insightrepo.journeys.ordering import clamp_position, lock_parents, place, renumber
from insightrepo.journeys.unlinking import unlink_from_map
from insightrepo.i18n import gettext, ngettext


def phase_for(session: Session, actor: User | None, phase_id: str, role: str = "viewer") -> Phase:
    phase = session.scalar(
        select(Phase).where(Phase.id == phase_id)
        .options(selectinload(Phase.journey).selectinload(Journey.phases), selectinload(Phase.steps))
        .execution_options(populate_existing=True)  # siblings in stored order (see journey_for)
    )
    if phase is None:
        raise NotFound(gettext("No such phase."))
    authorise(session, actor, phase.journey.workspace, role, write=role != "viewer", missing=gettext("No such phase."))
    return phase


def add_phase(session: Session, actor: User | None, journey_id: str, data: dict[str, Any]) -> Phase:
    lock_parents(session, Journey, [journey_id])
    journey = journey_for(session, actor, journey_id, "editor", whole_map=True)
    siblings = list(journey.phases)
    position = clamp_position(data.get("position"), len(siblings))
    phase = Phase(**clean(data, PHASE_FIELDS, required=("title",)))
    siblings.insert(position, phase)
    journey.phases.append(phase)
    place(journey.phases, siblings)
    session.flush()
    return phase


def update_phase(session: Session, actor: User | None, phase_id: str, version: int | None,
                 changes: dict[str, Any]) -> Phase:
    if "position" in changes:
        lock_parents(session, Journey, [_journey_of(session, phase_id)])
    phase = phase_for(session, actor, phase_id, "editor")
    check_version(phase, version)
    values = clean(changes, PHASE_FIELDS)
    siblings = [p for p in phase.journey.phases if p is not phase]
    position = clamp_position(changes.get("position", phase.position), len(siblings))
    changed = assign(phase, values)  # only now that everything has been checked
    if position != phase.position:
        siblings.insert(position, phase)
        place(phase.journey.phases, siblings)
        changed = True
    if changed:
        phase.version += 1
    session.flush()
    return phase


def _journey_of(session: Session, phase_id: str) -> str | None:
    return session.scalar(select(Phase.journey_id).where(Phase.id == phase_id))


def delete_phase(session: Session, actor: User | None, phase_id: str, cascade: bool = False) -> None:
    lock_parents(session, Journey, [_journey_of(session, phase_id)])
    phase = phase_for(session, actor, phase_id, "editor")
    if phase.steps and not cascade:
        count = len(phase.steps)
        raise Conflict(ngettext(
            "The phase “%(title)s” still has %(num)d step: move or delete it first, or delete with cascade.",
            "The phase “%(title)s” still has %(num)d steps: move or delete them first, or delete with cascade.",
            count, title=phase.title), {"steps": count})
    unlink_from_map(session, [step.id for step in phase.steps], [phase.id])
    journey = phase.journey
    journey.phases.remove(phase)
    session.delete(phase)  # explicitly (and its steps by cascade), so the change log sees them
    renumber(journey.phases)
    session.flush()
