"""Journey-map fixtures: maps built through the services as a test's starting point."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from insightrepo.services import journeys, phases, steps


@dataclass
class BuiltMap:
    """A journey built for a test; ``phase(title)`` and ``step(title)`` give ids."""

    id: str
    phase_ids: dict[str, str] = field(default_factory=dict)
    step_ids: dict[str, str] = field(default_factory=dict)

    def phase(self, title: str) -> str:
        return self.phase_ids[title]

    def step(self, title: str) -> str:
        return self.step_ids[title]


@pytest.fixture
def make_map(session, team):
    """``make_map({"Phase": ["Step", {"title": "Step 2", "emotion": 1}], ...}, title=..., **journey)``
    builds a journey in workspace ``alpha`` as its admin and commits it."""

    def make(layout: dict[str, list[str | dict[str, Any]]] | None = None, title: str = "Create a thriving home",
             slug: str = "alpha", actor=None, **journey_fields) -> BuiltMap:
        actor = actor or team.admin
        journey = journeys.create_journey(session, actor, slug, {"title": title, **journey_fields})
        built = BuiltMap(journey.id)
        for phase_title, step_specs in (layout or {}).items():
            phase = phases.add_phase(session, actor, journey.id, {"title": phase_title})
            built.phase_ids[phase_title] = phase.id
            for spec in step_specs:
                spec = {"title": spec} if isinstance(spec, str) else spec
                built.step_ids[spec["title"]] = steps.add_step(session, actor, phase.id, spec).id
        session.commit()
        return built

    return make


@pytest.fixture
def plant_map(make_map) -> BuiltMap:
    """Three phases, six steps: enough to reorder within and move across phases."""
    return make_map({
        "Dream of a green home": ["See plants at a friend's", "Save pictures"],
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Unpack the plants"],
    })
