"""Taking, listing and reading snapshots through the API: a dated, frozen copy of the whole
map with everything linked to it, that no later edit and no route can change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from insightrepo.evidence import evidence
from tests.api.helpers import assert_error, assert_list_envelope, field_errors
from tests.timeline.helpers import frozen, live, ok, take

TIMELINE_FIELDS = {"label", "as_of", "note", "created_at", "created_by"}


def test_an_editor_freezes_the_map_with_a_label_a_past_date_and_a_note(editor_api, full_plant_map):
    snapshot = take(editor_api, full_plant_map.id, "After 12 interviews", as_of="2026-05-14",
                    note="Hearts and thunderclouds from the May interviews")

    assert (snapshot["label"], snapshot["as_of"], snapshot["note"]) == (
        "After 12 interviews", "2026-05-14", "Hearts and thunderclouds from the May interviews")
    assert snapshot["created_by"] == "Eddie Editor"
    assert snapshot["journey_id"] == full_plant_map.id
    assert snapshot["bytes_added"] > 0


def test_as_of_defaults_to_today(editor_api, full_plant_map):
    snapshot = take(editor_api, full_plant_map.id, "Today's map")

    assert snapshot["as_of"] == date.today().isoformat()


def test_a_snapshot_cannot_describe_a_map_of_the_future(editor_api, full_plant_map):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()

    fields = field_errors(editor_api.post(f"/api/v1/journeys/{full_plant_map.id}/snapshots",
                                      json={"label": "Wishful", "as_of": tomorrow}))

    assert "as_of" in fields
    assert ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots"))["total"] == 0


@pytest.mark.parametrize("body, field", [({}, "label"), ({"label": ""}, "label"),
                                         ({"label": "x", "as_of": "14 May"}, "as_of"),
                                         ({"label": "x" * 201}, "label")])
def test_a_snapshot_needs_a_label_and_a_real_date(editor_api, full_plant_map, body, field):
    assert field in field_errors(editor_api.post(f"/api/v1/journeys/{full_plant_map.id}/snapshots", json=body))


def test_snapshotting_an_unchanged_map_on_the_same_date_returns_the_same_snapshot(editor_api, full_plant_map):
    first = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")

    again = take(editor_api, full_plant_map.id, "May again", as_of="2026-05-14", status=200)

    assert again["id"] == first["id"]
    assert again["label"] == "May"  # the snapshot that stands, not a renamed copy
    assert ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots"))["total"] == 1


def test_re_validating_an_unchanged_map_on_a_new_date_adds_an_entry_that_costs_nothing(editor_api, full_plant_map):
    first = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")

    later = take(editor_api, full_plant_map.id, "Still true in June", as_of="2026-06-20")

    assert later["id"] != first["id"]
    assert later["bytes_added"] == 0  # every object is shared with May's snapshot
    assert first["bytes_added"] > 1000
    may, june = frozen(editor_api, first["id"]), frozen(editor_api, later["id"])
    assert may["phases"] == june["phases"]
    assert ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots"))["total"] == 2


def test_an_edited_map_on_the_same_date_is_a_new_snapshot(editor_api, full_plant_map):
    first = take(editor_api, full_plant_map.id, "Morning", as_of="2026-05-14")
    step = ok(editor_api.get(f"/api/v1/steps/{full_plant_map.step('Pay')}"))
    ok(editor_api.patch(f"/api/v1/steps/{step['id']}", json={"emotion": -2, "version": step["version"]}))

    second = take(editor_api, full_plant_map.id, "Afternoon", as_of="2026-05-14")

    assert second["id"] != first["id"]
    assert 0 < second["bytes_added"] < first["bytes_added"]


def test_the_timeline_is_ordered_by_as_of_then_by_creation(editor_api, full_plant_map, session, team):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    december = take(editor_api, full_plant_map.id, "Old map entered late", as_of="2025-12-01")
    step = ok(editor_api.get(f"/api/v1/steps/{full_plant_map.step('Pay')}"))
    ok(editor_api.patch(f"/api/v1/steps/{step['id']}", json={"title": "Pay by card", "version": step["version"]}))
    may_later = take(editor_api, full_plant_map.id, "May, corrected", as_of="2026-05-14")

    body = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots"))
    items = assert_list_envelope(body, page=1, per_page=body["per_page"], total=3)
    second_page = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots?page=2&per_page=2"))

    assert [s["id"] for s in items] == [december["id"], may["id"], may_later["id"]]
    assert [s["label"] for s in items] == ["Old map entered late", "May", "May, corrected"]
    assert [s["id"] for s in assert_list_envelope(second_page, page=2, per_page=2, total=3)] == [may_later["id"]]


def test_a_snapshot_reads_like_the_journey_it_froze_plus_its_timeline_fields(editor_api, viewer_api, full_plant_map, session,
                                                                           team, add_quote):
    quote = add_quote("I kill every plant I touch", [full_plant_map.step("Search for easy plants")])
    story = evidence.create_item(session, team.admin, evidence.NARRATIVES, "alpha", {
        "title": "The fern that survived", "body": "It *lived*.", "participant": "P03",
        "step_ids": [full_plant_map.step("Unpack the plants")]})
    job = evidence.create_item(session, team.admin, evidence.JOBS, "alpha", {
        "situation": "my flat is dark", "motivation": "find plants that survive", "outcome": "feel at home",
        "step_ids": [full_plant_map.step("Search for easy plants")],
        "phase_ids": [full_plant_map.phase("Find plants that suit me")]})
    session.commit()
    journey = live(viewer_api, full_plant_map.id)
    snapshot = take(editor_api, full_plant_map.id, "After 12 interviews", as_of="2026-05-14", note="n")

    body = frozen(viewer_api, snapshot["id"])

    assert {k for k in journey if k not in ("version", "updated_at")} | TIMELINE_FIELDS <= set(body)
    assert (body["id"], body["label"], body["as_of"], body["note"], body["created_by"]) == (
        snapshot["id"], "After 12 interviews", "2026-05-14", "n", "Eddie Editor")
    assert body["created_at"] == snapshot["created_at"]
    assert (body["title"], body["kind"], body["phase_count"], body["step_count"]) == (
        "Create a thriving home", "hypothesis", 3, 6)
    for live_phase, frozen_phase in zip(journey["phases"], body["phases"], strict=True):
        assert {k: v for k, v in live_phase.items() if k not in ("version", "steps")} == {
            k: frozen_phase[k] for k in live_phase if k not in ("version", "steps")}
        for live_step, frozen_step in zip(live_phase["steps"], frozen_phase["steps"], strict=True):
            assert {k: v for k, v in live_step.items() if k != "version"} == {
                k: frozen_step[k] for k in live_step if k != "version"}
    by_title = {s["title"]: s for p in body["phases"] for s in p["steps"]}
    search = by_title["Search for easy plants"]["evidence"]
    assert [(q["id"], q["text"], q["participant"]) for q in search["quotes"]] == [
        (quote, "I kill every plant I touch", "P07")]
    assert [j["id"] for j in search["jobs"]] == [job.id]
    assert [(n["id"], n["title"]) for n in by_title["Unpack the plants"]["evidence"]["narratives"]] == [
        (story.id, "The fern that survived")]
    [finding] = [p for p in body["phases"] if p["title"] == "Find plants that suit me"]
    assert [(j["id"], j["situation"], j["outcome"]) for j in finding["jobs"]] == [
        (job.id, "my flat is dark", "feel at home")]


def test_later_edits_do_not_touch_a_snapshot(editor_api, full_plant_map, add_quote):
    quote = add_quote("I kill every plant I touch", [full_plant_map.step("Search for easy plants")])
    snapshot = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    before = frozen(editor_api, snapshot["id"])
    step = ok(editor_api.get(f"/api/v1/steps/{full_plant_map.step('Search for easy plants')}"))
    ok(editor_api.patch(f"/api/v1/steps/{step['id']}", json={"title": "Find easy plants", "emotion": 2,
                                                          "version": step["version"]}))
    q = ok(editor_api.get(f"/api/v1/quotes/{quote}"))
    ok(editor_api.patch(f"/api/v1/quotes/{quote}", json={"text": "I kill most plants", "version": q["version"]}))
    assert editor_api.delete(f"/api/v1/steps/{full_plant_map.step('Pay')}").status_code == 204
    ok(editor_api.patch(f"/api/v1/journeys/{full_plant_map.id}", json={"title": "Grow a jungle", "version": 1}))

    after = frozen(editor_api, snapshot["id"])

    assert after == before
    assert after["title"] == "Create a thriving home"
    search = next(s for p in after["phases"] for s in p["steps"] if s["id"] == step["id"])
    assert (search["title"], search["emotion"]) == ("Search for easy plants", -1)
    assert search["evidence"]["quotes"][0]["text"] == "I kill every plant I touch"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_no_route_changes_or_deletes_a_snapshot(admin_api, full_plant_map, method):
    snapshot = take(admin_api, full_plant_map.id, "May", as_of="2026-05-14")

    response = admin_api.request(method, f"/api/v1/snapshots/{snapshot['id']}", json={"label": "Rewritten"})

    assert_error(response, 405)
    assert frozen(admin_api, snapshot["id"])["label"] == "May"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_the_timeline_cannot_be_rewritten_as_a_whole(admin_api, full_plant_map, method):
    take(admin_api, full_plant_map.id, "May", as_of="2026-05-14")

    assert_error(admin_api.request(method, f"/api/v1/journeys/{full_plant_map.id}/snapshots", json=[]), 405)
    assert ok(admin_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots"))["total"] == 1


def test_a_viewer_reads_the_timeline_but_cannot_take_a_snapshot(viewer_api, editor_api, full_plant_map):
    snapshot = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")

    assert_error(viewer_api.post(f"/api/v1/journeys/{full_plant_map.id}/snapshots", json={"label": "Mine"}), 403, "forbidden")
    assert [s["id"] for s in ok(viewer_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots"))["items"]] == [snapshot["id"]]
    assert frozen(viewer_api, snapshot["id"])["label"] == "May"


def test_another_workspace_sees_no_trace_of_the_timeline(outsider_api, editor_api, full_plant_map):
    snapshot = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")

    listing = outsider_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots")
    reading = outsider_api.get(f"/api/v1/snapshots/{snapshot['id']}")
    missing = outsider_api.get("/api/v1/snapshots/0123456789abcdef0123456789abcdef")

    assert_error(listing, 404, "not_found")
    assert_error(reading, 404, "not_found")
    assert reading.json == missing.json
    assert_error(outsider_api.post(f"/api/v1/journeys/{full_plant_map.id}/snapshots", json={"label": "Mine"}), 404)
    assert ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/snapshots"))["total"] == 1


def test_without_a_token_the_timeline_answers_401(api_as, editor_api, full_plant_map):
    snapshot = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    anonymous = api_as(None)

    assert_error(anonymous.get(f"/api/v1/snapshots/{snapshot['id']}"), 401)
    assert_error(anonymous.post(f"/api/v1/journeys/{full_plant_map.id}/snapshots", json={"label": "x"}), 401)


def test_an_unknown_snapshot_or_journey_is_404(editor_api):
    assert_error(editor_api.get("/api/v1/snapshots/no-such-snapshot"), 404, "not_found")
    assert_error(editor_api.get("/api/v1/journeys/no-such-journey/snapshots"), 404, "not_found")
    assert_error(editor_api.post("/api/v1/journeys/no-such-journey/snapshots", json={"label": "x"}), 404, "not_found")
