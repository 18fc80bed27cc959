"""A frozen map (from a snapshot) read through the same attribute names as the live models,
so the map template and the emotion curve draw snapshots exactly like the live map."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from insightrepo.journeys.fields import STEP_NAMES, step_columns


@dataclass
class FrozenStep:
    id: str
    phase_id: str
    position: int
    title: str
    action: str = ""
    touchpoint: str = ""
    channels: list[str] = field(default_factory=list)
    direct: bool = True
    present: bool = True
    need: str = ""
    thoughts: str = ""
    emotion: int | None = None
    marker: str | None = None
    moment_title: str | None = None
    moment_description: str = ""
    owner: str = ""
    backstage_people: str = ""
    backstage_policies: str = ""
    backstage_systems: str = ""
    employee_emotion: int | None = None
    evidence: dict[str, list[dict]] = field(default_factory=dict)
    version: int | None = None


@dataclass
class FrozenPhase:
    id: str
    position: int
    title: str
    goal: str
    steps: list[FrozenStep]


@dataclass
class FrozenJourney:
    id: str
    title: str
    description: str
    scope: str
    kind: str
    persona: str
    owner: str
    archived: bool
    phases: list[FrozenPhase]

    @property
    def steps(self) -> list[FrozenStep]:
        return [step for phase in self.phases for step in phase.steps]


def _step(body: dict[str, Any]) -> FrozenStep:
    """A frozen step's fields (the API's names) → the model's columns; a field the snapshot lacks or
    holds as null keeps the column's default."""
    columns = step_columns({name: body[name] for name in STEP_NAMES if body.get(name) is not None})
    return FrozenStep(id=body["id"], phase_id=body["phase_id"], position=body["position"], **columns,
                      evidence=body.get("evidence") or {})


def frozen_journey(body: dict[str, Any]) -> FrozenJourney:
    """From timeline.snapshots.frozen_map (or FrozenReader.map) to objects the templates can read."""
    return FrozenJourney(
        id=body.get("journey_id") or body["id"], title=body["title"], description=body.get("description", ""),
        scope=body.get("scope", "whole"), kind=body.get("kind", "hypothesis"), persona=body.get("persona", ""),
        owner=body.get("owner", ""), archived=body.get("archived", False),
        phases=[FrozenPhase(id=p["id"], position=p["position"], title=p["title"], goal=p.get("goal", ""),
                            steps=[_step(s) for s in p["steps"]]) for p in body["phases"]])
