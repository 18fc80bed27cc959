"""Experiment fixtures: API clients per role, alpha's plant journey (and beta's), and a factory
that logs experiments through the API."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.conftest import BuiltMap
from tests.experiments.helpers import experiment_body


@pytest.fixture
def plant_map(make_map) -> BuiltMap:
    """Alpha's plant journey: two phases, four steps."""
    return make_map({
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Unpack the plants"],
    })


@pytest.fixture
def beta_map(make_map) -> BuiltMap:
    """A journey of the other workspace, whose steps alpha's experiments must never reach."""
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


@pytest.fixture
def log_experiment(editor, plant_map) -> Callable[..., dict]:
    """``log_experiment(**fields)`` → a new draft in alpha (201 asserted), on "Unpack the plants" by default."""

    def log(**fields: Any) -> dict:
        fields.setdefault("step_ids", [plant_map.step("Unpack the plants")])
        response = editor.post("/api/v1/workspaces/alpha/experiments", json=experiment_body(**fields))
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.json

    return log
