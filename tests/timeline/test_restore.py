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


def test_restoring_makes_the_live_map_equal_to_the_snapshot(editor, plant_map, add_quote):
    quote = add_quote("I kill every plant I touch", [plant_map.step("Search for easy plants")])
    may = take(editor, plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor, plant_map.step("Pay"), phase_id=plant_map.phase("Dream of a green home"), position=0,
               title="Pay by card", emotion=2, marker="heart")
    patch_step(editor, plant_map.step("Save pictures"), position=0)
    add_step(editor, plant_map.phase("Find plants that suit me"), title="Scan a plant", emotion=1)
    delete(editor, f"/api/v1/steps/{plant_map.step('Ask in the chat')}")
    patch_phase(editor, plant_map.id, plant_map.phase("Get the plants home"), title="Receive", position=0)
    add_phase(editor, plant_map.id, title="Care for the plants")
    patch_evidence(editor, "quotes", quote, text="Plants die on me", step_ids=[])
    ok(editor.patch(f"/api/v1/journeys/{plant_map.id}", json={"kind": "researched", "version": 1}))
    assert not _unchanged(editor, plant_map.id, may["id"])

    ok(editor.post(f"/api/v1/snapshots/{may['id']}/restore"))

    assert _unchanged(editor, plant_map.id, may["id"])
    restored, snapshot = live(editor, plant_map.id), frozen(editor, may["id"])
    assert _layout(restored) == _layout(snapshot)
    assert restored["kind"] == "hypothesis"
    pay = next(s for p in restored["phases"] for s in p["steps"] if s["id"] == plant_map.step("Pay"))
    assert (pay["title"], pay["emotion"], pay["marker"]) == ("Pay", 0, None)
    linked = ok(editor.get(f"/api/v1/steps/{plant_map.step('Search for easy plants')}/evidence"))["quotes"]
    assert [(q["id"], q["text"]) for q in linked] == [(quote, "I kill every plant I touch")]


def test_deleted_steps_and_phases_come_back_with_their_old_ids(editor, plant_map, add_quote):
    quote = add_quote("The box was soaked", [plant_map.step("Unpack the plants")])
    may = take(editor, plant_map.id, "May", as_of="2026-05-14")
    delete(editor, f"/api/v1/phases/{plant_map.phase('Get the plants home')}?cascade=true")
    assert editor.get(f"/api/v1/steps/{plant_map.step('Unpack the plants')}").status_code == 404

    ok(editor.post(f"/api/v1/snapshots/{may['id']}/restore"))

    unpack = ok(editor.get(f"/api/v1/steps/{plant_map.step('Unpack the plants')}"))
    assert (unpack["title"], unpack["phase_id"], unpack["emotion"], unpack["moment_of_truth"]["title"]) == (
        "Unpack the plants", plant_map.phase("Get the plants home"), -2, "Half-good quality!")
    assert [q["id"] for q in ok(editor.get(f"/api/v1/steps/{unpack['id']}/evidence"))["quotes"]] == [quote]
    life = ok(editor.get(f"/api/v1/steps/{unpack['id']}/history"))
    assert [c["action"] for c in life["changes"]] == ["create", "delete", "create"]
    assert life["changes"][-1]["new"]["phase_id"] == plant_map.phase("Get the plants home")
    assert _unchanged(editor, plant_map.id, may["id"])
    # the restored step is editable as usual
    assert patch_step(editor, unpack["id"], emotion=-1)["emotion"] == -1


def test_a_quote_deleted_since_comes_back(editor, plant_map, add_quote):
    quote = add_quote("The box was soaked", [plant_map.step("Unpack the plants")], participant="P09",
                      tags=["delivery"], source="Interview 9")
    may = take(editor, plant_map.id, "May", as_of="2026-05-14")
    delete(editor, f"/api/v1/quotes/{quote}?force=true")

    ok(editor.post(f"/api/v1/snapshots/{may['id']}/restore"))

    back = ok(editor.get(f"/api/v1/quotes/{quote}"))
    assert (back["text"], back["participant"], back["tags"], back["source"]) == (
        "The box was soaked", "P09", ["delivery"], "Interview 9")
    assert _unchanged(editor, plant_map.id, may["id"])


