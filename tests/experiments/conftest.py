"""Experiment fixtures (the shared ``plant_map``, ``beta_map`` and per-role ``<role>_api`` /
``<role>_web`` clients are in tests/conftest.py): a factory that logs experiments through the API,
and, for the page tests, experiments made through the services as alpha's admin, dated as the test
needs."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from insightrepo.evidence import evidence
from insightrepo.experiments import experiments, measurements
from tests.experiments.helpers import PROPORTION, experiment_body
from tests.experiments.page_helpers import days_ago


@pytest.fixture
def log_experiment(editor_api, plant_map) -> Callable[..., dict]:
    """``log_experiment(**fields)`` → a new draft in alpha (201 asserted), on "Unpack the plants" by default."""

    def log(**fields: Any) -> dict:
        fields.setdefault("step_ids", [plant_map.step("Unpack the plants")])
        response = editor_api.post("/api/v1/workspaces/alpha/experiments", json=experiment_body(**fields))
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.json

    return log


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
