"""An experiment's life: draft → running → concluded, or abandoned on the way. Each move dates
it; every other move is a 409 that names the moves allowed. Concluding confirms the suggested
verdict or overrides it with a reason, and the journey's change log keeps it all."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.api.helpers import assert_error, field_errors
from tests.experiments.helpers import QUALITATIVE, TODAY, days_ago, fetch, measured, move, moved


@pytest.fixture
def draft(log_experiment) -> dict:
    return log_experiment()


@pytest.fixture
def running(editor_api, draft) -> dict:
    return moved(editor_api, draft["id"], "running", on=days_ago(30))


def _clearly_fewer_complaints(editor_api, experiment_id: str) -> None:
    """Complaints fall from 20 % to 5 %: the numbers suggest "supported" (wanted: a fall of ≥ 5 points)."""
    measured(editor_api, experiment_id, group="baseline", successes=40, trials=200, measured_on=days_ago(40))
    measured(editor_api, experiment_id, group="follow_up", successes=10, trials=200, measured_on=days_ago(5))


# ---- the moves and their dates ------------------------------------------------------------

def test_starting_dates_the_experiment_today_by_default(editor_api, draft):
    started = moved(editor_api, draft["id"], "running")

    assert (started["status"], started["started_on"], started["ended_on"]) == ("running", TODAY.isoformat(), None)
    assert started["version"] == draft["version"] + 1


def test_a_move_can_be_dated_in_the_past(editor_api, draft):
    started = moved(editor_api, draft["id"], "running", on=days_ago(30))
    concluded = moved(editor_api, draft["id"], "concluded", on=days_ago(2))

    assert (concluded["started_on"], concluded["ended_on"]) == (days_ago(30), days_ago(2))
    assert started["started_on"] == days_ago(30)


def test_concluding_takes_the_suggested_verdict_by_default(editor_api, running):
    _clearly_fewer_complaints(editor_api, running["id"])

    concluded = moved(editor_api, running["id"], "concluded")

    assert (concluded["status"], concluded["verdict"], concluded["verdict_reason"]) == ("concluded", "supported", "")
    assert concluded["ended_on"] == TODAY.isoformat()


def test_concluding_without_measurements_suggests_inconclusive(editor_api, running):
    assert moved(editor_api, running["id"], "concluded")["verdict"] == "inconclusive"


@pytest.mark.parametrize("from_running", [False, True])
def test_abandoning_ends_the_experiment_without_a_verdict(editor_api, draft, from_running):
    if from_running:
        moved(editor_api, draft["id"], "running", on=days_ago(3))

    abandoned = moved(editor_api, draft["id"], "abandoned", verdict_reason="the supplier stopped the calls")

    assert (abandoned["status"], abandoned["verdict"], abandoned["ended_on"]) == (
        "abandoned", None, TODAY.isoformat())
    assert abandoned["verdict_reason"] == "the supplier stopped the calls"
    assert abandoned["started_on"] == (days_ago(3) if from_running else None)


@pytest.mark.parametrize(("path", "target", "allowed"), [
    ([], "concluded", ["running", "abandoned"]),
    ([], "draft", ["running", "abandoned"]),
    (["running"], "running", ["concluded", "abandoned"]),
    (["running"], "draft", ["concluded", "abandoned"]),
    (["running", "concluded"], "running", []),
    (["running", "concluded"], "abandoned", []),
    (["running", "concluded"], "concluded", []),
    (["running", "concluded"], "draft", []),
    (["abandoned"], "running", []),
    (["abandoned"], "concluded", []),
    (["running", "abandoned"], "draft", []),
])
def test_every_other_move_is_a_409_naming_the_allowed_moves(editor_api, draft, path, target, allowed):
    for status in path:
        moved(editor_api, draft["id"], status)
    before = fetch(editor_api, draft["id"])

    error = assert_error(move(editor_api, draft["id"], target), 409, "conflict")

    assert error["details"] == {"status": before["status"], "allowed": allowed}
    assert target in error["message"]
    assert fetch(editor_api, draft["id"]) == before


def test_an_unknown_status_is_a_422(editor_api, draft):
    assert "status" in field_errors(move(editor_api, draft["id"], "finished"))
    assert "status" in field_errors(editor_api.post(f"/api/v1/experiments/{draft['id']}/status", json={}))


def test_a_move_cannot_be_dated_in_the_future(editor_api, draft):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()

    assert "future" in field_errors(move(editor_api, draft["id"], "running", on=tomorrow))["on"]
    assert fetch(editor_api, draft["id"])["status"] == "draft"


def test_an_experiment_cannot_end_before_it_started(editor_api, running):
    fields = field_errors(move(editor_api, running["id"], "concluded", on=days_ago(31)))

    assert days_ago(30) in fields["on"]
    assert fetch(editor_api, running["id"])["status"] == "running"


def test_ending_on_the_day_it_started_is_fine(editor_api, running):
    assert moved(editor_api, running["id"], "abandoned", on=days_ago(30))["ended_on"] == days_ago(30)


def test_a_move_with_a_stale_version_is_a_409(editor_api, draft):
    editor_api.patch(f"/api/v1/experiments/{draft['id']}", json={"owner": "Ops", "version": draft["version"]})

    assert_error(move(editor_api, draft["id"], "running", version=draft["version"]), 409, "conflict")
    assert moved(editor_api, draft["id"], "running", version=draft["version"] + 1)["status"] == "running"


def test_a_bad_date_is_a_422(editor_api, draft):
    assert "on" in field_errors(move(editor_api, draft["id"], "running", on="yesterday"))


# ---- the verdict: confirm or override with a reason ---------------------------------------

def test_confirming_the_suggested_verdict_needs_no_reason(editor_api, running):
    _clearly_fewer_complaints(editor_api, running["id"])

    assert moved(editor_api, running["id"], "concluded", verdict="supported")["verdict"] == "supported"


def test_overriding_the_suggestion_without_a_reason_is_refused(editor_api, running):
    _clearly_fewer_complaints(editor_api, running["id"])

    fields = field_errors(move(editor_api, running["id"], "concluded", verdict="inconclusive"))

    assert "supported" in fields["verdict_reason"] and "inconclusive" in fields["verdict_reason"]
    assert fetch(editor_api, running["id"])["status"] == "running"


def test_overriding_with_a_reason_is_recorded(editor_api, running):
    _clearly_fewer_complaints(editor_api, running["id"])
    reason = "a new courier started the same week"

    concluded = moved(editor_api, running["id"], "concluded", verdict="inconclusive", verdict_reason=reason)

    assert (concluded["verdict"], concluded["verdict_reason"]) == ("inconclusive", reason)
    assert fetch(editor_api, running["id"])["verdict_reason"] == reason


def test_a_blank_reason_is_no_reason(editor_api, running):
    _clearly_fewer_complaints(editor_api, running["id"])

    assert "verdict_reason" in field_errors(move(editor_api, running["id"], "concluded", verdict="refuted",
                                                 verdict_reason="   "))


def test_the_verdict_of_a_concluded_experiment_can_be_revised_with_a_reason(editor_api, running):
    _clearly_fewer_complaints(editor_api, running["id"])
    concluded = moved(editor_api, running["id"], "concluded")

    without = editor_api.patch(f"/api/v1/experiments/{running['id']}",
                           json={"verdict": "refuted", "version": concluded["version"]})
    assert "verdict_reason" in field_errors(without)

    revised = editor_api.patch(f"/api/v1/experiments/{running['id']}", json={
        "verdict": "refuted", "verdict_reason": "the complaints moved to the phone line",
        "version": concluded["version"]})
    assert revised.status_code == 200, revised.get_data(as_text=True)
    assert (revised.json["verdict"], revised.json["verdict_reason"]) == (
        "refuted", "the complaints moved to the phone line")


def test_a_concluded_experiment_keeps_a_verdict(editor_api, running):
    concluded = moved(editor_api, running["id"], "concluded")

    fields = field_errors(editor_api.patch(f"/api/v1/experiments/{running['id']}",
                                       json={"verdict": None, "version": concluded["version"]}))

    assert "verdict" in fields


@pytest.mark.parametrize("target", ["running", "abandoned"])
def test_a_verdict_sent_with_any_other_move_is_refused_not_dropped(editor_api, draft, target):
    fields = field_errors(move(editor_api, draft["id"], target, verdict="supported"))

    assert "concluding" in fields["verdict"]
    assert fetch(editor_api, draft["id"])["status"] == "draft"


def test_a_qualitative_experiment_concludes_with_the_teams_verdict(editor_api, log_experiment):
    experiment = log_experiment(metric=QUALITATIVE, minimum_effect=None)
    moved(editor_api, experiment["id"], "running")

    missing = field_errors(move(editor_api, experiment["id"], "concluded"))
    concluded = moved(editor_api, experiment["id"], "concluded", verdict="supported")

    assert "verdict" in missing
    assert (concluded["verdict"], concluded["verdict_reason"]) == ("supported", "")


def test_the_learning_card_can_be_written_after_concluding(editor_api, running):
    concluded = moved(editor_api, running["id"], "concluded")
    learning = {"observed": "no change", "learned": "too few deliveries", "next": "run it for a quarter"}

    edited = editor_api.patch(f"/api/v1/experiments/{running['id']}",
                          json={"learning": learning, "version": concluded["version"]})

    assert edited.status_code == 200 and edited.json["learning"] == learning


# ---- the journey's change log -------------------------------------------------------------

def test_the_change_log_shows_the_moves_and_the_verdict_with_its_reason(editor_api, running, plant_map):
    _clearly_fewer_complaints(editor_api, running["id"])
    moved(editor_api, running["id"], "concluded", verdict="inconclusive", verdict_reason="the courier changed")

    log = editor_api.get(f"/api/v1/journeys/{plant_map.id}/changes?per_page=200").json["items"]
    mine = [c for c in log if c["entity"] == "experiment" and c["entity_id"] == running["id"]]
    edits = {(c["field"], c["old"], c["new"]) for c in mine if c["action"] == "update"}

    assert {c["action"] for c in mine} >= {"create", "update"}
    assert ("status", "draft", "running") in edits
    assert ("status", "running", "concluded") in edits
    assert ("verdict", None, "inconclusive") in edits
    assert ("verdict_reason", "", "the courier changed") in edits
    assert ("started_on", None, days_ago(30)) in edits
    assert ("ended_on", None, TODAY.isoformat()) in edits
    assert all(c["actor"] for c in mine)
    measurements = [c for c in log if c["entity"] == "measurement"]
    assert len({c["entity_id"] for c in measurements}) == 2


def test_the_change_log_keeps_an_edit_note(editor_api, draft, plant_map):
    editor_api.post(f"/api/v1/experiments/{draft['id']}/status", json={"status": "running"},
                headers={"X-Change-Note": "kick-off meeting"})

    log = editor_api.get(f"/api/v1/journeys/{plant_map.id}/changes?per_page=200").json["items"]

    assert any(c["field"] == "status" and c["why"] == "kick-off meeting" for c in log)
