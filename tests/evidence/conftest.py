"""Evidence fixtures: API clients per role, and journey maps (in `alpha` and `beta`) whose
steps and phases the evidence can support."""

from __future__ import annotations

import pytest

from insightrepo.journeys import steps
from tests.conftest import BuiltMap


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
