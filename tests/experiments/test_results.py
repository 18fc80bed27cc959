"""GET /experiments/{id}/result: the groups pooled from their measurements, the difference with
its interval, the test and p-value (each the same as scipy's on the same data), the suggested
verdict with the sample size that would settle an inconclusive one, the observational label of
before/after designs — and never a NaN or an infinity in the JSON."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from insightrepo.models import Experiment, Measurement
from insightrepo.experiments.results import experiment_result
from insightrepo.experiments.statistics import required_n_means, required_n_proportions
from tests.experiments.helpers import MEAN, QUALITATIVE, days_ago, measured, result_of, strict_json

pytestmark = pytest.mark.sqlite_only  # computed from the measurements in Python; storing them is tested on both databases

ISSUE_FIELDS = {"design", "metric", "groups", "difference", "ci_low", "ci_high", "relative_lift", "p_value", "test",
                "suggested_verdict", "required_n", "observational"}


def _numbers(value):
    """Every number anywhere in a JSON value."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield value


def _assert_clean(result: dict) -> None:
    assert ISSUE_FIELDS <= set(result)
    assert all(math.isfinite(number) for number in _numbers(result)), result


# ---- proportions --------------------------------------------------------------------------

def test_a_before_after_proportion_result(editor_api, log_experiment):
    # Newcombe's first example as a before/after experiment that wanted a rise.
    experiment = log_experiment(metric={"name": "share who recommend us", "kind": "proportion", "unit": "",
                                        "direction": "increase"}, minimum_effect=0.02)
    measured(editor_api, experiment["id"], group="baseline", successes=48, trials=80, measured_on=days_ago(20))
    measured(editor_api, experiment["id"], group="follow_up", successes=56, trials=70, measured_on=days_ago(2))
    table = [[56, 14], [48, 32]]

    result = result_of(editor_api, experiment["id"])

    _assert_clean(result)
    assert (result["design"], result["observational"]) == ("before_after", True)
    assert "Other things changed too" in result["caveat"]
    assert result["metric"] == {"name": "share who recommend us", "kind": "proportion", "unit": "",
                                "direction": "increase"}
    baseline, follow_up = result["groups"]
    assert (baseline["group"], baseline["label"], baseline["successes"], baseline["trials"]) == (
        "baseline", "Baseline", 48, 80)
    assert (follow_up["group"], follow_up["rate"]) == ("follow_up", 0.8)
    wilson = stats.binomtest(48, 80).proportion_ci(0.95, method="wilson")
    assert (baseline["ci_low"], baseline["ci_high"]) == (pytest.approx(wilson.low), pytest.approx(wilson.high))
    assert result["difference"] == pytest.approx(0.2)
    assert (round(result["ci_low"], 4), round(result["ci_high"], 4)) == (0.0524, 0.3339)
    assert result["relative_lift"] == pytest.approx(1 / 3)
    assert result["test"] == "two_proportion_z"
    assert result["p_value"] == pytest.approx(stats.chi2_contingency(table, correction=False).pvalue)
    assert (result["suggested_verdict"], result["required_n"]) == ("supported", None)


def test_several_measurements_of_a_group_are_added_up(editor_api, log_experiment):
    experiment = log_experiment(design="randomised")
    for successes, trials in ((2, 100), (3, 150)):
        measured(editor_api, experiment["id"], group="control", successes=successes, trials=trials)
    measured(editor_api, experiment["id"], group="variant", successes=1, trials=240)

    result = result_of(editor_api, experiment["id"])

    control, variant = result["groups"]
    assert (control["measurements"], control["successes"], control["trials"]) == (2, 5, 250)
    assert result["difference"] == pytest.approx(1 / 240 - 5 / 250)
    assert result["test"] == "fisher_exact"  # 6 complaints in all: expected counts below 5
    assert result["p_value"] == pytest.approx(stats.fisher_exact([[1, 239], [5, 245]]).pvalue)
    assert (result["observational"], result["caveat"]) == (False, "")


def test_a_fall_that_was_wanted_is_supported_and_a_rise_refuted(editor_api, log_experiment):
    fewer = log_experiment(title="Fewer")  # complaints, wanted to fall by 5 points
    measured(editor_api, fewer["id"], group="baseline", successes=40, trials=200)
    measured(editor_api, fewer["id"], group="follow_up", successes=10, trials=200)
    more = log_experiment(title="More")
    measured(editor_api, more["id"], group="baseline", successes=10, trials=200)
    measured(editor_api, more["id"], group="follow_up", successes=40, trials=200)

    assert result_of(editor_api, fewer["id"])["suggested_verdict"] == "supported"
    assert result_of(editor_api, more["id"])["suggested_verdict"] == "refuted"


def test_an_inconclusive_proportion_says_how_many_per_group_would_settle_it(editor_api, log_experiment):
    experiment = log_experiment()  # wanted: complaints down 5 points from the baseline rate
    measured(editor_api, experiment["id"], group="baseline", successes=20, trials=100)
    measured(editor_api, experiment["id"], group="follow_up", successes=17, trials=100)

    result = result_of(editor_api, experiment["id"])

    assert result["suggested_verdict"] == "inconclusive"
    assert result["required_n"] == required_n_proportions(0.20, 0.05, "decrease")
    assert result["required_n"] > 100


