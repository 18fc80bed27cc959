"""A journey map: journey → ordered phases → ordered steps (docs/architecture.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insightrepo.db import Base, new_id, utcnow
from insightrepo.models.workspace import Workspace

SCOPES = ("whole", "episode")
KINDS = ("hypothesis", "researched")
MARKERS = ("heart", "thundercloud")
EMOTION_RANGE = range(-2, 3)


class Journey(Base):
    __tablename__ = "journeys"
    __table_args__ = (
        CheckConstraint("scope IN ('whole', 'episode')", name="scope"),
        CheckConstraint("kind IN ('hypothesis', 'researched')", name="kind"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(String(16), default="whole")
    kind: Mapped[str] = mapped_column(String(16), default="hypothesis")
    persona: Mapped[str] = mapped_column(String(200), default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    workspace: Mapped[Workspace] = relationship()
    phases: Mapped[list["Phase"]] = relationship(
        back_populates="journey", order_by="Phase.position", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def steps(self) -> list["Step"]:
        return [step for phase in self.phases for step in phase.steps]


class Phase(Base):
    __tablename__ = "phases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    journey_id: Mapped[str] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    goal: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    journey: Mapped[Journey] = relationship(back_populates="phases")
    steps: Mapped[list["Step"]] = relationship(
        back_populates="phase", order_by="Step.position", cascade="all, delete-orphan")

    # The service bumps `version` on an edit; renumbering siblings does not make them stale,
    # but the UPDATE still checks the version it read (a concurrent edit → StaleDataError).
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class Step(Base):
    """The smallest unit of a journey. Its id never changes, whatever is edited or moved."""

    __tablename__ = "steps"
    __table_args__ = (
        CheckConstraint("emotion BETWEEN -2 AND 2", name="emotion"),
        CheckConstraint("employee_emotion BETWEEN -2 AND 2", name="employee_emotion"),
        CheckConstraint("marker IN ('heart', 'thundercloud')", name="marker"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    phase_id: Mapped[str] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(Text, default="")
    touchpoint: Mapped[str] = mapped_column(String(200), default="")
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    direct: Mapped[bool] = mapped_column(default=True)
    present: Mapped[bool] = mapped_column(default=True)
    need: Mapped[str] = mapped_column(Text, default="")
    thoughts: Mapped[str] = mapped_column(Text, default="")
    emotion: Mapped[int | None]
    marker: Mapped[str | None] = mapped_column(String(16))
    moment_title: Mapped[str | None] = mapped_column(String(200))
    moment_description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    backstage_people: Mapped[str] = mapped_column(Text, default="")
    backstage_policies: Mapped[str] = mapped_column(Text, default="")
    backstage_systems: Mapped[str] = mapped_column(Text, default="")
    employee_emotion: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)

    phase: Mapped[Phase] = relationship(back_populates="steps")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def moment_of_truth(self) -> dict | None:
        if self.moment_title is None:
            return None
        return {"title": self.moment_title, "description": self.moment_description}

    @property
    def backstage(self) -> dict:
        return {"people": self.backstage_people, "policies": self.backstage_policies,
                "systems": self.backstage_systems}
