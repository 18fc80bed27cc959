"""Undo through the change log (POST /api/v1/journeys/{id}/undo): the caller's latest action on the
map comes back as it was — a deleted step with its id, its place and its links — once, logged, and
never over someone else's later change."""

from __future__ import annotations

import pytest

from tests.timeline.helpers import add_step, live, ok, patch_step


def _undo(api, journey_id: str, status: int = 200) -> dict:
    return ok(api.post(f"/api/v1/journeys/{journey_id}/undo"), status)


def _titles(api, journey_id: str) -> list[list[str]]:
    return [[s["title"] for s in p["steps"]] for p in live(api, journey_id)["phases"]]


def _step(api, journey_id: str, step_id: str) -> dict | None:
    return next((s for p in live(api, journey_id)["phases"] for s in p["steps"] if s["id"] == step_id), None)


@pytest.fixture
def trial(editor_api, full_plant_map) -> dict:
    return ok(editor_api.post("/api/v1/workspaces/alpha/experiments", json={
        "title": "Video call before packing", "step_ids": [full_plant_map.step("Unpack the plants")],
        "metric": {"name": "complaints", "kind": "proportion", "direction": "decrease"}}), 201)


def test_nothing_to_undo_is_a_409_that_says_so(editor_api, full_plant_map):
    body = _undo(editor_api, full_plant_map.id, 409)
    assert body["error"]["code"] == "conflict"
    assert body["error"]["details"]["reason"] == "nothing_to_undo"
    assert "Nothing to undo" in body["error"]["message"]


def test_a_deleted_step_comes_back_with_its_id_place_evidence_and_experiments(editor_api, full_plant_map, add_quote, trial):
    unpack = full_plant_map.step("Unpack the plants")
    quote = add_quote("Half the leaves were brown.", [unpack, full_plant_map.step("Pay")])
    before = _titles(editor_api, full_plant_map.id)
    assert editor_api.delete(f"/api/v1/steps/{unpack}").status_code == 204
    assert _step(editor_api, full_plant_map.id, unpack) is None

    undone = _undo(editor_api, full_plant_map.id)

    [restored] = undone["restored_steps"]
    assert restored["id"] == unpack and restored["quote_ids"] == [quote] and restored["experiment_ids"] == [trial["id"]]
    assert "Unpack the plants" in undone["summary"]
    assert _titles(editor_api, full_plant_map.id) == before
    step = _step(editor_api, full_plant_map.id, unpack)
    assert (step["marker"], step["emotion"], step["moment_of_truth"]["title"]) == ("thundercloud", -2,
                                                                                    "Half-good quality!")
    assert unpack in ok(editor_api.get(f"/api/v1/quotes/{quote}"))["step_ids"]
    assert full_plant_map.step("Pay") in ok(editor_api.get(f"/api/v1/quotes/{quote}"))["step_ids"]
    assert ok(editor_api.get(f"/api/v1/experiments/{trial['id']}"))["step_ids"] == [unpack]


def test_one_undo_takes_back_one_action_and_the_next_the_one_before(editor_api, full_plant_map):
    pay = full_plant_map.step("Pay")
    patch_step(editor_api, pay, title="Pay by card")
    patch_step(editor_api, pay, title="Pay by invoice", emotion=-1)
    first = _undo(editor_api, full_plant_map.id)
    assert {(c["field"], c["old"], c["new"]) for c in first["changes"]} == {
        ("title", "Pay by card", "Pay by invoice"), ("emotion", 0, -1)}
    assert (_step(editor_api, full_plant_map.id, pay)["title"], _step(editor_api, full_plant_map.id, pay)["emotion"]) == ("Pay by card", 0)
    _undo(editor_api, full_plant_map.id)
    assert _step(editor_api, full_plant_map.id, pay)["title"] == "Pay"
    # the map's creation was someone else's: nothing more of the editor's to undo
    assert _undo(editor_api, full_plant_map.id, 409)["error"]["details"]["reason"] == "nothing_to_undo"


def test_an_undo_is_logged_and_not_undone_again(editor_api, full_plant_map):
    pay = full_plant_map.step("Pay")
    patch_step(editor_api, pay, title="Pay by card")
    _undo(editor_api, full_plant_map.id)
    log = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?entity_id={pay}"))["items"]
    assert [(c["field"], c["old"], c["new"]) for c in log[:2]] == [("title", "Pay by card", "Pay"),
                                                                  ("title", "Pay", "Pay by card")]
    assert log[0]["why"].startswith("Undid:")
    _undo(editor_api, full_plant_map.id, 409)  # neither the edit (undone) nor the undo itself
    assert _step(editor_api, full_plant_map.id, pay)["title"] == "Pay"


def test_an_added_step_is_taken_away(editor_api, full_plant_map):
    phase = full_plant_map.phase("Get the plants home")
    added = add_step(editor_api, phase, title="Water them", position=1)
    _undo(editor_api, full_plant_map.id)
    assert _step(editor_api, full_plant_map.id, added["id"]) is None
    assert _titles(editor_api, full_plant_map.id)[2] == ["Pay", "Unpack the plants"]