def test_a_result_with_one_group_missing_says_so(editor_api, log_experiment):
    experiment = log_experiment()
    measured(editor_api, experiment["id"], group="baseline", successes=20, trials=100)

    result = result_of(editor_api, experiment["id"])

    _assert_clean(result)
    assert (result["difference"], result["ci_low"], result["p_value"], result["test"]) == (None, None, None, None)
    assert result["suggested_verdict"] == "inconclusive"
    assert any("follow-up" in note for note in result["notes"])
    assert result["groups"][1]["measurements"] == 0 and result["groups"][1]["rate"] is None


def test_a_result_without_any_measurement(editor_api, log_experiment):
    result = result_of(editor_api, log_experiment()["id"])

    _assert_clean(result)
    assert [g["group"] for g in result["groups"]] == ["baseline", "follow_up"]
    assert any("baseline or follow-up" in note for note in result["notes"])


# ---- means --------------------------------------------------------------------------------

def test_a_randomised_mean_result_is_scipys_welch_test_on_the_raw_scores(editor_api, log_experiment):
    rng = np.random.default_rng(2024)
    control_parts = [rng.normal(3.6, 0.9, 25), rng.normal(3.8, 1.1, 30)]
    variant_parts = [rng.normal(4.1, 0.8, 40)]
    experiment = log_experiment(metric=MEAN, minimum_effect=0.3, design="randomised")
    for group, parts in (("control", control_parts), ("variant", variant_parts)):
        for raw in parts:
            measured(editor_api, experiment["id"], group=group, n=len(raw), mean=float(raw.mean()),
                     sd=float(raw.std(ddof=1)))
    control, variant = np.concatenate(control_parts), np.concatenate(variant_parts)
    expected = stats.ttest_ind(variant, control, equal_var=False)

    result = result_of(editor_api, experiment["id"])

    _assert_clean(result)
    assert (result["test"], result["observational"]) == ("welch_t", False)
    pooled = result["groups"][0]
    assert (pooled["n"], pooled["mean"], pooled["sd"]) == (
        55, pytest.approx(control.mean()), pytest.approx(control.std(ddof=1)))
    assert result["difference"] == pytest.approx(variant.mean() - control.mean())
    assert result["p_value"] == pytest.approx(expected.pvalue, rel=1e-9)
    assert result["ci_low"] == pytest.approx(expected.confidence_interval(0.95).low, rel=1e-9)
    assert result["ci_high"] == pytest.approx(expected.confidence_interval(0.95).high, rel=1e-9)
    assert result["relative_lift"] == pytest.approx((variant.mean() - control.mean()) / control.mean())


def test_an_inconclusive_mean_says_how_many_per_group_would_settle_it(editor_api, log_experiment):
    experiment = log_experiment(metric=MEAN, minimum_effect=0.3, design="randomised")
    measured(editor_api, experiment["id"], group="control", n=20, mean=3.8, sd=1.0)
    measured(editor_api, experiment["id"], group="variant", n=20, mean=3.9, sd=1.2)

    result = result_of(editor_api, experiment["id"])

    assert result["suggested_verdict"] == "inconclusive"
    # planned with the groups' average variance
    assert result["required_n"] == required_n_means(0.3, math.sqrt((1.0 ** 2 + 1.2 ** 2) / 2))


def test_without_a_minimum_effect_there_is_no_required_n(editor_api, log_experiment):
    experiment = log_experiment(metric=MEAN, minimum_effect=None, design="randomised")
    measured(editor_api, experiment["id"], group="control", n=20, mean=3.8, sd=1.0)
    measured(editor_api, experiment["id"], group="variant", n=20, mean=3.9, sd=1.2)

    result = result_of(editor_api, experiment["id"])

    assert (result["suggested_verdict"], result["required_n"]) == ("inconclusive", None)


# ---- qualitative --------------------------------------------------------------------------

def test_a_qualitative_result_has_no_numbers_only_the_evidence(editor_api, log_experiment):
    quote = editor_api.post("/api/v1/workspaces/alpha/quotes", json={"text": "I saw my plant before it came."}).json
    experiment = log_experiment(metric=QUALITATIVE, minimum_effect=None)
    measured(editor_api, experiment["id"], group="baseline", note="People dreaded the box.")
    measured(editor_api, experiment["id"], group="follow_up", note="People filmed the unboxing.",
             quote_ids=[quote["id"]])

    result = result_of(editor_api, experiment["id"])

    _assert_clean(result)
    for field in ("difference", "ci_low", "ci_high", "relative_lift", "p_value", "test", "suggested_verdict",
                  "required_n"):
        assert result[field] is None, field
    baseline, follow_up = result["groups"]
    assert baseline["notes"] == ["People dreaded the box."]
    assert (follow_up["notes"], follow_up["quote_ids"]) == (["People filmed the unboxing."], [quote["id"]])
    assert all(g[k] is None for g in result["groups"] for k in ("rate", "mean", "ci_low", "ci_high"))
    assert result["caveat"] == "" and result["observational"] is True
    assert any("qualitative" in note for note in result["notes"])


