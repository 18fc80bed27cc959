"""Entering an old map: a new journey (new ids) built from the shape of a journey or snapshot,
whose first snapshot carries the date the map described."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Job, Narrative, Phase, Quote, User
from insightrepo.journeys import journeys, phases, steps
from insightrepo.errors import Invalid
from insightrepo.field_checks import a_past_date, clean, text
from insightrepo.timeline import change_context
from insightrepo.journeys.fields import STEP_NAMES
from insightrepo.timeline.freeze import EVIDENCE_KINDS, JOURNEY_FIELDS
from insightrepo.timeline.snapshots import Taken, record_snapshot

IMPORT_FIELDS = {"label": text(200), "as_of": a_past_date, "note": text(20_000)}
MODELS = {"quotes": Quote, "narratives": Narrative, "jobs": Job}


@contextmanager
def changes_dated(session: Session, when: date | datetime) -> Iterator[None]:
    """For the demo and imports of old maps only, never for a user's edit: the change rows of what
    is written inside are stamped ``when`` (a date: its 09:00 UTC), so a replayed story reads in the
    change log by its own dates. What was pending is flushed first (stamped as it would have been),
    what was written inside is flushed before leaving; blocks may nest."""
    at = when if isinstance(when, datetime) else datetime.combine(when, time(9))
    session.flush()
    with change_context.dated(session, at):
        yield
        session.flush()


def import_journey(session: Session, actor: User | None, slug: str, data: dict[str, Any]) -> Taken:
    values = clean({k: v for k, v in data.items() if k in IMPORT_FIELDS}, IMPORT_FIELDS, required=("as_of",))
    shape = data.get("journey")
    if not isinstance(shape, dict) or not isinstance(shape.get("phases", []), list):
        raise Invalid({"journey": "journey must be an object in the shape of GET /api/v1/journeys/{id}"})
    journey = journeys.create_journey(session, actor, slug, {f: shape[f] for f in JOURNEY_FIELDS if f in shape})
    try:
        for phase_shape in shape.get("phases", []):
            _phase(session, actor, journey.id, phase_shape)
    except Invalid as error:
        raise Invalid({f"journey.{k}": v for k, v in error.fields.items()}) from None
    session.refresh(journey)
    label = values.get("label") or f"{journey.title} ({values['as_of']})"
    return record_snapshot(session, actor, journey, label, values["as_of"], values.get("note", ""))


def _phase(session: Session, actor: User | None, journey_id: str, shape: Any) -> None:
    if not isinstance(shape, dict) or not isinstance(shape.get("steps", []), list):
        raise Invalid({"phases": "each phase must be an object with a steps list"})
    phase = phases.add_phase(session, actor, journey_id, {k: shape[k] for k in ("title", "goal") if k in shape})
    _link_existing_evidence(session, phase.journey.workspace_id, phase, {"jobs": shape.get("jobs")})
    for step_shape in shape.get("steps", []):
        if not isinstance(step_shape, dict):
            raise Invalid({"steps": "each step must be an object"})
        step = steps.add_step(session, actor, phase.id, {k: step_shape[k] for k in STEP_NAMES if k in step_shape})
        _link_existing_evidence(session, phase.journey.workspace_id, step, step_shape.get("evidence") or {})


def _link_existing_evidence(session: Session, workspace_id: str, target, evidence: Any) -> None:
    """A snapshot's step lists its evidence (and its phase the phase's jobs); link what still
    exists in this workspace."""
    if not isinstance(evidence, dict):
        return
    for kind in EVIDENCE_KINDS:
        items = evidence.get(kind) or []
        ids = [item.get("id") if isinstance(item, dict) else item for item in items if isinstance(items, list)]
        ids = [i for i in ids if isinstance(i, str)]
        if ids:
            model = MODELS[kind]
            for item in session.scalars(select(model).where(model.id.in_(ids), model.workspace_id == workspace_id)):
                (item.phases if isinstance(target, Phase) else item.steps).append(target)