def test_a_move_goes_back_to_its_phase_and_place(editor_api, full_plant_map):
    pay = full_plant_map.step("Pay")
    version = ok(editor_api.get(f"/api/v1/steps/{pay}"))["version"]
    ok(editor_api.patch(f"/api/v1/steps/{pay}", json={"phase_id": full_plant_map.phase("Dream of a green home"),
                                                   "position": 0, "version": version}))
    before_undo = _titles(editor_api, full_plant_map.id)
    assert before_undo[0][0] == "Pay"
    _undo(editor_api, full_plant_map.id)
    assert _titles(editor_api, full_plant_map.id)[2] == ["Pay", "Unpack the plants"]
    assert "Pay" not in _titles(editor_api, full_plant_map.id)[0]


def test_a_deleted_phase_comes_back_with_its_steps(editor_api, full_plant_map):
    before = _titles(editor_api, full_plant_map.id)
    phase = full_plant_map.phase("Find plants that suit me")
    assert editor_api.delete(f"/api/v1/phases/{phase}?cascade=true").status_code == 204
    _undo(editor_api, full_plant_map.id)
    assert _titles(editor_api, full_plant_map.id) == before
    assert [p["id"] for p in live(editor_api, full_plant_map.id)["phases"]][1] == phase


def test_someone_elses_later_change_of_the_same_thing_is_a_409_naming_it(editor_api, admin_api, full_plant_map):
    pay = full_plant_map.step("Pay")
    patch_step(editor_api, pay, title="Pay by card")
    patch_step(admin_api, pay, title="Pay with Swish")
    body = _undo(editor_api, full_plant_map.id, 409)
    assert body["error"]["details"]["reason"] == "changed_since"
    assert "changed title of" in body["error"]["message"] and "the step" in body["error"]["message"]
    assert _step(editor_api, full_plant_map.id, pay)["title"] == "Pay with Swish"  # nothing changed


def test_a_change_of_another_field_does_not_stand_in_the_way(editor_api, admin_api, full_plant_map):
    pay = full_plant_map.step("Pay")
    patch_step(editor_api, pay, title="Pay by card")
    patch_step(admin_api, pay, emotion=1)
    _undo(editor_api, full_plant_map.id)
    step = _step(editor_api, full_plant_map.id, pay)
    assert (step["title"], step["emotion"]) == ("Pay", 1)


def test_undo_takes_back_only_the_callers_own_changes(editor_api, admin_api, full_plant_map):
    patch_step(admin_api, full_plant_map.step("Pay"), title="Pay by card")
    _undo(editor_api, full_plant_map.id, 409)
    assert _step(editor_api, full_plant_map.id, full_plant_map.step("Pay"))["title"] == "Pay by card"


def test_a_viewer_may_not_undo_and_an_outsider_finds_no_map(viewer_api, outsider_api, full_plant_map):
    assert viewer_api.post(f"/api/v1/journeys/{full_plant_map.id}/undo").status_code == 403
    assert outsider_api.post(f"/api/v1/journeys/{full_plant_map.id}/undo").status_code == 404



def test_a_quote_deleted_since_does_not_hold_the_step_back(editor_api, full_plant_map, add_quote):
    unpack = full_plant_map.step("Unpack the plants")
    kept, gone = add_quote("Half the leaves were brown.", [unpack]), add_quote("The box was wet.", [unpack])
    assert editor_api.delete(f"/api/v1/steps/{unpack}").status_code == 204
    assert editor_api.delete(f"/api/v1/quotes/{gone}?force=true").status_code == 204
    # the quote's deletion is the editor's latest action, but not on the map: the step's deletion is undone
    [restored] = _undo(editor_api, full_plant_map.id)["restored_steps"]
    assert restored["quote_ids"] == [kept]


# ---- redo: the user's latest undo taken back (POST /api/v1/journeys/{id}/redo) ------------------

def _redo(api, journey_id: str, status: int = 200) -> dict:
    return ok(api.post(f"/api/v1/journeys/{journey_id}/redo"), status)


def test_nothing_to_redo_is_a_409_that_says_so(editor_api, full_plant_map):
    body = _redo(editor_api, full_plant_map.id, 409)
    assert body["error"]["details"]["reason"] == "nothing_to_redo"
    assert "Nothing to redo" in body["error"]["message"]


def test_redo_makes_the_undone_edit_again_logged_and_undo_takes_it_back_again(editor_api, full_plant_map):
    pay = full_plant_map.step("Pay")
    patch_step(editor_api, pay, title="Pay by card")
    _undo(editor_api, full_plant_map.id)

    redone = _redo(editor_api, full_plant_map.id)

    assert redone["summary"] == "changed title of a step"
    assert _step(editor_api, full_plant_map.id, pay)["title"] == "Pay by card"
    log = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?entity_id={pay}"))["items"]
    assert (log[0]["old"], log[0]["new"]) == ("Pay", "Pay by card") and log[0]["why"] == "Redid: changed title of a step"
    assert _redo(editor_api, full_plant_map.id, 409)["error"]["details"]["reason"] == "nothing_to_redo"  # once
    _undo(editor_api, full_plant_map.id)  # a redo is an action like any other
    assert _step(editor_api, full_plant_map.id, pay)["title"] == "Pay"
    _redo(editor_api, full_plant_map.id)
    assert _step(editor_api, full_plant_map.id, pay)["title"] == "Pay by card"


