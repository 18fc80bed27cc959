"""Experiments: "if we implement solution X, we believe step Y improves" — a hypothesis against
journey steps, its measurements, and the team's honest verdict (docs/architecture.md)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insightrepo.db import Base, new_id, utcnow
from insightrepo.models.evidence import Job, Narrative, Quote, _link_table
from insightrepo.models.journey import Step
from insightrepo.models.workspace import Workspace

METRIC_KINDS = ("proportion", "mean", "qualitative")
DIRECTIONS = ("increase", "decrease")
DESIGNS = ("randomised", "before_after")
STATUSES = ("draft", "running", "concluded", "abandoned")
VERDICTS = ("supported", "refuted", "inconclusive")
# The two groups each design compares: (the reference, the one that got the solution).
GROUPS = {"before_after": ("baseline", "follow_up"), "randomised": ("control", "variant")}
ALL_GROUPS = ("baseline", "follow_up", "control", "variant")

experiment_steps = _link_table("experiment_steps", "experiment", "step")
experiment_quotes = _link_table("experiment_quotes", "experiment", "quote")
experiment_narratives = _link_table("experiment_narratives", "experiment", "narrative")
measurement_quotes = _link_table("measurement_quotes", "measurement", "quote")


def _one_of(column: str, options: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(o) for o in options)})"


class Experiment(Base):
    __tablename__ = "experiments"
    __table_args__ = (
        CheckConstraint(_one_of("metric_kind", METRIC_KINDS), name="metric_kind"),
        CheckConstraint(_one_of("direction", DIRECTIONS), name="direction"),
        CheckConstraint(_one_of("design", DESIGNS), name="design"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(_one_of("verdict", VERDICTS), name="verdict"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    solution: Mapped[str] = mapped_column(Text, default="")
    hypothesis: Mapped[str] = mapped_column(Text, default="")
    criterion: Mapped[str] = mapped_column(Text, default="")
    metric_name: Mapped[str] = mapped_column(String(200), default="")
    metric_kind: Mapped[str] = mapped_column(String(16), default="proportion")
    metric_unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[str] = mapped_column(String(16), default="increase")
    minimum_effect: Mapped[float | None]
    design: Mapped[str] = mapped_column(String(16), default="before_after")
    owner: Mapped[str] = mapped_column(String(120), default="")
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    started_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    verdict: Mapped[str | None] = mapped_column(String(16))
    verdict_reason: Mapped[str] = mapped_column(Text, default="")
    learning_observed: Mapped[str] = mapped_column(Text, default="")
    learning_learned: Mapped[str] = mapped_column(Text, default="")
    learning_next: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    workspace: Mapped[Workspace] = relationship()
    job: Mapped[Job | None] = relationship()
    steps: Mapped[list[Step]] = relationship(secondary=experiment_steps)
    quotes: Mapped[list[Quote]] = relationship(secondary=experiment_quotes)
    narratives: Mapped[list[Narrative]] = relationship(secondary=experiment_narratives)
    measurements: Mapped[list["Measurement"]] = relationship(
        back_populates="experiment", cascade="all, delete-orphan",
        order_by=lambda: (Measurement.measured_on, Measurement.created_at, Measurement.id))

    __mapper_args__ = {"version_id_col": version}

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]

    @property
    def steps_in_map_order(self) -> list[Step]:
        """The target steps as their maps order them (a link table keeps no order of its own)."""
        return sorted(self.steps, key=lambda s: (s.phase.journey.title, s.phase.journey_id, s.phase.position,
                                                 s.position))

    @property
    def quote_ids(self) -> list[str]:
        return [q.id for q in self.quotes]

    @property
    def narrative_ids(self) -> list[str]:
        return [n.id for n in self.narratives]

    @property
    def groups(self) -> tuple[str, str]:
        """(reference group, treated group) for this design: baseline/follow_up or control/variant."""
        return GROUPS[self.design]

    @property
    def observational(self) -> bool:
        """A before/after comparison: other things changed too, so it shows association, not cause."""
        return self.design == "before_after"


class Measurement(Base):
    """One measurement of one group: counts for a proportion, n/mean/sd for a mean, or a note."""

    __tablename__ = "measurements"
    __table_args__ = (
        CheckConstraint(_one_of('"group"', ALL_GROUPS), name="group"),  # quoted: a reserved word
        CheckConstraint("successes >= 0 AND trials >= 1 AND successes <= trials", name="counts"),
        CheckConstraint("n >= 1 AND sd >= 0", name="summary"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    experiment_id: Mapped[str] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"), index=True)
    group: Mapped[str] = mapped_column(String(16))
    measured_on: Mapped[date]
    successes: Mapped[int | None]
    trials: Mapped[int | None]
    n: Mapped[int | None]
    mean: Mapped[float | None]
    sd: Mapped[float | None]
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    experiment: Mapped[Experiment] = relationship(back_populates="measurements")
    quotes: Mapped[list[Quote]] = relationship(secondary=measurement_quotes)

    __mapper_args__ = {"version_id_col": version}

    @property
    def quote_ids(self) -> list[str]:
        return [q.id for q in self.quotes]
