"""Experiments as the other pages show them: the board's columns, the badges on a map's steps,
and "what we did in between" two snapshots of a map."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from insightrepo.models import Experiment, Job, Measurement, Narrative, Quote, Step
from insightrepo.models.experiment import STATUSES, experiment_steps
from insightrepo.experiments.results import experiment_result

BOARD_COLUMNS = STATUSES  # draft → running → concluded, and abandoned last


def badge(experiment: Experiment) -> str:
    """What an experiment's badge says: its status (one word per state: the board's column, the
    page and the map say "draft" alike), or the verdict once concluded."""
    if experiment.status == "concluded":
        return experiment.verdict or "concluded"
    return experiment.status


def board(experiments: list[Experiment]) -> list[tuple[str, list[Experiment]]]:
    """(status, its experiments) for every column, in the order work flows."""
    return [(status, [e for e in experiments if e.status == status]) for status in BOARD_COLUMNS]


@dataclass(frozen=True)
class StepBadge:
    experiment_id: str
    title: str
    badge: str


def badges_for_steps(session: Session, step_ids: list[str]) -> dict[str, list[StepBadge]]:
    """Step id → the badges of the experiments on it (abandoned ones are left off the map).
    One query, whatever the size of the map."""
    if not step_ids:
        return {}
    rows = session.execute(
        select(experiment_steps.c.step_id, Experiment)
        .join(Experiment, Experiment.id == experiment_steps.c.experiment_id)
        .where(experiment_steps.c.step_id.in_(step_ids), Experiment.status != "abandoned")
        .order_by(Experiment.created_at, Experiment.id))
    badges: dict[str, list[StepBadge]] = {}
    for step_id, experiment in rows:
        badges.setdefault(step_id, []).append(StepBadge(experiment.id, experiment.title, badge(experiment)))
    return badges


@dataclass
class InBetween:
    """An experiment that ran in the window, with the comparison's entries of its target steps
    that changed."""

    experiment: Experiment
    result: dict
    changed_steps: list[Any] = field(default_factory=list)  # the comparison's StepChange entries (timeline.manifest_diff)

    def as_dict(self) -> dict:
        x = self.experiment
        return {"id": x.id, "title": x.title, "status": x.status, "verdict": x.verdict,
                "started_on": x.started_on.isoformat() if x.started_on else None,
                "ended_on": x.ended_on.isoformat() if x.ended_on else None,
                "steps": [s.id for s in x.steps], "changed_steps": [c.id for c in self.changed_steps]}


def experiments_between(session: Session, workspace_id: str, step_ids: list[str], start: date, end: date,
                        changed: list[Any]) -> list[InBetween]:
    """What the team did between two states of a map: the experiments on its steps (on either
    side) whose running period overlaps the window — started on or before ``end`` and not ended
    before ``start``, so one that began before the window and ran across it, or ended in it, is
    included; one still running runs to today. Abandoned ones that ran count too; drafts (never
    started) do not. ``changed``: the comparison's step entries, to say which of its steps changed.
    Ordered by start date; the window is the same whichever way round it is given."""
    start, end = min(start, end), max(start, end)
    if not step_ids:
        return []
    found = session.scalars(
        select(Experiment).where(
            Experiment.workspace_id == workspace_id,
            Experiment.steps.any(Step.id.in_(step_ids)),
            Experiment.started_on.is_not(None),
            Experiment.started_on <= end,
            or_(Experiment.ended_on.is_(None), Experiment.ended_on >= start))
        .options(selectinload(Experiment.steps), selectinload(Experiment.measurements)
                 .selectinload(Measurement.quotes))
        .order_by(Experiment.started_on, Experiment.id))
    by_step = {c.id: c for c in changed}
    return [InBetween(experiment, experiment_result(experiment),
                      [by_step[s.id] for s in experiment.steps if s.id in by_step]) for experiment in found]


# ---- what the experiment pages offer to pick ---------------------------------------------------

def jobs_of(session: Session, workspace_id: str) -> list[Job]:
    return list(session.scalars(select(Job).where(Job.workspace_id == workspace_id).order_by(Job.created_at)))


def candidate_quotes(session: Session, experiment: Experiment) -> list[Quote]:
    """The quotes an experiment's evidence and measurements may name: those on its target steps,
    and those already linked to it."""
    step_ids = experiment.step_ids
    on_steps = select(Quote).where(Quote.workspace_id == experiment.workspace_id,
                                   Quote.steps.any(Step.id.in_(step_ids)))
    found = {q.id: q for q in session.scalars(on_steps.options(selectinload(Quote.participant))
                                              .order_by(Quote.collected_on, Quote.id))}
    for quote in [*experiment.quotes, *(q for m in experiment.measurements for q in m.quotes)]:
        found.setdefault(quote.id, quote)
    return list(found.values())


def candidate_narratives(session: Session, experiment: Experiment) -> list[Narrative]:
    found = {n.id: n for n in session.scalars(
        select(Narrative).where(Narrative.workspace_id == experiment.workspace_id,
                                Narrative.steps.any(Step.id.in_(experiment.step_ids))).order_by(Narrative.title))}
    for narrative in experiment.narratives:
        found.setdefault(narrative.id, narrative)
    return list(found.values())