def test_a_safety_snapshot_keeps_the_live_map_that_was_on_no_snapshot(editor, plant_map):
    may = take(editor, plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor, plant_map.step("Pay"), title="Pay by card", emotion=2)
    add_step(editor, plant_map.phase("Dream of a green home"), title="Buy a first plant")

    result = ok(editor.post(f"/api/v1/snapshots/{may['id']}/restore"))

    safety = result["safety_snapshot"]
    assert safety is not None and result["journey_id"] == plant_map.id
    assert "May" in safety["label"] and safety["created_by"] == "Eddie Editor"
    assert [s["id"] for s in _timeline(editor, plant_map.id)] == [may["id"], safety["id"]]
    titles = {s["title"] for p in frozen(editor, safety["id"])["phases"] for s in p["steps"]}
    assert {"Pay by card", "Buy a first plant"} <= titles
    # nothing is lost: the work undone can be brought back
    ok(editor.post(f"/api/v1/snapshots/{safety['id']}/restore"))
    assert _unchanged(editor, plant_map.id, safety["id"])
    assert {s["title"] for p in live(editor, plant_map.id)["phases"] for s in p["steps"]} == titles


def test_no_safety_snapshot_when_the_live_map_is_already_on_the_timeline(editor, plant_map):
    may = take(editor, plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor, plant_map.step("Pay"), emotion=2)
    june = take(editor, plant_map.id, "June", as_of="2026-06-20")

    result = ok(editor.post(f"/api/v1/snapshots/{may['id']}/restore"))

    assert result["safety_snapshot"] is None
    assert [s["id"] for s in _timeline(editor, plant_map.id)] == [may["id"], june["id"]]
    assert _unchanged(editor, plant_map.id, may["id"])


def test_restoring_the_map_as_it_is_changes_nothing(editor, plant_map):
    may = take(editor, plant_map.id, "May", as_of="2026-05-14")
    log = ok(editor.get(f"/api/v1/journeys/{plant_map.id}/changes"))["total"]

    result = ok(editor.post(f"/api/v1/snapshots/{may['id']}/restore"))

    assert result["safety_snapshot"] is None
    assert ok(editor.get(f"/api/v1/journeys/{plant_map.id}/changes"))["total"] == log
    assert len(_timeline(editor, plant_map.id)) == 1


def test_snapshotting_right_after_a_restore_gives_the_restored_snapshots_content(editor, plant_map):
    may = take(editor, plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor, plant_map.step("Unpack the plants"), phase_id=plant_map.phase("Dream of a green home"))
    delete(editor, f"/api/v1/steps/{plant_map.step('Save pictures')}")
    ok(editor.post(f"/api/v1/snapshots/{may['id']}/restore"))

    again = take(editor, plant_map.id, "Back to May", as_of="2026-07-01")

    assert again["bytes_added"] == 0  # the very same objects as May's
    assert frozen(editor, again["id"])["phases"] == frozen(editor, may["id"])["phases"]


def test_viewers_and_other_workspaces_cannot_restore(viewer, outsider, editor, plant_map):
    may = take(editor, plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor, plant_map.step("Pay"), emotion=2)

    assert_error(viewer.post(f"/api/v1/snapshots/{may['id']}/restore"), 403, "forbidden")
    assert_error(outsider.post(f"/api/v1/snapshots/{may['id']}/restore"), 404, "not_found")
    assert_error(editor.post("/api/v1/snapshots/no-such-snapshot/restore"), 404, "not_found")
    assert ok(editor.get(f"/api/v1/steps/{plant_map.step('Pay')}"))["emotion"] == 2
    assert len(_timeline(editor, plant_map.id)) == 1
