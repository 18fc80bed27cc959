"""Measurements: the groups an experiment's design compares, the numbers its metric kind needs
(and no others), corrections with versions, and no changes once the experiment is closed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.api.helpers import assert_error, field_errors
from tests.experiments.helpers import MEAN, QUALITATIVE, TODAY, days_ago, fetch, measure, measured, moved

MEASUREMENT_FIELDS = {"group", "measured_on", "successes", "trials", "n", "mean", "sd", "note", "quote_ids",
                      "source", "id", "experiment_id", "version"}


@pytest.fixture
def proportion(log_experiment) -> dict:
    return log_experiment()


@pytest.fixture
def mean(log_experiment) -> dict:
    return log_experiment(metric=MEAN, minimum_effect=0.3, design="randomised")


@pytest.fixture
def qualitative(log_experiment) -> dict:
    return log_experiment(metric=QUALITATIVE, minimum_effect=None)


@pytest.fixture
def quote(editor_api, team) -> dict:
    return editor_api.post("/api/v1/workspaces/alpha/quotes", json={"text": "I could finally see my plant."}).json


# ---- recording ----------------------------------------------------------------------------

def test_a_proportion_measurement_keeps_its_counts(editor_api, proportion):
    created = measured(editor_api, proportion["id"], group="baseline", successes=12, trials=80,
                       measured_on=days_ago(10), source="Zendesk export", note="March")

    assert MEASUREMENT_FIELDS <= set(created)
    assert (created["group"], created["successes"], created["trials"], created["measured_on"]) == (
        "baseline", 12, 80, days_ago(10))
    assert (created["n"], created["mean"], created["sd"]) == (None, None, None)
    assert (created["source"], created["note"], created["version"]) == ("Zendesk export", "March", 1)
    assert created["experiment_id"] == proportion["id"]
    assert editor_api.get(f"/api/v1/measurements/{created['id']}").json == created
    assert fetch(editor_api, proportion["id"])["measurements"] == [created]


def test_a_measurement_is_dated_today_by_default(editor_api, proportion):
    assert measured(editor_api, proportion["id"], group="follow_up", successes=1, trials=2)["measured_on"] == \
        TODAY.isoformat()


def test_a_null_date_means_today_and_cannot_clear_a_date(editor_api, proportion):
    created = measured(editor_api, proportion["id"], group="baseline", successes=1, trials=2, measured_on=None)

    cleared = editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"measured_on": None, "version": 1})

    assert created["measured_on"] == TODAY.isoformat()
    assert "required" in field_errors(cleared)["measured_on"]
    assert editor_api.get(f"/api/v1/measurements/{created['id']}").json["measured_on"] == TODAY.isoformat()


def test_a_mean_measurement_keeps_n_mean_and_sd(editor_api, mean):
    created = measured(editor_api, mean["id"], group="control", n=40, mean=3.9, sd=0.8)

    assert (created["n"], created["mean"], created["sd"], created["successes"]) == (40, 3.9, 0.8, None)


def test_one_observation_needs_no_sd(editor_api, mean):
    assert measured(editor_api, mean["id"], group="variant", n=1, mean=4.0)["sd"] == 0.0


def test_a_qualitative_measurement_is_a_note_or_quotes(editor_api, qualitative, quote):
    with_note = measured(editor_api, qualitative["id"], group="follow_up", note="People smiled when unpacking.")
    with_quote = measured(editor_api, qualitative["id"], group="follow_up", quote_ids=[quote["id"]])

    assert with_note["note"] == "People smiled when unpacking."
    assert with_quote["quote_ids"] == [quote["id"]]
    assert "note" in field_errors(measure(editor_api, qualitative["id"], group="baseline"))
    assert "note" in field_errors(measure(editor_api, qualitative["id"], group="baseline", note="   "))


def test_measurements_list_in_date_order(editor_api, proportion):
    late = measured(editor_api, proportion["id"], group="follow_up", successes=1, trials=10, measured_on=days_ago(1))
    early = measured(editor_api, proportion["id"], group="baseline", successes=2, trials=10, measured_on=days_ago(9))

    assert [m["id"] for m in fetch(editor_api, proportion["id"])["measurements"]] == [early["id"], late["id"]]


# ---- groups by design ---------------------------------------------------------------------

@pytest.mark.parametrize(("design", "good", "bad"), [
    ("before_after", ("baseline", "follow_up"), ("control", "variant")),
    ("randomised", ("control", "variant"), ("baseline", "follow_up")),
])
def test_the_groups_follow_the_design(editor_api, log_experiment, design, good, bad):
    experiment = log_experiment(design=design)

    for group in good:
        measured(editor_api, experiment["id"], group=group, successes=1, trials=5)
    for group in bad:
        message = field_errors(measure(editor_api, experiment["id"], group=group, successes=1, trials=5))["group"]
        assert good[0] in message and good[1] in message
    assert "group" in field_errors(measure(editor_api, experiment["id"], group="treatment", successes=1, trials=5))
    assert "group" in field_errors(measure(editor_api, experiment["id"], successes=1, trials=5))


# ---- numbers by metric kind ---------------------------------------------------------------

@pytest.mark.parametrize(("numbers", "field", "words"), [
    ({"successes": 81}, "trials", "required"),
    ({"trials": 80}, "successes", "required"),
    ({"successes": 81, "trials": 80}, "successes", "more than trials"),
    ({"successes": -1, "trials": 80}, "successes", "0"),
    ({"successes": 1, "trials": 0}, "trials", "1"),
    ({"successes": 1.5, "trials": 80}, "successes", ""),
    ({"successes": True, "trials": 80}, "successes", ""),
    ({"successes": "3", "trials": 80}, "successes", ""),
    ({"successes": 1, "trials": 10**10}, "trials", ""),
    ({"successes": 1, "trials": 80, "mean": 3.0}, "mean", "proportion"),
    ({"successes": 1, "trials": 80, "n": 5}, "n", "proportion"),
])
def test_a_proportion_takes_successes_and_trials_only(editor_api, proportion, numbers, field, words):
    fields = field_errors(measure(editor_api, proportion["id"], group="baseline", **numbers))

    assert field in fields and words in fields[field], fields
    assert fetch(editor_api, proportion["id"])["measurements"] == []


@pytest.mark.parametrize(("numbers", "field"), [
    ({"mean": 3.0, "sd": 1.0}, "n"),
    ({"n": 10, "sd": 1.0}, "mean"),
    ({"n": 10, "mean": 3.0}, "sd"),
    ({"n": 0, "mean": 3.0, "sd": 1.0}, "n"),
    ({"n": 10, "mean": 3.0, "sd": -0.5}, "sd"),
    ({"n": 10, "mean": "high", "sd": 1.0}, "mean"),
    ({"n": 10, "mean": 3.0, "sd": 1.0, "successes": 2}, "successes"),
    ({"n": 10, "mean": 3.0, "sd": 1.0, "trials": 20}, "trials"),
])
def test_a_mean_takes_n_mean_and_sd_only(editor_api, mean, numbers, field):
    assert field in field_errors(measure(editor_api, mean["id"], group="control", **numbers))


def test_a_qualitative_measurement_takes_no_numbers(editor_api, qualitative):
    fields = field_errors(measure(editor_api, qualitative["id"], group="baseline", note="ok", successes=1, trials=2))

    assert {"successes", "trials"} <= set(fields)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400", "1" + "0" * 400])
def test_nan_and_infinity_are_refused_as_numbers(editor_api, mean, constant):
    body = json.dumps({"group": "control", "n": 10, "mean": 0.123, "sd": 1.0}).replace("0.123", constant)

    response = editor_api.post(f"/api/v1/experiments/{mean['id']}/measurements", data=body,
                           headers={"Content-Type": "application/json"})

    assert response.status_code in (400, 422)
    assert_error(response, response.status_code)
    assert fetch(editor_api, mean["id"])["measurements"] == []


@pytest.mark.parametrize("numbers", [{"mean": 1e300, "sd": 1.0}, {"mean": 1.0, "sd": 1e300}])
def test_numbers_too_large_to_compute_with_are_refused(editor_api, mean, numbers):
    fields = field_errors(measure(editor_api, mean["id"], group="control", n=10, **numbers))

    assert set(numbers) & set(fields)


def test_a_measurement_cannot_be_dated_in_the_future(editor_api, proportion):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()

    assert "future" in field_errors(measure(editor_api, proportion["id"], group="baseline", successes=1, trials=2,
                                            measured_on=tomorrow))["measured_on"]


def test_quotes_of_another_workspace_are_refused(editor_api, outsider_api, qualitative):
    theirs = outsider_api.post("/api/v1/workspaces/beta/quotes", json={"text": "Hemligt."}).json

    fields = field_errors(measure(editor_api, qualitative["id"], group="baseline", quote_ids=[theirs["id"]]))

    assert theirs["id"] in fields["quote_ids"] and "Hemligt" not in fields["quote_ids"]


# ---- corrections --------------------------------------------------------------------------

def test_a_correction_is_checked_as_the_whole_measurement_would_be(editor_api, proportion):
    created = measured(editor_api, proportion["id"], group="baseline", successes=12, trials=80)

    too_many = editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"successes": 90, "version": 1})
    fixed = editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"trials": 100, "version": 1})

    assert "successes" in field_errors(too_many)
    assert fixed.status_code == 200 and (fixed.json["successes"], fixed.json["trials"], fixed.json["version"]) == (
        12, 100, 2)


def test_a_correction_with_a_stale_version_is_a_409(editor_api, proportion):
    created = measured(editor_api, proportion["id"], group="baseline", successes=12, trials=80)
    editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"successes": 13, "version": 1})

    assert_error(editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"successes": 14, "version": 1}), 409)
    assert "version" in field_errors(editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"successes": 14}))
    assert editor_api.get(f"/api/v1/measurements/{created['id']}").json["successes"] == 13


def test_a_qualitative_measurement_keeps_a_note_or_quotes_when_corrected(editor_api, qualitative, quote):
    created = measured(editor_api, qualitative["id"], group="baseline", note="Quiet.", quote_ids=[quote["id"]])

    without_quotes = editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"quote_ids": [], "version": 1})
    assert without_quotes.status_code == 200

    emptied = editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"note": "", "version": 2})
    assert "note" in field_errors(emptied)


def test_a_measurement_can_be_deleted_while_the_experiment_is_open(editor_api, proportion):
    created = measured(editor_api, proportion["id"], group="baseline", successes=12, trials=80)

    assert editor_api.delete(f"/api/v1/measurements/{created['id']}").status_code == 204

    assert_error(editor_api.get(f"/api/v1/measurements/{created['id']}"), 404)
    assert fetch(editor_api, proportion["id"])["measurements"] == []


def test_a_running_experiment_takes_measurements(editor_api, proportion):
    moved(editor_api, proportion["id"], "running")

    assert measured(editor_api, proportion["id"], group="follow_up", successes=3, trials=80)["group"] == "follow_up"


# ---- closed experiments -------------------------------------------------------------------

@pytest.mark.parametrize("closing", [["running", "concluded"], ["abandoned"], ["running", "abandoned"]])
def test_a_closed_experiment_refuses_new_corrected_or_deleted_measurements(editor_api, proportion, closing):
    created = measured(editor_api, proportion["id"], group="baseline", successes=12, trials=80)
    for status in closing:
        moved(editor_api, proportion["id"], status)

    added = measure(editor_api, proportion["id"], group="follow_up", successes=3, trials=80)
    corrected = editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"successes": 1, "version": 1})
    deleted = editor_api.delete(f"/api/v1/measurements/{created['id']}")

    for response in (added, corrected, deleted):
        assert assert_error(response, 409, "conflict")["details"] == {"status": closing[-1]}
    assert fetch(editor_api, proportion["id"])["measurements"] == [created]


def test_measurements_appear_in_the_journeys_change_log(editor_api, proportion, plant_map):
    created = measured(editor_api, proportion["id"], group="baseline", successes=12, trials=80)
    editor_api.patch(f"/api/v1/measurements/{created['id']}", json={"successes": 13, "version": 1})

    log = editor_api.get(f"/api/v1/journeys/{plant_map.id}/changes?per_page=200").json["items"]
    mine = [(c["action"], c["field"], c["old"], c["new"]) for c in log if c["entity_id"] == created["id"]]

    assert ("update", "successes", 12, 13) in mine
    assert any(action == "create" for action, *_ in mine)