# ---- edge cases through the API: strict JSON, no NaN --------------------------------------

PROPORTION_EDGES = [
    ((0, 40), (0, 40)),       # zero counts everywhere
    ((40, 40), (40, 40)),     # all successes everywhere
    ((0, 1), (1, 1)),         # one trial each
    ((0, 30), (12, 30)),      # no successes before: no relative lift
    ((25, 50), (25, 50)),     # identical groups
]


@pytest.mark.parametrize(("baseline", "follow_up"), PROPORTION_EDGES)
def test_edge_proportions_give_strict_json(editor_api, log_experiment, baseline, follow_up):
    experiment = log_experiment()
    measured(editor_api, experiment["id"], group="baseline", successes=baseline[0], trials=baseline[1])
    measured(editor_api, experiment["id"], group="follow_up", successes=follow_up[0], trials=follow_up[1])

    result = result_of(editor_api, experiment["id"])

    _assert_clean(result)
    assert result["ci_low"] <= result["difference"] <= result["ci_high"]
    assert result["suggested_verdict"] in ("supported", "refuted", "inconclusive")


MEAN_EDGES = [
    ((1, 4.0, None), (1, 5.0, None)),   # n = 1 each
    ((30, 4.0, 0.0), (30, 4.0, 0.0)),   # identical and flat
    ((30, 4.0, 0.0), (30, 4.5, 0.0)),   # sd = 0, different means
    ((30, 0.0, 0.0), (30, 4.5, 1.0)),   # mean 0 at the start, one flat group
    ((30, 4.0, 1.0), (30, 4.0, 1.0)),   # identical groups
    ((1, 4.0, None), (40, 4.2, 0.9)),   # one lone observation
]


@pytest.mark.parametrize(("control", "variant"), MEAN_EDGES)
def test_edge_means_give_strict_json(editor_api, log_experiment, control, variant):
    experiment = log_experiment(metric=MEAN, minimum_effect=0.3, design="randomised")
    for group, (n, mean, sd) in (("control", control), ("variant", variant)):
        measured(editor_api, experiment["id"], group=group, n=n, mean=mean, **({"sd": sd} if sd is not None else {}))

    response = editor_api.get(f"/api/v1/experiments/{experiment['id']}/result")

    assert response.status_code == 200
    result = strict_json(response)
    _assert_clean(result)
    assert result["difference"] == pytest.approx(variant[1] - control[1])
    assert result["suggested_verdict"] in ("supported", "refuted", "inconclusive")
    if result["test"] is None:
        assert result["notes"]


def test_the_strict_parser_would_catch_a_nan():
    with pytest.raises(ValueError):
        strict_json(type("Response", (), {"get_data": lambda self, as_text: '{"p_value": NaN}'})())


# ---- a property over any measurements -----------------------------------------------------

def _in_memory(kind: str, design: str, rows: list[tuple]) -> Experiment:
    """An experiment with measurements, never stored: the result is computed from the objects."""
    experiment = Experiment(metric_kind=kind, design=design, direction="increase", minimum_effect=0.05,
                            metric_name="m", metric_unit="", measurements=[])
    reference, treated = experiment.groups
    for first, numbers in rows:
        group = reference if first else treated
        if kind == "proportion":
            successes, trials = numbers
            experiment.measurements.append(Measurement(group=group, successes=successes, trials=trials, note=""))
        else:
            n, mean, sd = numbers
            experiment.measurements.append(Measurement(group=group, n=n, mean=mean, sd=sd, note=""))
    return experiment


COUNT_ROWS = st.lists(st.tuples(st.booleans(), st.integers(1, 10**6).flatmap(
    lambda t: st.tuples(st.integers(0, t), st.just(t)))), max_size=4)
SUMMARY_ROWS = st.lists(st.tuples(st.booleans(), st.tuples(
    st.integers(1, 10**6), st.floats(-1e6, 1e6), st.sampled_from([0.0, 1e-9, 0.5, 3.0, 1e5]))), max_size=4)


@given(kind_rows=st.one_of(st.tuples(st.just("proportion"), COUNT_ROWS), st.tuples(st.just("mean"), SUMMARY_ROWS)),
       design=st.sampled_from(["before_after", "randomised"]))
@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
def test_any_measurements_give_a_result_that_is_strict_json(kind_rows, design):
    kind, rows = kind_rows
    result = experiment_result(_in_memory(kind, design, rows))

    text = json.dumps(result, allow_nan=False)  # raises on NaN or infinity
    assert json.loads(text) == result
    _assert_clean(result)
    if result["ci_low"] is not None:
        assert result["ci_low"] <= result["difference"] <= result["ci_high"]
    assert result["suggested_verdict"] in ("supported", "refuted", "inconclusive")
