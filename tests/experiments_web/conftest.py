"""Experiment-page fixtures: alpha's plant journey, experiments made through the services (as
alpha's admin, dated as the test needs), and signed-in browsers per role."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable

import pytest

from insightrepo.evidence import evidence
from insightrepo.experiments import experiments, measurements
from tests.conftest import BuiltMap, sign_in

PROPORTION = {"name": "share of deliveries with a complaint", "kind": "proportion", "unit": "",
              "direction": "decrease"}
MEAN = {"name": "satisfaction", "kind": "mean", "unit": "points", "direction": "increase"}
QUALITATIVE = {"name": "how unpacking feels", "kind": "qualitative", "unit": "", "direction": "increase"}


def days_ago(days: int) -> date:
    return date.today() - timedelta(days=days)


@pytest.fixture
def plant_map(make_map) -> BuiltMap:
    """Alpha's plant journey: two phases, four steps; unpacking is a thundercloud and a moment of truth."""
    return make_map({
        "Find plants that suit me": [{"title": "Search for easy plants", "emotion": -1}, "Ask in the chat"],
        "Get the plants home": [{"title": "Pay", "emotion": 0},
                                {"title": "Unpack the plants", "emotion": -2, "marker": "thundercloud",
                                 "moment_of_truth": {"title": "Half-good quality!"}}],
    })


@pytest.fixture
def log(session, team, plant_map) -> Callable[..., str]:
    """``log(**fields)`` → a new draft's id: a before/after proportion on "Unpack the plants" that
    should fall by 5 percentage points, unless ``fields`` say otherwise."""

    def make(**fields: Any) -> str:
        data = {"title": "Choose your own plant by video", "solution": "a video call to choose the plant",
                "metric": PROPORTION, "minimum_effect": 0.05, "design": "before_after", "owner": "Team Unboxing",
                "step_ids": [plant_map.step("Unpack the plants")], **fields}
        experiment = experiments.create_experiment(session, team.admin, "alpha", data)
        session.commit()
        return experiment.id

    return make


@pytest.fixture
def measure(session, team) -> Callable[..., str]:
    """``measure(experiment_id, group, **numbers)`` → the new measurement's id."""

    def make(experiment_id: str, group: str, **fields: Any) -> str:
        measurement = measurements.add_measurement(session, team.admin, experiment_id, {"group": group, **fields})
        session.commit()
        return measurement.id

    return make


@pytest.fixture
def move(session, team) -> Callable[..., None]:
    """``move(experiment_id, "running", on=date, verdict=…, verdict_reason=…)``."""

    def make(experiment_id: str, status: str, **fields: Any) -> None:
        experiments.change_status(session, team.admin, experiment_id, {"status": status, **fields})
        session.commit()

    return make


@pytest.fixture
def supported(log, measure, move) -> str:
    """A concluded before/after proportion whose complaints fell from 30 % to 10 %: supported."""
    experiment_id = log()
    measure(experiment_id, "baseline", successes=60, trials=200, measured_on=days_ago(40))
    move(experiment_id, "running", on=days_ago(30))
    measure(experiment_id, "follow_up", successes=20, trials=200, measured_on=days_ago(12))
    move(experiment_id, "concluded", on=days_ago(10))
    return experiment_id


@pytest.fixture
def running(log, measure, move) -> str:
    """A running before/after proportion with both groups measured (supported by its numbers)."""
    experiment_id = log(title="Care card in the box")
    measure(experiment_id, "baseline", successes=60, trials=200, measured_on=days_ago(20))
    move(experiment_id, "running", on=days_ago(15))
    measure(experiment_id, "follow_up", successes=20, trials=200, measured_on=days_ago(2))
    return experiment_id


@pytest.fixture
def add_quote(session, team) -> Callable[..., str]:
    def make(text: str, step_ids: list[str], **fields: Any) -> str:
        quote = evidence.create_item(session, team.admin, evidence.QUOTES, "alpha",
                                     {"text": text, "participant": "P07", "step_ids": step_ids, **fields})
        session.commit()
        return quote.id

    return make


@pytest.fixture
def add_narrative(session, team) -> Callable[..., str]:
    def make(title: str, step_ids: list[str], **fields: Any) -> str:
        narrative = evidence.create_item(session, team.admin, evidence.NARRATIVES, "alpha",
                                         {"title": title, "participant": "P07", "step_ids": step_ids, **fields})
        session.commit()
        return narrative.id

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
