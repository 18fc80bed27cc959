"""Restoring a snapshot makes the live map equal to it — with the old ids of whatever had been
deleted — after a safety snapshot of the live map if that state is not on the timeline yet.
Nothing is lost either way."""

from __future__ import annotations

from tests.api.helpers import assert_error
from tests.timeline.helpers import (
    add_phase,
    add_step,
    compare_in,
    delete,
    frozen,
    live,
    ok,
    patch_evidence,
    patch_phase,
    patch_step,
    take,
)


def _layout(body: dict) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(p["id"], p["title"], [(s["id"], s["title"]) for s in p["steps"]]) for p in body["phases"]]


def _unchanged(api, journey_id: str, snapshot_id: str) -> bool:
    diff = compare_in(api, journey_id, snapshot_id, "live")
    return (diff["steps"], diff["phases"], diff["evidence"], diff["journey"]["fields"]) == ([], [], [], {})


def _timeline(api, journey_id: str) -> list[dict]:
    return ok(api.get(f"/api/v1/journeys/{journey_id}/snapshots"))["items"]


def test_restoring_makes_the_live_map_equal_to_the_snapshot(editor_api, full_plant_map, add_quote):
    quote = add_quote("I kill every plant I touch", [full_plant_map.step("Search for easy plants")])
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Pay"), phase_id=full_plant_map.phase("Dream of a green home"), position=0,
               title="Pay by card", emotion=2, marker="heart")
    patch_step(editor_api, full_plant_map.step("Save pictures"), position=0)
    add_step(editor_api, full_plant_map.phase("Find plants that suit me"), title="Scan a plant", emotion=1)
    delete(editor_api, f"/api/v1/steps/{full_plant_map.step('Ask in the chat')}")
    patch_phase(editor_api, full_plant_map.id, full_plant_map.phase("Get the plants home"), title="Receive", position=0)
    add_phase(editor_api, full_plant_map.id, title="Care for the plants")
    patch_evidence(editor_api, "quotes", quote, text="Plants die on me", step_ids=[])
    ok(editor_api.patch(f"/api/v1/journeys/{full_plant_map.id}", json={"kind": "researched", "version": 1}))
    assert not _unchanged(editor_api, full_plant_map.id, may["id"])

    ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    assert _unchanged(editor_api, full_plant_map.id, may["id"])
    restored, snapshot = live(editor_api, full_plant_map.id), frozen(editor_api, may["id"])
    assert _layout(restored) == _layout(snapshot)
    assert restored["kind"] == "hypothesis"
    pay = next(s for p in restored["phases"] for s in p["steps"] if s["id"] == full_plant_map.step("Pay"))
    assert (pay["title"], pay["emotion"], pay["marker"]) == ("Pay", 0, None)
    linked = ok(editor_api.get(f"/api/v1/steps/{full_plant_map.step('Search for easy plants')}/evidence"))["quotes"]
    assert [(q["id"], q["text"]) for q in linked] == [(quote, "I kill every plant I touch")]


def test_deleted_steps_and_phases_come_back_with_their_old_ids(editor_api, full_plant_map, add_quote):
    quote = add_quote("The box was soaked", [full_plant_map.step("Unpack the plants")])
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    delete(editor_api, f"/api/v1/phases/{full_plant_map.phase('Get the plants home')}?cascade=true")
    assert editor_api.get(f"/api/v1/steps/{full_plant_map.step('Unpack the plants')}").status_code == 404

    ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    unpack = ok(editor_api.get(f"/api/v1/steps/{full_plant_map.step('Unpack the plants')}"))
    assert (unpack["title"], unpack["phase_id"], unpack["emotion"], unpack["moment_of_truth"]["title"]) == (
        "Unpack the plants", full_plant_map.phase("Get the plants home"), -2, "Half-good quality!")
    assert [q["id"] for q in ok(editor_api.get(f"/api/v1/steps/{unpack['id']}/evidence"))["quotes"]] == [quote]
    life = ok(editor_api.get(f"/api/v1/steps/{unpack['id']}/history"))
    assert [c["action"] for c in life["changes"]] == ["create", "delete", "create"]
    assert life["changes"][-1]["new"]["phase_id"] == full_plant_map.phase("Get the plants home")
    assert _unchanged(editor_api, full_plant_map.id, may["id"])
    # the restored step is editable as usual
    assert patch_step(editor_api, unpack["id"], emotion=-1)["emotion"] == -1


