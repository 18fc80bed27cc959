"""Comparing two states of a map: by stable ids, field by field, listing only what differs —
a moved-and-edited step is one change, never a removal plus an addition."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error
from tests.timeline.helpers import (
    add_phase,
    add_step,
    compare,
    compare_in,
    delete,
    patch_evidence,
    patch_phase,
    patch_step,
    step_entry,
    step_ids_in,
    take,
)


@pytest.fixture
def before(editor_api, full_plant_map) -> dict:
    """The plant map as snapshotted in May."""
    return take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")


def _after(editor_api, full_plant_map) -> dict:
    return take(editor_api, full_plant_map.id, "June", as_of="2026-06-20")


def test_an_edited_step_is_listed_field_by_field_from_old_to_new(editor_api, full_plant_map, before):
    search = full_plant_map.step("Search for easy plants")
    patch_step(editor_api, search, title="Find easy plants", touchpoint="Plant finder", emotion=1,
               channels=["Web", "App"], backstage={"systems": "Plant ID model"})

    diff = compare(editor_api, before["id"], _after(editor_api, full_plant_map)["id"])

    [entry] = diff["steps"]
    assert (entry["id"], entry["title"], entry["change"], entry["moved"]) == (
        search, "Find easy plants", "changed", False)
    assert entry["fields"] == {
        "title": {"old": "Search for easy plants", "new": "Find easy plants"},
        "touchpoint": {"old": "Web shop", "new": "Plant finder"},
        "channels": {"old": [], "new": ["Web", "App"]},
        "emotion": {"old": -1, "new": 1},
        "backstage": {"old": {"people": "", "policies": "", "systems": ""},
                      "new": {"people": "", "policies": "", "systems": "Plant ID model"}},
    }
    assert entry["emotion_delta"] == 2
    assert entry["from_phase_id"] == entry["to_phase_id"] == full_plant_map.phase("Find plants that suit me")
    assert diff["phases"] == [] and diff["journey"]["fields"] == {}
    assert diff["summary"]["steps"] == {"added": 0, "removed": 0, "changed": 1, "relinked": 0, "moved": 0, "before": 6, "after": 6}


def test_a_step_moved_to_another_phase_and_edited_is_one_change(editor_api, full_plant_map, before):
    pay = full_plant_map.step("Pay")
    patch_step(editor_api, pay, phase_id=full_plant_map.phase("Dream of a green home"), position=0, emotion=1)

    diff = compare(editor_api, before["id"], _after(editor_api, full_plant_map)["id"])

    [entry] = diff["steps"]  # its old and new neighbours moved only as a consequence: not listed
    assert (entry["id"], entry["change"], entry["moved"]) == (pay, "changed", True)
    assert (entry["from_phase_id"], entry["to_phase_id"]) == (
        full_plant_map.phase("Get the plants home"), full_plant_map.phase("Dream of a green home"))
    assert entry["fields"] == {"emotion": {"old": 0, "new": 1}}
    assert diff["summary"]["steps"] == {"added": 0, "removed": 0, "changed": 1, "relinked": 0, "moved": 1, "before": 6, "after": 6}


def test_a_step_moved_without_edits_is_listed_as_moved(editor_api, full_plant_map, before):
    chat = full_plant_map.step("Ask in the chat")
    patch_step(editor_api, chat, phase_id=full_plant_map.phase("Get the plants home"))

    [entry] = compare(editor_api, before["id"], _after(editor_api, full_plant_map)["id"])["steps"]

    assert (entry["id"], entry["change"], entry["moved"], entry["fields"]) == (chat, "moved", True, {})
    assert entry["to_phase_id"] == full_plant_map.phase("Get the plants home")
    assert entry["emotion_delta"] == 0


@pytest.mark.parametrize("moved, position, order", [
    ("E", 0, "EABCD"), ("A", 4, "BCDEA"), ("B", 3, "ACDBE"), ("D", 1, "ADBCE"),
])
def test_reordering_within_a_phase_marks_only_the_step_that_moved(editor_api, make_map, moved, position, order):
    built = make_map({"Find plants that suit me": list("ABCDE")})
    first = take(editor_api, built.id, "Before", as_of="2026-05-01")
    patch_step(editor_api, built.step(moved), position=position)
    second = take(editor_api, built.id, "After", as_of="2026-05-02")

    diff = compare(editor_api, first["id"], second["id"])

    [entry] = diff["steps"]
    assert (entry["id"], entry["title"], entry["change"], entry["moved"]) == (built.step(moved), moved, "moved", True)
    assert entry["from_phase_id"] == entry["to_phase_id"]
    snapshot_order = [s["title"] for s in editor_api.get(f"/api/v1/snapshots/{second['id']}").json["phases"][0]["steps"]]
    assert "".join(snapshot_order) == order


def test_added_and_removed_steps_with_their_markers_and_moments_of_truth(editor_api, full_plant_map, before):
    new = add_step(editor_api, full_plant_map.phase("Get the plants home"), title="See new leaves", emotion=2, marker="heart",
                   moment_of_truth={"title": "It grows!", "description": ""})
    delete(editor_api, f"/api/v1/steps/{full_plant_map.step('Unpack the plants')}")

    diff = compare(editor_api, before["id"], _after(editor_api, full_plant_map)["id"])

    assert {(s["id"], s["change"]) for s in diff["steps"]} == {
        (new["id"], "added"), (full_plant_map.step("Unpack the plants"), "removed")}
    added = step_entry(diff, new["id"])
    assert (added["title"], added["to_phase_id"], added["from_phase_id"]) == (
        "See new leaves", full_plant_map.phase("Get the plants home"), None)
    removed = step_entry(diff, full_plant_map.step("Unpack the plants"))
    assert (removed["title"], removed["from_phase_id"], removed["to_phase_id"]) == (
        "Unpack the plants", full_plant_map.phase("Get the plants home"), None)
    summary = diff["summary"]
    assert summary["steps"] == {"added": 1, "removed": 1, "changed": 0, "relinked": 0, "moved": 0, "before": 6, "after": 6}
    assert summary["hearts"] == {"gained": [new["id"]], "lost": []}
    assert summary["thunderclouds"] == {"gained": [], "lost": [full_plant_map.step("Unpack the plants")]}
    assert summary["moments_of_truth"] == {"gained": [new["id"]], "lost": [full_plant_map.step("Unpack the plants")]}


def test_markers_and_moments_of_truth_gained_and_lost(editor_api, full_plant_map, before):
    patch_step(editor_api, full_plant_map.step("See plants at a friend's"), marker="none")
    patch_step(editor_api, full_plant_map.step("Save pictures"), marker="thundercloud")
    patch_step(editor_api, full_plant_map.step("Ask in the chat"), marker="heart")
    patch_step(editor_api, full_plant_map.step("Unpack the plants"), marker="heart", moment_of_truth=None)
    patch_step(editor_api, full_plant_map.step("Pay"), moment_of_truth={"title": "Shipping costs!", "description": ""})

    diff = compare(editor_api, before["id"], _after(editor_api, full_plant_map)["id"])

    summary = diff["summary"]
    assert sorted(summary["hearts"]["gained"]) == sorted([full_plant_map.step("Ask in the chat"),
                                                          full_plant_map.step("Unpack the plants")])
    assert summary["hearts"]["lost"] == [full_plant_map.step("See plants at a friend's")]
    assert summary["thunderclouds"] == {"gained": [full_plant_map.step("Save pictures")],
                                        "lost": [full_plant_map.step("Unpack the plants")]}
    assert summary["moments_of_truth"] == {"gained": [full_plant_map.step("Pay")],
                                           "lost": [full_plant_map.step("Unpack the plants")]}
    assert step_entry(diff, full_plant_map.step("Unpack the plants"))["fields"] == {
        "marker": {"old": "thundercloud", "new": "heart"},
        "moment_of_truth": {"old": {"title": "Half-good quality!", "description": "Decides it"}, "new": None}}


def test_evidence_linked_and_unlinked(editor_api, full_plant_map, add_quote, session, team):
    search, chat = full_plant_map.step("Search for easy plants"), full_plant_map.step("Ask in the chat")
    kept = add_quote("I kill every plant I touch", [search])
    moved_quote = add_quote("The chat answered in a minute", [search])
    first = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_evidence(editor_api, "quotes", moved_quote, step_ids=[chat])
    fresh = add_quote("Nobody told me about the light", [chat], participant="P02")
    job = editor_api.post("/api/v1/workspaces/alpha/jobs", json={
        "situation": "my flat is dark", "motivation": "find plants that survive", "outcome": "feel at home",
        "phase_ids": [full_plant_map.phase("Find plants that suit me")]}).json

    diff = compare(editor_api, first["id"], _after(editor_api, full_plant_map)["id"])

    assert step_ids_in(diff) == {search, chat}
    assert step_entry(diff, search)["evidence"] == {"quotes": {"linked": [], "unlinked": [moved_quote]}}
    assert step_entry(diff, chat)["evidence"] == {"quotes": {"linked": sorted([moved_quote, fresh]), "unlinked": []}}
    assert {step_entry(diff, s)["change"] for s in (search, chat)} == {"relinked"}  # the steps themselves did not change
    assert (diff["summary"]["steps"]["changed"], diff["summary"]["steps"]["relinked"]) == (0, 2)
    assert step_entry(diff, search)["fields"] == {}
    [phase] = diff["phases"]
    assert (phase["id"], phase["change"], phase["evidence"]) == (
        full_plant_map.phase("Find plants that suit me"), "changed", {"jobs": {"linked": [job["id"]], "unlinked": []}})
    assert diff["summary"]["evidence"]["quotes"] == {"linked": 2, "unlinked": 1, "changed": 0}
    assert diff["summary"]["evidence"]["jobs"] == {"linked": 1, "unlinked": 0, "changed": 0}
    assert kept not in str(diff["steps"])


def test_a_reworded_quote_is_listed_with_its_old_and_new_text(editor_api, full_plant_map, add_quote):
    quote = add_quote("I kill every plant I touch", [full_plant_map.step("Search for easy plants")])
    first = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_evidence(editor_api, "quotes", quote, text="I kill most plants I touch", tags=["light"])

    diff = compare(editor_api, first["id"], _after(editor_api, full_plant_map)["id"])

    assert diff["steps"] == []  # the step still cites the same quote
    assert diff["evidence"] == [{"kind": "quotes", "id": quote, "change": "changed", "fields": {
        "text": {"old": "I kill every plant I touch", "new": "I kill most plants I touch"},
        "tags": {"old": [], "new": ["light"]}}}]
    assert diff["summary"]["evidence"]["quotes"]["changed"] == 1


def test_mean_emotion_before_and_after_and_the_steps_that_moved_most(editor_api, full_plant_map, before):
    patch_step(editor_api, full_plant_map.step("Unpack the plants"), emotion=1)       # +3
    patch_step(editor_api, full_plant_map.step("Search for easy plants"), emotion=-2)  # -1
    patch_step(editor_api, full_plant_map.step("Save pictures"), emotion=2)            # +1
    patch_step(editor_api, full_plant_map.step("Pay"), emotion=None)                   # unscored now

    diff = compare(editor_api, before["id"], _after(editor_api, full_plant_map)["id"])

    assert diff["summary"]["mean_emotion"] == {"before": 0.0, "after": 0.6}  # (2+2-2+0+1)/5
    assert [(s["title"], s["emotion_delta"]) for s in diff["summary"]["biggest_emotion_changes"]] == [
        ("Unpack the plants", 3), ("Save pictures", 1), ("Search for easy plants", -1)]
    pay = step_entry(diff, full_plant_map.step("Pay"))
    assert (pay["emotion_delta"], pay["fields"]) == (None, {"emotion": {"old": 0, "new": None}})


def test_phases_added_removed_renamed_and_moved(editor_api, make_map):
    built = make_map({"One": ["a"], "Two": ["b"], "Three": ["c"], "Four": ["d"]})
    first = take(editor_api, built.id, "Before", as_of="2026-05-01")
    patch_phase(editor_api, built.id, built.phase("Two"), title="Two, in the customer's words", goal="Feel safe")
    delete(editor_api, f"/api/v1/phases/{built.phase('Three')}?cascade=true")
    five = add_phase(editor_api, built.id, title="Five")
    patch_phase(editor_api, built.id, built.phase("Four"), position=0)
    second = take(editor_api, built.id, "After", as_of="2026-05-02")

    diff = compare(editor_api, first["id"], second["id"])

    phases = {p["id"]: p for p in diff["phases"]}
    assert set(phases) == {built.phase("Two"), built.phase("Three"), built.phase("Four"), five["id"]}
    assert phases[built.phase("Two")]["change"] == "changed" and not phases[built.phase("Two")]["moved"]
    assert phases[built.phase("Two")]["fields"] == {
        "title": {"old": "Two", "new": "Two, in the customer's words"}, "goal": {"old": "", "new": "Feel safe"}}
    assert (phases[built.phase("Three")]["change"], phases[built.phase("Three")]["title"]) == ("removed", "Three")
    assert (phases[built.phase("Four")]["change"], phases[built.phase("Four")]["moved"]) == ("moved", True)
    assert (phases[five["id"]]["change"], phases[five["id"]]["title"]) == ("added", "Five")
    assert [(s["title"], s["change"]) for s in diff["steps"]] == [("c", "removed")]
    assert diff["summary"]["phases"] == {"added": 1, "removed": 1, "changed": 1, "moved": 1}


def test_journey_fields_are_compared_too(editor_api, full_plant_map, before):
    editor_api.patch(f"/api/v1/journeys/{full_plant_map.id}", json={"kind": "researched", "persona": "First-time owner",
                                                            "version": 1})

    diff = compare(editor_api, before["id"], _after(editor_api, full_plant_map)["id"])

    assert diff["journey"]["fields"] == {"kind": {"old": "hypothesis", "new": "researched"},
                                         "persona": {"old": "", "new": "First-time owner"}}
    assert diff["steps"] == [] and diff["phases"] == []


def test_comparing_a_snapshot_with_itself_or_an_identical_one_shows_nothing(editor_api, full_plant_map, before):
    again = take(editor_api, full_plant_map.id, "Still true", as_of="2026-06-20")

    for diff in (compare(editor_api, before["id"], before["id"]), compare(editor_api, before["id"], again["id"])):
        assert (diff["steps"], diff["phases"], diff["evidence"], diff["journey"]["fields"]) == ([], [], [], {})
        assert diff["summary"]["steps"] == {"added": 0, "removed": 0, "changed": 0, "relinked": 0, "moved": 0,
                                            "before": 6, "after": 6}
        assert diff["summary"]["biggest_emotion_changes"] == []


def test_the_live_map_can_be_either_side(viewer_api, editor_api, full_plant_map, before):
    new = add_step(editor_api, full_plant_map.phase("Dream of a green home"), title="Buy a first plant", emotion=1)
    patch_step(editor_api, full_plant_map.step("Pay"), title="Pay by card")

    forward = compare_in(viewer_api, full_plant_map.id, before["id"], "live")
    backward = compare_in(viewer_api, full_plant_map.id, "live", before["id"])
    nothing = compare_in(viewer_api, full_plant_map.id, "live", "live")

    assert (forward["from"]["id"], forward["from"]["label"], forward["from"]["as_of"]) == (
        before["id"], "May", "2026-05-14")
    assert (forward["to"]["kind"], forward["to"]["id"]) == ("live", "live")
    assert {(s["id"], s["change"]) for s in forward["steps"]} == {(new["id"], "added"),
                                                                  (full_plant_map.step("Pay"), "changed")}
    assert {(s["id"], s["change"]) for s in backward["steps"]} == {(new["id"], "removed"),
                                                                   (full_plant_map.step("Pay"), "changed")}
    assert step_entry(backward, full_plant_map.step("Pay"))["fields"] == {"title": {"old": "Pay by card", "new": "Pay"}}
    assert nothing["steps"] == [] and nothing["phases"] == []


def test_the_two_compare_routes_agree(editor_api, full_plant_map, before):
    patch_step(editor_api, full_plant_map.step("Pay"), phase_id=full_plant_map.phase("Dream of a green home"), emotion=-1)
    after = _after(editor_api, full_plant_map)

    by_snapshots = compare(editor_api, before["id"], after["id"])
    by_journey = compare_in(editor_api, full_plant_map.id, before["id"], after["id"])

    assert by_snapshots == by_journey


def test_another_workspace_cannot_compare_or_be_compared_with(editor_api, outsider_api, full_plant_map, before, make_map):
    theirs = make_map({"Hitta växter": ["Söka"]}, title="Skapa ett frodande hem", slug="beta")
    their_snapshot = take(outsider_api, theirs.id, "Maj", as_of="2026-05-14")
    ours = _after(editor_api, full_plant_map)

    assert_error(editor_api.get(f"/api/v1/snapshots/{before['id']}/compare/{their_snapshot['id']}"), 404, "not_found")
    assert_error(editor_api.get(f"/api/v1/snapshots/{their_snapshot['id']}/compare/{before['id']}"), 404, "not_found")
    assert_error(outsider_api.get(f"/api/v1/snapshots/{before['id']}/compare/{ours['id']}"), 404, "not_found")
    assert_error(outsider_api.get(f"/api/v1/journeys/{full_plant_map.id}/compare?from={before['id']}&to=live"), 404)
    assert_error(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/compare?from={their_snapshot['id']}&to=live"), 404)
    assert_error(outsider_api.get(f"/api/v1/journeys/{theirs.id}/compare?from={before['id']}&to=live"), 404)


@pytest.mark.parametrize("path, status", [
    ("/api/v1/snapshots/{a}/compare/no-such-snapshot", 404),
    ("/api/v1/snapshots/no-such-snapshot/compare/{a}", 404),
    ("/api/v1/journeys/{j}/compare?from={a}&to=no-such-snapshot", 404),
    ("/api/v1/journeys/no-such-journey/compare?from={a}&to=live", 404),
    ("/api/v1/snapshots/{a}/compare/live", 422),  # "live" needs a journey
    ("/api/v1/journeys/{j}/compare?from={a}", 422),
    ("/api/v1/journeys/{j}/compare?to=live", 422),
    ("/api/v1/journeys/{j}/compare?from={a}&to=" + "x" * 65, 422),
    ("/api/v1/journeys/{j}/compare?from={other}&to=live", 422),  # a snapshot of another journey
])
def test_bad_references_are_refused_with_a_clear_error(editor_api, full_plant_map, make_map, before, path, status):
    other = make_map({"Elsewhere": ["x"]}, title="Another journey")
    other_snapshot = take(editor_api, other.id, "Other", as_of="2026-05-14")

    response = editor_api.get(path.format(a=before["id"], j=full_plant_map.id, other=other_snapshot["id"]))

    assert_error(response, status)
