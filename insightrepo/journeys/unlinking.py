"""What deleting steps and phases takes from the evidence and experiments linked to them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Experiment, Job, Narrative, Phase, Quote, Step


def unlink_from_map(session: Session, step_ids: list[str], phase_ids: list[str] = ()) -> None:
    """Before steps (and phases) are deleted: take them out of the evidence and experiments linked to
    them, explicitly, so the change log records each unlinking with the deletion (in the same action)
    and an undo links them again. The database would drop the link rows anyway."""
    if step_ids:
        for model in (Quote, Narrative, Job, Experiment):
            for item in session.scalars(select(model).where(model.steps.any(Step.id.in_(step_ids)))):
                item.steps = [s for s in item.steps if s.id not in step_ids]
    if phase_ids:
        for job in session.scalars(select(Job).where(Job.phases.any(Phase.id.in_(phase_ids)))):
            job.phases = [p for p in job.phases if p.id not in phase_ids]