def test_a_quote_deleted_since_comes_back(editor_api, full_plant_map, add_quote):
    quote = add_quote("The box was soaked", [full_plant_map.step("Unpack the plants")], participant="P09",
                      tags=["delivery"], source="Interview 9")
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    delete(editor_api, f"/api/v1/quotes/{quote}?force=true")

    ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    back = ok(editor_api.get(f"/api/v1/quotes/{quote}"))
    assert (back["text"], back["participant"], back["tags"], back["source"]) == (
        "The box was soaked", "P09", ["delivery"], "Interview 9")
    assert _unchanged(editor_api, full_plant_map.id, may["id"])


def test_a_safety_snapshot_keeps_the_live_map_that_was_on_no_snapshot(editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Pay"), title="Pay by card", emotion=2)
    add_step(editor_api, full_plant_map.phase("Dream of a green home"), title="Buy a first plant")

    result = ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    safety = result["safety_snapshot"]
    assert safety is not None and result["journey_id"] == full_plant_map.id
    assert "May" in safety["label"] and safety["created_by"] == "Eddie Editor"
    assert [s["id"] for s in _timeline(editor_api, full_plant_map.id)] == [may["id"], safety["id"]]
    titles = {s["title"] for p in frozen(editor_api, safety["id"])["phases"] for s in p["steps"]}
    assert {"Pay by card", "Buy a first plant"} <= titles
    # nothing is lost: the work undone can be brought back
    ok(editor_api.post(f"/api/v1/snapshots/{safety['id']}/restore"))
    assert _unchanged(editor_api, full_plant_map.id, safety["id"])
    assert {s["title"] for p in live(editor_api, full_plant_map.id)["phases"] for s in p["steps"]} == titles


def test_no_safety_snapshot_when_the_live_map_is_already_on_the_timeline(editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Pay"), emotion=2)
    june = take(editor_api, full_plant_map.id, "June", as_of="2026-06-20")

    result = ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    assert result["safety_snapshot"] is None
    assert [s["id"] for s in _timeline(editor_api, full_plant_map.id)] == [may["id"], june["id"]]
    assert _unchanged(editor_api, full_plant_map.id, may["id"])


def test_restoring_the_map_as_it_is_changes_nothing(editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    log = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes"))["total"]

    result = ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    assert result["safety_snapshot"] is None
    assert ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes"))["total"] == log
    assert len(_timeline(editor_api, full_plant_map.id)) == 1


def test_snapshotting_right_after_a_restore_gives_the_restored_snapshots_content(editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Unpack the plants"), phase_id=full_plant_map.phase("Dream of a green home"))
    delete(editor_api, f"/api/v1/steps/{full_plant_map.step('Save pictures')}")
    ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    again = take(editor_api, full_plant_map.id, "Back to May", as_of="2026-07-01")

    assert again["bytes_added"] == 0  # the very same objects as May's
    assert frozen(editor_api, again["id"])["phases"] == frozen(editor_api, may["id"])["phases"]


def test_viewers_and_other_workspaces_cannot_restore(viewer_api, outsider_api, editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Pay"), emotion=2)

    assert_error(viewer_api.post(f"/api/v1/snapshots/{may['id']}/restore"), 403, "forbidden")
    assert_error(outsider_api.post(f"/api/v1/snapshots/{may['id']}/restore"), 404, "not_found")
    assert_error(editor_api.post("/api/v1/snapshots/no-such-snapshot/restore"), 404, "not_found")
    assert ok(editor_api.get(f"/api/v1/steps/{full_plant_map.step('Pay')}"))["emotion"] == 2
    assert len(_timeline(editor_api, full_plant_map.id)) == 1
