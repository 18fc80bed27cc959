"""The experiment services called directly, as the web pages, the CLI and the demo call them:
a refused write leaves nothing behind in the session, and the operator (no actor) may act."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from insightrepo.models import Experiment, Measurement
from insightrepo.experiments import experiments, measurements
from insightrepo.errors import Forbidden, Invalid
from insightrepo.experiments.results import experiment_result
from tests.experiments.helpers import experiment_body


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_refused_experiment_never_joins_the_session(session, team, plant_map):
    with pytest.raises(Invalid):
        experiments.create_experiment(session, team.editor, "alpha",
                                      experiment_body(step_ids=[plant_map.step("Pay"), "no-such-step"]))

    assert not [o for o in session.new if isinstance(o, Experiment)]
    session.commit()  # nothing half-made is flushed with the next commit
    assert _count(session, Experiment) == 0


def test_a_refused_measurement_never_joins_the_session(session, team, plant_map):
    experiment = experiments.create_experiment(session, team.editor, "alpha",
                                               experiment_body(step_ids=[plant_map.step("Pay")]))
    session.commit()

    with pytest.raises(Invalid):
        measurements.add_measurement(session, team.editor, experiment.id,
                                     {"group": "baseline", "successes": 5, "trials": 4})

    assert not [o for o in session.new if isinstance(o, Measurement)]
    session.commit()
    assert _count(session, Measurement) == 0


def test_the_operator_runs_an_experiment_end_to_end(session, team, plant_map):
    experiment = experiments.create_experiment(session, None, "alpha",
                                               experiment_body(step_ids=[plant_map.step("Pay")]))
    experiments.change_status(session, None, experiment.id, {"status": "running"})
    measurements.add_measurement(session, None, experiment.id, {"group": "baseline", "successes": 40, "trials": 200})
    measurements.add_measurement(session, None, experiment.id, {"group": "follow_up", "successes": 10, "trials": 200})

    concluded = experiments.change_status(session, None, experiment.id, {"status": "concluded"})

    assert (concluded.status, concluded.verdict) == ("concluded", "supported")
    assert experiment_result(concluded)["suggested_verdict"] == "supported"


def test_a_viewer_is_refused_by_the_service_itself(session, team, plant_map):
    with pytest.raises(Forbidden):
        experiments.create_experiment(session, team.viewer, "alpha", experiment_body(step_ids=[plant_map.step("Pay")]))
