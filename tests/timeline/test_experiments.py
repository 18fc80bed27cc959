"""Experiments on the timeline: a snapshot keeps the experiments on the map's steps as they
stood that day, a comparison says what happened to them in between, and a restore brings back
deleted steps without rewinding what the team did."""

from __future__ import annotations

from datetime import date

import pytest

from insightrepo.models import Job, Journey, Narrative, Participant, Phase, Quote, Step, Tag
from insightrepo.timeline.freeze import freeze
from tests.timeline.helpers import compare, compare_in, delete, frozen, live, ok, step_entry, take


def _experiment(api, experiment_id: str) -> dict:
    return ok(api.get(f"/api/v1/experiments/{experiment_id}"))


def _set_steps(api, experiment_id: str, step_ids: list[str]) -> dict:
    version = _experiment(api, experiment_id)["version"]
    return ok(api.patch(f"/api/v1/experiments/{experiment_id}", json={"step_ids": step_ids, "version": version}))


def _conclude(api, experiment_id: str, on: str) -> dict:
    return ok(api.post(f"/api/v1/experiments/{experiment_id}/status",
                       json={"status": "concluded", "on": on, "verdict": "supported",
                             "verdict_reason": "Complaints fell in the follow-up month"}))


def _on_step(body: dict, step_id: str) -> list[dict]:
    [step] = [s for p in body["phases"] for s in p["steps"] if s["id"] == step_id]
    return step["experiments"]


@pytest.fixture
def trial(editor_api, full_plant_map) -> dict:
    """A before/after experiment on "Unpack the plants": a baseline measured, running since 1 May."""
    experiment = ok(editor_api.post("/api/v1/workspaces/alpha/experiments", json={
        "title": "Choose your own plant by video", "solution": "a video call with the nursery before packing",
        "step_ids": [full_plant_map.step("Unpack the plants")], "design": "before_after", "minimum_effect": 0.05,
        "metric": {"name": "deliveries with a complaint", "kind": "proportion", "direction": "decrease"}}), 201)
    ok(editor_api.post(f"/api/v1/experiments/{experiment['id']}/measurements",
                   json={"group": "baseline", "measured_on": "2026-04-20", "successes": 31, "trials": 120}), 201)
    return ok(editor_api.post(f"/api/v1/experiments/{experiment['id']}/status", json={"status": "running", "on": "2026-05-01"}))


@pytest.fixture
def may(editor_api, full_plant_map, trial) -> dict:
    return take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")


def test_a_snapshot_keeps_the_experiment_as_it_stood_that_day(editor_api, full_plant_map, trial, may):
    unpack = full_plant_map.step("Unpack the plants")
    in_may = frozen(editor_api, may["id"])
    ok(editor_api.post(f"/api/v1/experiments/{trial['id']}/measurements",
                   json={"group": "follow_up", "measured_on": "2026-06-05", "successes": 9, "trials": 118}), 201)
    _conclude(editor_api, trial["id"], "2026-06-10")
    june = take(editor_api, full_plant_map.id, "June", as_of="2026-06-20")

    assert frozen(editor_api, may["id"]) == in_may  # concluding it later leaves May's snapshot as it was
    [then] = _on_step(in_may, unpack)
    assert (then["id"], then["title"], then["status"], then["verdict"]) == (
        trial["id"], "Choose your own plant by video", "running", None)
    assert (then["started_on"], then["ended_on"], then["measurements"]) == ("2026-05-01", None, 1)
    [now] = _on_step(frozen(editor_api, june["id"]), unpack)
    assert (now["status"], now["verdict"], now["ended_on"], now["measurements"]) == (
        "concluded", "supported", "2026-06-10", 2)
    assert all(_on_step(in_may, s) == [] for s in (full_plant_map.step("Pay"), full_plant_map.step("Save pictures")))


