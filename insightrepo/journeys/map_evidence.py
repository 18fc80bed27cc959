"""How much customer evidence stands behind a journey map: per step, and in all."""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from insightrepo.models import Journey, Narrative, Quote
from insightrepo.models.evidence import job_steps, narrative_steps, quote_steps

LINK_TABLES = {"quotes": quote_steps, "narratives": narrative_steps, "jobs": job_steps}


@dataclass(frozen=True)
class MapEvidence:
    per_step: dict[str, dict[str, int]] = field(default_factory=dict)  # step id → {"quotes": n, …}
    participants: int = 0

    def count(self, step_id: str, kind: str | None = None) -> int:
        counts = self.per_step.get(step_id, {})
        return counts.get(kind, 0) if kind else sum(counts.values())

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.per_step.values())


def map_evidence(session: Session, journey: Journey) -> MapEvidence:
    """One query per kind of evidence, whatever the size of the map."""
    step_ids = [s.id for s in journey.steps]
    if not step_ids:
        return MapEvidence()
    per_step: dict[str, dict[str, int]] = {}
    for kind, table in LINK_TABLES.items():
        rows = session.execute(select(table.c.step_id, func.count()).where(table.c.step_id.in_(step_ids))
                               .group_by(table.c.step_id))
        for step_id, count in rows:
            per_step.setdefault(step_id, {})[kind] = count
    speakers = set(session.scalars(
        select(Quote.participant_id).join(quote_steps)
        .where(quote_steps.c.step_id.in_(step_ids), Quote.participant_id.is_not(None))))
    speakers |= set(session.scalars(
        select(Narrative.participant_id).join(narrative_steps)
        .where(narrative_steps.c.step_id.in_(step_ids), Narrative.participant_id.is_not(None))))
    return MapEvidence(per_step=per_step, participants=len(speakers))


def frozen_map_evidence(journey: Any) -> MapEvidence:
    """The same counts for a frozen map (timeline.frozen_map.FrozenJourney): read from the links the
    snapshot froze on each step, whatever became of the evidence since."""
    per_step: dict[str, dict[str, int]] = {}
    speakers: set[str] = set()
    for step in journey.steps:
        for kind in LINK_TABLES:
            items = (step.evidence or {}).get(kind) or []
            if items:
                per_step.setdefault(step.id, {})[kind] = len(items)
            if kind != "jobs":
                speakers |= {item["participant"] for item in items if item.get("participant")}
    return MapEvidence(per_step=per_step, participants=len(speakers))


def evidence_of(journey: Any) -> MapEvidence:
    """What stands behind any map the health check reads: a live journey's current links, a
    frozen one's frozen links."""
    session = object_session(journey) if isinstance(journey, Journey) else None
    return map_evidence(session, journey) if session is not None else frozen_map_evidence(journey)
