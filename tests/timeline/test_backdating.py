"""Entering an old map: a journey in the shape of GET /api/v1/journeys/{id} (or of a snapshot)
becomes a new journey, with new ids, whose first snapshot carries the date it described."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.api.helpers import assert_error, field_errors
from tests.timeline.helpers import frozen, live, ok, take

IMPORT = "/api/v1/workspaces/alpha/journeys/import"


def _journeys(api) -> int:
    return ok(api.get("/api/v1/workspaces/alpha/journeys"))["total"]


def _shape(body: dict) -> list:
    keep = ("title", "emotion", "marker", "moment_of_truth", "channels", "touchpoint", "owner", "present")
    return [(p["title"], p["goal"], [{k: s[k] for k in keep} for s in p["steps"]]) for p in body["phases"]]


def test_last_years_map_becomes_a_new_journey_dated_when_it_was_true(editor_api, full_plant_map):
    old = live(editor_api, full_plant_map.id)

    created = ok(editor_api.post(IMPORT, json={"journey": old, "as_of": "2025-04-01", "label": "The 2025 map"}), 201)

    journey = created["journey"]
    assert created["journey_id"] == journey["id"] != full_plant_map.id
    assert _shape(journey) == _shape(old)
    assert (journey["title"], journey["kind"], journey["step_count"]) == ("Create a thriving home", "hypothesis", 6)
    old_ids = {p["id"] for p in old["phases"]} | {s["id"] for p in old["phases"] for s in p["steps"]}
    new_ids = {p["id"] for p in journey["phases"]} | {s["id"] for p in journey["phases"] for s in p["steps"]}
    assert not old_ids & new_ids
    [first] = ok(editor_api.get(f"/api/v1/journeys/{journey['id']}/snapshots"))["items"]
    assert first == created["snapshot"]
    assert (first["as_of"], first["label"], first["created_by"]) == ("2025-04-01", "The 2025 map", "Eddie Editor")
    assert _shape(frozen(editor_api, first["id"])) == _shape(old)
    assert live(editor_api, full_plant_map.id) == old  # the original is untouched


def test_a_snapshot_can_be_entered_as_a_new_journey_with_its_evidence(editor_api, full_plant_map, add_quote):
    quote = add_quote("I kill every plant I touch", [full_plant_map.step("Search for easy plants")])
    job = ok(editor_api.post("/api/v1/workspaces/alpha/jobs", json={
        "situation": "my flat is dark", "motivation": "find plants that survive", "outcome": "feel at home",
        "phase_ids": [full_plant_map.phase("Find plants that suit me")]}), 201)
    ok(editor_api.patch(f"/api/v1/journeys/{full_plant_map.id}", json={"kind": "researched", "persona": "First-timer",
                                                               "version": 1}))
    snapshot = frozen(editor_api, take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")["id"])

    created = ok(editor_api.post(IMPORT, json={"journey": snapshot, "as_of": "2026-05-14"}), 201)

    journey = created["journey"]
    assert _shape(journey) == _shape(snapshot)
    assert (journey["kind"], journey["persona"]) == ("researched", "First-timer")
    assert created["snapshot"]["label"]  # a label is made up when none is given
    [search] = [s for p in journey["phases"] for s in p["steps"] if s["title"] == "Search for easy plants"]
    assert [q["id"] for q in ok(editor_api.get(f"/api/v1/steps/{search['id']}/evidence"))["quotes"]] == [quote]
    [finding] = [p for p in journey["phases"] if p["title"] == "Find plants that suit me"]
    assert set(ok(editor_api.get(f"/api/v1/jobs/{job['id']}"))["phase_ids"]) == {
        full_plant_map.phase("Find plants that suit me"), finding["id"]}


def test_a_minimal_hand_written_map_is_enough(editor_api):
    body = {"journey": {"title": "Order plants by phone", "phases": [
        {"title": "Call the shop", "steps": [{"title": "Wait on hold", "emotion": -2, "marker": "thundercloud"}]},
        {"title": "Get the plants"}]}, "as_of": "2024-09-30", "label": "Before the web shop"}

    created = ok(editor_api.post(IMPORT, json=body), 201)

    assert [(p["title"], [s["title"] for s in p["steps"]]) for p in created["journey"]["phases"]] == [
        ("Call the shop", ["Wait on hold"]), ("Get the plants", [])]
    assert created["snapshot"]["as_of"] == "2024-09-30"


@pytest.mark.parametrize("journey, field", [
    ("a map", "journey"),
    ({"phases": []}, "title"),
    ({"title": "T", "phases": "Dream, Find, Get"}, "journey"),
    ({"title": "T", "phases": ["Dream"]}, "phases"),
    ({"title": "T", "phases": [{"title": "Dream", "steps": ["See plants"]}]}, "steps"),
    ({"title": "T", "phases": [{"title": "Dream", "steps": [{"emotion": 1}]}]}, "title"),
    ({"title": "T", "phases": [{"title": "Dream", "steps": [{"title": "S", "emotion": 7}]}]}, "emotion"),
    ({"title": "T", "phases": [{"title": "Dream", "steps": [{"title": "S", "marker": "sun"}]}]}, "marker"),
    ({"title": "T", "scope": "galaxy"}, "scope"),
    ({"title": "T", "phases": [{"steps": []}]}, "title"),
])
def test_an_invalid_map_is_refused_and_nothing_is_created(editor_api, full_plant_map, journey, field):
    before = _journeys(editor_api)

    fields = field_errors(editor_api.post(IMPORT, json={"journey": journey, "as_of": "2025-04-01"}))

    assert any(field in name for name in fields), fields
    assert _journeys(editor_api) == before


@pytest.mark.parametrize("body, field", [
    ({"as_of": (date.today() + timedelta(days=1)).isoformat()}, "as_of"),
    ({}, "as_of"),
    ({"as_of": "last spring"}, "as_of"),
    ({"as_of": "2025-04-01", "label": "x" * 201}, "label"),
])
def test_the_date_must_be_a_real_past_or_present_day(editor_api, full_plant_map, body, field):
    before = _journeys(editor_api)

    fields = field_errors(editor_api.post(IMPORT, json={"journey": {"title": "Old map"}, **body}))

    assert field in fields
    assert _journeys(editor_api) == before


def test_only_editors_of_the_workspace_can_enter_a_map(viewer_api, outsider_api, editor_api):
    body = {"journey": {"title": "Old map"}, "as_of": "2025-04-01"}

    assert_error(viewer_api.post(IMPORT, json=body), 403, "forbidden")
    assert_error(outsider_api.post(IMPORT, json=body), 404, "not_found")
    assert _journeys(editor_api) == 0