def test_a_comparison_lists_what_happened_to_an_experiment_in_between(editor_api, full_plant_map, trial, may):
    ok(editor_api.post(f"/api/v1/experiments/{trial['id']}/measurements",
                   json={"group": "follow_up", "measured_on": "2026-06-05", "successes": 9, "trials": 118}), 201)
    _conclude(editor_api, trial["id"], "2026-06-10")
    june = take(editor_api, full_plant_map.id, "June", as_of="2026-06-20")

    diff = compare(editor_api, may["id"], june["id"])

    assert diff["experiments"] == [{
        "kind": "experiments", "id": trial["id"], "title": "Choose your own plant by video", "change": "changed",
        "fields": {"status": {"old": "running", "new": "concluded"}, "verdict": {"old": None, "new": "supported"},
                   "verdict_reason": {"old": "", "new": "Complaints fell in the follow-up month"},
                   "ended_on": {"old": None, "new": "2026-06-10"}, "measurements": {"old": 1, "new": 2}}}]
    assert diff["steps"] == [] and diff["evidence"] == []  # the map itself did not change
    assert diff["summary"]["experiments"] == {"linked": 0, "unlinked": 0, "changed": 1, "in_between": 1}
    assert compare_in(editor_api, full_plant_map.id, may["id"], "live")["experiments"] == diff["experiments"]
    backwards = compare(editor_api, june["id"], may["id"])["experiments"]
    assert backwards[0]["fields"]["status"] == {"old": "concluded", "new": "running"}


def test_moving_an_experiment_to_another_step_shows_on_both_steps(editor_api, full_plant_map, trial, may):
    pay, unpack = full_plant_map.step("Pay"), full_plant_map.step("Unpack the plants")
    _set_steps(editor_api, trial["id"], [pay])

    diff = compare_in(editor_api, full_plant_map.id, may["id"], "live")

    assert {link["id"]: (link["linked"], link["unlinked"]) for link in diff["experiment_links"]} == {
        pay: ([trial["id"]], []), unpack: ([], [trial["id"]])}
    assert diff["steps"] == []  # an experiment moving is not a change of either step
    summary = diff["summary"]
    assert (summary["experiments"]["linked"], summary["experiments"]["unlinked"]) == (1, 1)
    assert summary["steps"]["changed"] == 0 and summary["evidence"]["quotes"]["linked"] == 0
    # its Test Card names the step it targets, so its wording changed too
    [edit] = diff["experiments"]
    assert "Pay" in edit["fields"]["hypothesis"]["new"] and "Pay" not in edit["fields"]["hypothesis"]["old"]


def test_restoring_brings_a_step_back_to_its_experiments_and_rewinds_none_of_them(editor_api, full_plant_map, trial):
    pay, unpack = full_plant_map.step("Pay"), full_plant_map.step("Unpack the plants")
    _set_steps(editor_api, trial["id"], [pay, unpack])
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    _set_steps(editor_api, trial["id"], [unpack])         # the team's own decision about the experiment
    delete(editor_api, f"/api/v1/steps/{unpack}")        # the map's edit: the experiment loses its step
    assert _experiment(editor_api, trial["id"])["step_ids"] == []
    _conclude(editor_api, trial["id"], "2026-06-10")

    ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    experiment = _experiment(editor_api, trial["id"])
    assert experiment["step_ids"] == [unpack]       # the returning step is linked again; Pay stays unlinked
    assert (experiment["status"], experiment["verdict"], experiment["ended_on"]) == (
        "concluded", "supported", "2026-06-10")     # what was done stays done
    assert [s["id"] for p in live(editor_api, full_plant_map.id)["phases"] for s in p["steps"]] == \
        [s["id"] for p in frozen(editor_api, may["id"])["phases"] for s in p["steps"]]
    diff = compare_in(editor_api, full_plant_map.id, may["id"], "live")
    assert diff["steps"] == []
    assert diff["experiment_links"] == [{"id": pay, "title": "Pay", "linked": [], "unlinked": [trial["id"]]}]
    assert [e["fields"]["status"] for e in diff["experiments"]] == [{"old": "running", "new": "concluded"}]
    assert diff["phases"] == [] and diff["evidence"] == [] and diff["journey"]["fields"] == {}


def test_restoring_a_snapshot_whose_experiment_was_deleted_leaves_it_deleted(editor_api, full_plant_map, trial, may):
    delete(editor_api, f"/api/v1/experiments/{trial['id']}")

    ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    assert editor_api.get(f"/api/v1/experiments/{trial['id']}").status_code == 404
    diff = compare_in(editor_api, full_plant_map.id, may["id"], "live")
    assert [(s["title"], s["linked"], s["unlinked"]) for s in diff["experiment_links"]] == [
        ("Unpack the plants", [], [trial["id"]])]


