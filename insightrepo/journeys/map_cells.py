"""Editing one cell of the map in place: a step's or a phase's field, one value at a time.

The map's cells name the model's columns (``backstage_people``, ``moment_title``); the step
service takes the API's names (``backstage``, ``moment_of_truth``). This module turns one into the
other, so an in-place edit goes through ``steps.update_step`` with its checks, its version rule and
its change log like any other edit. A stale version is a Conflict that carries the value the other
person saved, so the editor can show both and let the user choose."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from insightrepo.errors import Conflict, Invalid
from insightrepo.journeys import phases, steps
from insightrepo.journeys.fields import BACKSTAGE_LANES, STEP_CELLS
from insightrepo.models import Phase, Step, User

PHASE_CELLS = ("title", "goal")


def cell_value(item: Step | Phase, field: str) -> Any:
    return getattr(item, field)


def _step_changes(step: Step, field: str, value: Any) -> dict[str, Any]:
    if field == "moment_title":
        title = value.strip() if isinstance(value, str) else value
        if title in (None, ""):
            return {"moment_of_truth": None}
        return {"moment_of_truth": {"title": title, "description": step.moment_description or ""}}
    if field.startswith("backstage_"):
        lanes = {lane: getattr(step, f"backstage_{lane}") or "" for lane in BACKSTAGE_LANES}
        lanes[field.removeprefix("backstage_")] = value
        return {"backstage": lanes}
    if field in ("emotion", "employee_emotion") and value == "":
        return {field: None}
    return {field: value}


def _conflict(error: Conflict, item: Step | Phase, field: str, value: Any) -> Conflict:
    return Conflict("Someone else changed this since you loaded it: their value is shown beside yours.",
                    {**error.details, "field": field, "current_value": cell_value(item, field), "your_value": value})


def edit_step_cell(session: Session, actor: User | None, step_id: str, field: str, value: Any,
                   version: int | None) -> Step:
    if field not in STEP_CELLS:
        raise Invalid({"field": f"field must be one of {', '.join(STEP_CELLS)}"})
    step = steps.step_for(session, actor, step_id, "editor")
    try:
        return steps.update_step(session, actor, step_id, version, _step_changes(step, field, value))
    except Conflict as error:
        raise _conflict(error, step, field, value) from None


def edit_phase_cell(session: Session, actor: User | None, phase_id: str, field: str, value: Any,
                    version: int | None) -> Phase:
    if field not in PHASE_CELLS:
        raise Invalid({"field": f"field must be one of {', '.join(PHASE_CELLS)}"})
    phase = phases.phase_for(session, actor, phase_id, "editor")
    try:
        return phases.update_phase(session, actor, phase_id, version, {field: value})
    except Conflict as error:
        raise _conflict(error, phase, field, value) from None
