"""Evidence-library web fixtures: a journey map in `alpha` (and one in `beta`), evidence made
through the services, and signed-in browsers per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from insightrepo.services import evidence, journeys, participants, phases, steps
from tests.conftest import sign_in


@dataclass
class BuiltMap:
    id: str
    phase_ids: dict[str, str] = field(default_factory=dict)
    step_ids: dict[str, str] = field(default_factory=dict)

    def phase(self, title: str) -> str:
        return self.phase_ids[title]

    def step(self, title: str) -> str:
        return self.step_ids[title]


@pytest.fixture
def make_map(session, team):
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
    return make_map({
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Unpack the plants"],
    })


@pytest.fixture
def add(session, team):
    """``add("quotes", text=…, step_ids=[…])`` → the new item's id (made by alpha's admin)."""

    def make(plural: str, slug: str = "alpha", **fields: Any) -> str:
        actor = team.admin if slug == "alpha" else team.outsider
        item = evidence.create_item(session, actor, evidence.KINDS[plural], slug, fields)
        session.commit()
        return item.id

    return make


@pytest.fixture
def add_participant(session, team):
    def make(code: str, slug: str = "alpha", **fields: Any) -> str:
        actor = team.admin if slug == "alpha" else team.outsider
        participant = participants.create_participant(session, actor, slug, {"code": code, **fields})
        session.commit()
        return participant.id

    return make


@pytest.fixture
def browser(app):
    """``browser(user)`` → a test client of its own, signed in as ``user``."""

    def make(user):
        client = app.test_client()
        assert sign_in(client, user.email).status_code == 302
        return client

    return make


@pytest.fixture
def editor(browser, team):
    return browser(team.editor)


@pytest.fixture
def viewer(browser, team):
    return browser(team.viewer)


@pytest.fixture
def outsider(browser, team):
    return browser(team.outsider)
