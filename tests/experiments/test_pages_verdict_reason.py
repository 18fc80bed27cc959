"""A suggested verdict says why, in plain words, and the same words wherever it is shown: the
experiment page, the board and compare's "What we did in between"."""

from __future__ import annotations

import pytest

from insightrepo.experiments.results import experiment_result
from insightrepo.timeline import snapshots
from tests.experiments.page_helpers import PROPORTION, days_ago
from tests.experiments.page_helpers import ok, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases

SMALLER = "the interval includes effects smaller than the minimum that matters (+3.0 pp)"


def _real_but_maybe_too_small(log, measure, move) -> str:
    """+4.0 pp with an interval wholly above zero, against a 3 pp minimum effect."""
    experiment_id = log(title="Evening chat", minimum_effect=0.03,
                        metric={**PROPORTION, "name": "questions answered", "direction": "increase"})
    measure(experiment_id, "baseline", successes=800, trials=2000, measured_on=days_ago(40))
    move(experiment_id, "running", on=days_ago(35))
    measure(experiment_id, "follow_up", successes=880, trials=2000, measured_on=days_ago(5))
    return experiment_id


def test_an_inconclusive_result_says_why_in_plain_words(session, log, measure, move):
    experiment_id = _real_but_maybe_too_small(log, measure, move)

    result = experiment_result(stored(session, experiment_id))

    assert result["suggested_verdict"] == "inconclusive"
    assert result["ci_low"] > 0  # a real change, but perhaps one too small to matter
    assert SMALLER in result["suggestion_reason"]
    assert f"about {result['required_n']:,} per group" in result["suggestion_reason"]


def test_the_experiment_page_the_board_and_compare_give_the_same_reason(
        editor_web, session, team, plant_map, log, measure, move):
    first = snapshots.take_snapshot(session, team.admin, plant_map.id, {"label": "A", "as_of": days_ago(60)})
    session.commit()
    experiment_id = _real_but_maybe_too_small(log, measure, move)
    reason = experiment_result(stored(session, experiment_id))["suggestion_reason"]

    shown = ok(editor_web, f"/experiments/{experiment_id}").find("p", id="suggested-verdict").text()
    card = ok(editor_web, "/w/alpha/experiments").find("li", id=f"experiment-{experiment_id}").text()
    between = ok(editor_web, f"/journeys/{plant_map.id}/compare?from={first.snapshot.id}&to=live") \
        .find("li", id=f"in-between-{experiment_id}").text()

    for text in (shown, card, between):
        assert reason in text, text
