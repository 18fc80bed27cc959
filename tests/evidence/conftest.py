"""Evidence fixtures: API clients per role, and journey maps (in `alpha` and `beta`) whose
steps and phases the evidence can support."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    """``make_map({"Phase": ["Step", …], …}, title=…, slug=…)`` builds and commits a journey."""

    def make(layout: dict[str, list[str]], title: str = "Create a thriving home", slug: str = "alpha") -> BuiltMap:
        actor = team.admin if slug == "alpha" else team.outsider
        journey = journeys.create_journey(session, actor, slug, {"title": title})
        built = BuiltMap(journey.id)
        for phase_title, step_titles in layout.items():
            phase = phases.add_phase(session, actor, journey.id, {"title": phase_title})
            built.phase_ids[phase_title] = phase.id
            for step_title in step_titles:
                built.step_ids[step_title] = steps.add_step(session, actor, phase.id, {"title": step_title}).id
        session.commit()
        return built

    return make


@pytest.fixture
def plant_map(make_map) -> BuiltMap:
    """Alpha's plant journey: two phases, four steps."""
    return make_map({
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Unpack the plants"],
    })


@pytest.fixture
def beta_map(make_map) -> BuiltMap:
    """A journey of the other workspace, whose steps alpha's evidence must never reach."""
    return make_map({"Beställ": ["Betala"]}, title="Skapa ett grönt hem", slug="beta")


@pytest.fixture
def editor(api_as, team):
    return api_as(team.editor)


@pytest.fixture
def viewer(api_as, team):
    return api_as(team.viewer)


@pytest.fixture
def outsider(api_as, team):
    return api_as(team.outsider)