def test_redo_walks_forward_through_several_undos_newest_first(editor_api, full_plant_map):
    pay = full_plant_map.step("Pay")
    patch_step(editor_api, pay, title="Pay by card")
    patch_step(editor_api, pay, emotion=-1)
    _undo(editor_api, full_plant_map.id)
    _undo(editor_api, full_plant_map.id)
    assert (_step(editor_api, full_plant_map.id, pay)["title"], _step(editor_api, full_plant_map.id, pay)["emotion"]) == ("Pay", 0)
    _redo(editor_api, full_plant_map.id)
    assert (_step(editor_api, full_plant_map.id, pay)["title"], _step(editor_api, full_plant_map.id, pay)["emotion"]) == ("Pay by card", 0)
    _redo(editor_api, full_plant_map.id)
    assert _step(editor_api, full_plant_map.id, pay)["emotion"] == -1
    _redo(editor_api, full_plant_map.id, 409)


def test_a_redone_step_deletion_deletes_the_step_again(editor_api, full_plant_map, add_quote):
    unpack = full_plant_map.step("Unpack the plants")
    quote = add_quote("Half the leaves were brown.", [unpack])
    assert editor_api.delete(f"/api/v1/steps/{unpack}").status_code == 204
    _undo(editor_api, full_plant_map.id)
    assert unpack in ok(editor_api.get(f"/api/v1/quotes/{quote}"))["step_ids"]

    redone = _redo(editor_api, full_plant_map.id)

    assert redone["summary"] == "deleted the step “Unpack the plants”" and redone["restored_steps"] == []
    assert _step(editor_api, full_plant_map.id, unpack) is None
    assert ok(editor_api.get(f"/api/v1/quotes/{quote}"))["step_ids"] == []
    [restored] = _undo(editor_api, full_plant_map.id)["restored_steps"]  # and back once more, links and all
    assert restored["id"] == unpack and restored["quote_ids"] == [quote]


def test_a_redone_step_addition_brings_the_step_back_with_its_id(editor_api, full_plant_map):
    added = add_step(editor_api, full_plant_map.phase("Get the plants home"), title="Water them", position=1)
    _undo(editor_api, full_plant_map.id)
    [back] = _redo(editor_api, full_plant_map.id)["restored_steps"]
    assert (back["id"], back["title"], back["position"]) == (added["id"], "Water them", 1)
    assert _titles(editor_api, full_plant_map.id)[2] == ["Pay", "Water them", "Unpack the plants"]


def test_a_new_change_after_an_undo_ends_the_chance_to_redo(editor_api, full_plant_map):
    pay, unpack = full_plant_map.step("Pay"), full_plant_map.step("Unpack the plants")
    patch_step(editor_api, pay, title="Pay by card")
    _undo(editor_api, full_plant_map.id)
    patch_step(editor_api, unpack, title="Unpack them")
    assert _redo(editor_api, full_plant_map.id, 409)["error"]["details"]["reason"] == "nothing_to_redo"
    assert _step(editor_api, full_plant_map.id, pay)["title"] == "Pay"


def test_someone_elses_change_since_the_undo_is_a_409_naming_who_and_when(editor_api, admin_api, full_plant_map, team):
    pay = full_plant_map.step("Pay")
    patch_step(editor_api, pay, title="Pay by card")
    _undo(editor_api, full_plant_map.id)
    patch_step(admin_api, pay, title="Pay with Swish")
    body = _redo(editor_api, full_plant_map.id, 409)
    details = body["error"]["details"]
    assert details["reason"] == "changed_since" and details["by"] == team.admin.label and details["at"]
    assert body["error"]["message"].startswith(f"Not redone: {team.admin.label} changed title of the step since (")
    assert _step(editor_api, full_plant_map.id, pay)["title"] == "Pay with Swish"  # nothing changed


def test_redo_takes_back_only_the_callers_own_undos_and_a_viewer_may_not(editor_api, admin_api, viewer_api,
                                                                         outsider_api, full_plant_map):
    patch_step(admin_api, full_plant_map.step("Pay"), title="Pay by card")
    _undo(admin_api, full_plant_map.id)
    assert _redo(editor_api, full_plant_map.id, 409)["error"]["details"]["reason"] == "nothing_to_redo"
    assert viewer_api.post(f"/api/v1/journeys/{full_plant_map.id}/redo").status_code == 403
    assert outsider_api.post(f"/api/v1/journeys/{full_plant_map.id}/redo").status_code == 404