def test_a_snapshot_from_before_an_experiment_is_the_map_again_once_the_experiment_is_gone(editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    experiment = ok(editor_api.post("/api/v1/workspaces/alpha/experiments", json={
        "title": "Plant finder quiz", "step_ids": [full_plant_map.step("Search for easy plants")],
        "metric": {"name": "satisfaction", "kind": "mean", "direction": "increase"}}), 201)
    [link] = compare_in(editor_api, full_plant_map.id, may["id"], "live")["experiment_links"]
    assert (link["id"], link["linked"]) == (full_plant_map.step("Search for easy plants"), [experiment["id"]])

    delete(editor_api, f"/api/v1/experiments/{experiment['id']}")
    again = take(editor_api, full_plant_map.id, "May again", status=200, as_of="2026-05-14")

    assert again["id"] == may["id"]  # the unchanged map: the same snapshot, not a new one


def test_a_snapshot_with_experiments_entered_as_a_new_journey_leaves_the_experiments_where_they_ran(
        editor_api, full_plant_map, trial, may):
    created = ok(editor_api.post("/api/v1/workspaces/alpha/journeys/import",
                             json={"journey": frozen(editor_api, may["id"]), "as_of": "2026-05-14"}), 201)

    new_steps = {s["title"]: s["id"] for p in created["journey"]["phases"] for s in p["steps"]}
    assert _experiment(editor_api, trial["id"])["step_ids"] == [full_plant_map.step("Unpack the plants")]
    assert ok(editor_api.get(f"/api/v1/steps/{new_steps['Unpack the plants']}/experiments"))["items"] == []
    assert _on_step(frozen(editor_api, created["snapshot"]["id"]), new_steps["Unpack the plants"]) == []


# The root of a fixed map without experiments, as freeze.py computed it before experiments
# existed (commit c4b741f), on SQLite and PostgreSQL alike.
ROOT_BEFORE_EXPERIMENTS = "edb9ac8305807be32370f92bc2c375016b7e8d2750bf01ce2041cd30e8a2ce66"


def test_a_map_without_experiments_hashes_as_it_did_before_experiments_existed(session, team):
    """Snapshots taken before experiments existed still name the unchanged map's root."""
    workspace_id = team.a.id
    journey = Journey(id="golden-journey", workspace_id=workspace_id, title="Create a thriving home",
                      description="From dream to new leaves", kind="researched", persona="First-time plant buyer")
    dream = Phase(id="golden-dream", journey=journey, position=0, title="Dream of a green home", goal="Feel inspired")
    home = Phase(id="golden-home", journey=journey, position=1, title="Get the plants home", goal="Living plants")
    see = Step(id="golden-see", phase=dream, position=0, title="See plants at a friend's", emotion=2, marker="heart",
               channels=["Instagram"], present=False)
    unpack = Step(id="golden-unpack", phase=home, position=0, title="Unpack the plants", emotion=-2,
                  marker="thundercloud", touchpoint="Delivery box", owner="Warehouse", moment_title="Half-good quality!",
                  moment_description="Decides it", backstage_systems="WMS")
    p07 = Participant(id="golden-p07", workspace_id=workspace_id, code="P07")
    soil = Tag(id="golden-soil", workspace_id=workspace_id, name="Soil", key="soil")
    quote = Quote(id="golden-quote", workspace_id=workspace_id, text="I kill every plant I touch", participant=p07,
                  collected_on=date(2026, 3, 4), source="Interview", language="en", sentiment="negative", tags=[soil])
    story = Narrative(id="golden-story", workspace_id=workspace_id, title="The first monstera", body="She read **all**",
                      participant=p07, told_on=date(2026, 3, 5), tags=[soil])
    job = Job(id="golden-job", workspace_id=workspace_id, situation="I move in", motivation="fill my home with plants",
              outcome="feel at home", importance=5, satisfaction=2)
    quote.steps, story.steps, job.steps, job.phases = [unpack], [see, unpack], [unpack], [home]
    session.add_all([journey, p07, soil, quote, story, job])
    session.flush()
    session.expire_all()

    assert freeze(session, session.get(Journey, "golden-journey")).root == ROOT_BEFORE_EXPERIMENTS
