"""Moving phases and steps: reorder within a phase, move across phases, always the same id;
positions stay 0..n-1; a move never makes the siblings' versions stale; a rejected move
changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from insightrepo.models import Journey, Membership
from insightrepo.journeys import phases, steps
from insightrepo.errors import Invalid
from insightrepo.timeline.freeze import FrozenReader, freeze
from insightrepo.timeline.objects import ObjectStore
from insightrepo.timeline.snapshots import record_snapshot
from tests.api.helpers import field_errors
from tests.journeys.helpers import layout_of, stored_phase, stored_step


def _problems(call) -> dict[str, str]:
    with pytest.raises(Invalid) as caught:
        call()
    return caught.value.fields


def _step(api, step_id: str) -> dict:
    response = api.get(f"/api/v1/steps/{step_id}")
    assert response.status_code == 200, response.json
    return response.json


# ---- in the services ---------------------------------------------------------------------

def test_moving_a_phase_renumbers_the_others(session, team, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")

    phases.update_phase(session, team.editor, phase_id, 1, {"position": 0})
    session.commit()

    assert list(layout_of(session, unscored_plant_map.id)) == [
        "Get the plants home", "Dream of a green home", "Find plants that suit me"]
    assert stored_phase(session, phase_id).version == 2


def test_reordering_a_step_within_its_phase(session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Ask in the chat")

    steps.update_step(session, team.editor, step_id, 1, {"position": 0})
    session.commit()

    assert layout_of(session, unscored_plant_map.id)["Find plants that suit me"] == ["Ask in the chat", "Search for easy plants"]
    assert stored_step(session, step_id).id == step_id


def test_a_snapshot_taken_right_after_moves_in_the_same_transaction_holds_the_new_order(session, team, unscored_plant_map):
    # the maps a snapshot freezes are read from the objects the moves changed, not reloaded
    journey = session.get(Journey, unscored_plant_map.id)
    steps.update_step(session, team.editor, unscored_plant_map.step("Ask in the chat"), 1, {"position": 0})
    steps.update_step(session, team.editor, unscored_plant_map.step("Save pictures"), 1,
                      {"phase_id": unscored_plant_map.phase("Get the plants home"), "position": 0})
    phases.update_phase(session, team.editor, unscored_plant_map.phase("Get the plants home"), 1, {"position": 0})
    added = steps.add_step(session, team.editor, unscored_plant_map.phase("Dream of a green home"),
                           {"title": "Read a blog", "position": 0})

    snapshot = record_snapshot(session, team.editor, journey, "After the moves", date(2026, 12, 4)).snapshot
    frozen = FrozenReader(ObjectStore(session)).map(snapshot.root)
    assert [[step["title"] for step in phase["steps"]] for phase in frozen["phases"]] == [
        ["Save pictures", "Pay", "Unpack the plants"],
        ["Read a blog", "See plants at a friend's"],
        ["Ask in the chat", "Search for easy plants"],
    ]
    assert added.position == 0
    session.commit()
    assert freeze(session, journey).root == snapshot.root  # and it is what the database holds


def test_moving_a_step_to_another_phase_keeps_its_id_and_renumbers_both_phases(session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Save pictures")

    moved = steps.update_step(session, team.editor, step_id, 1,
                              {"phase_id": unscored_plant_map.phase("Get the plants home"), "position": 1})
    session.commit()

    assert moved.id == step_id
    assert layout_of(session, unscored_plant_map.id) == {
        "Dream of a green home": ["See plants at a friend's"],
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Save pictures", "Unpack the plants"],
    }
    saved = stored_step(session, step_id)
    assert (saved.phase_id, saved.version) == (unscored_plant_map.phase("Get the plants home"), 2)


def test_moving_the_first_step_to_the_end_of_the_previous_phase(session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Search for easy plants")

    steps.update_step(session, team.editor, step_id, 1, {"phase_id": unscored_plant_map.phase("Dream of a green home")})
    session.commit()

    layout = layout_of(session, unscored_plant_map.id)
    assert layout["Dream of a green home"] == ["See plants at a friend's", "Save pictures", "Search for easy plants"]
    assert layout["Find plants that suit me"] == ["Ask in the chat"]


def test_a_step_cannot_move_to_a_phase_of_another_journey(session, team, unscored_plant_map, make_map):
    other = make_map({"Somewhere else": ["Already here"]}, title="Another journey")
    step_id = unscored_plant_map.step("Pay")

    problems = _problems(lambda: steps.update_step(session, team.editor, step_id, 1,
                                                   {"title": "Pay later", "phase_id": other.phase("Somewhere else")}))
    session.commit()

    assert problems == {"phase_id": "phase_id must be a phase of this step's journey"}
    saved = stored_step(session, step_id)
    assert (saved.title, saved.phase_id, saved.version) == ("Pay", unscored_plant_map.phase("Get the plants home"), 1)
    assert layout_of(session, other.id) == {"Somewhere else": ["Already here"]}


@pytest.mark.parametrize("phase_id", ["no-such-phase", 42])
def test_a_step_cannot_move_to_a_phase_that_does_not_exist(session, team, unscored_plant_map, phase_id):
    problems = _problems(lambda: steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1,
                                                   {"phase_id": phase_id}))

    assert problems == {"phase_id": "phase_id must be a phase of this step's journey"}


def test_a_step_cannot_move_into_another_workspace(session, team, unscored_plant_map, make_map):
    # an editor of both workspaces still may not carry a step from one map to the other
    theirs = make_map({"Their phase": []}, title="Their journey", slug="beta", actor=team.outsider)
    session.add(Membership(workspace=team.b, user=team.editor, role="editor"))
    session.commit()

    problems = _problems(lambda: steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1,
                                                   {"phase_id": theirs.phase("Their phase")}))

    assert set(problems) == {"phase_id"}
    assert layout_of(session, theirs.id) == {"Their phase": []}


def test_positions_stay_consecutive_through_many_edits(session, team, unscored_plant_map):
    # all in one session, as the demo loader or an import does: each call must see the stored order
    dream, find, home = (unscored_plant_map.phase(t) for t in
                         ("Dream of a green home", "Find plants that suit me", "Get the plants home"))
    new = steps.add_step(session, team.editor, find, {"title": "Compare prices", "position": 1})
    steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1, {"phase_id": find, "position": 0})
    steps.delete_step(session, team.editor, unscored_plant_map.step("Save pictures"))
    steps.update_step(session, team.editor, new.id, 1, {"phase_id": dream, "position": 0})
    phases.update_phase(session, team.editor, home, 1, {"position": 0})
    session.commit()

    assert layout_of(session, unscored_plant_map.id) == {  # layout_of also checks 0..n-1 everywhere
        "Get the plants home": ["Unpack the plants"],
        "Dream of a green home": ["Compare prices", "See plants at a friend's"],
        "Find plants that suit me": ["Pay", "Search for easy plants", "Ask in the chat"],
    }


def test_a_move_to_a_negative_position_is_refused_and_changes_nothing(session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")

    problems = _problems(lambda: steps.update_step(session, team.editor, step_id, 1,
                                                   {"title": "Pay now", "position": -1}))
    session.commit()

    assert problems == {"position": "position must be a whole number from 0"}
    assert stored_step(session, step_id).title == "Pay"


def test_moving_a_step_does_not_make_its_siblings_stale(session, team, unscored_plant_map):
    moved, sibling = unscored_plant_map.step("Search for easy plants"), unscored_plant_map.step("Ask in the chat")
    other_phase_sibling = unscored_plant_map.step("Pay")

    steps.update_step(session, team.editor, moved, 1, {"phase_id": unscored_plant_map.phase("Get the plants home"),
                                                       "position": 0})
    session.commit()

    assert stored_step(session, sibling).version == 1  # renumbered, but not edited
    steps.update_step(session, team.admin, sibling, 1, {"emotion": 1})
    steps.update_step(session, team.admin, other_phase_sibling, 1, {"emotion": -1})
    session.commit()
    assert (stored_step(session, sibling).emotion, stored_step(session, other_phase_sibling).emotion) == (1, -1)


def test_adding_and_deleting_steps_does_not_make_siblings_stale(session, team, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")
    steps.add_step(session, team.editor, phase_id, {"title": "Choose delivery", "position": 0})
    steps.delete_step(session, team.editor, unscored_plant_map.step("Pay"))
    session.commit()

    steps.update_step(session, team.admin, unscored_plant_map.step("Unpack the plants"), 1, {"emotion": -2})
    session.commit()

    assert stored_step(session, unscored_plant_map.step("Unpack the plants")).emotion == -2


def test_moving_a_phase_does_not_make_the_other_phases_stale(session, team, unscored_plant_map):
    phases.update_phase(session, team.editor, unscored_plant_map.phase("Get the plants home"), 1, {"position": 0})
    session.commit()

    phases.update_phase(session, team.admin, unscored_plant_map.phase("Dream of a green home"), 1, {"goal": "Feel inspired"})
    session.commit()

    assert stored_phase(session, unscored_plant_map.phase("Dream of a green home")).goal == "Feel inspired"


# ---- through the API ---------------------------------------------------------------------

def test_moving_a_step_across_phases_keeps_its_id(editor_api, unscored_plant_map, session):
    step_id = unscored_plant_map.step("Save pictures")
    target = unscored_plant_map.phase("Find plants that suit me")

    response = editor_api.patch(f"/api/v1/steps/{step_id}", json={"phase_id": target, "position": 0, "version": 1})

    assert response.status_code == 200, response.json
    assert (response.json["id"], response.json["phase_id"], response.json["position"]) == (step_id, target, 0)
    phases = editor_api.get(f"/api/v1/journeys/{unscored_plant_map.id}").json["phases"]
    assert [[s["title"] for s in p["steps"]] for p in phases] == [
        ["See plants at a friend's"],
        ["Save pictures", "Search for easy plants", "Ask in the chat"],
        ["Pay", "Unpack the plants"]]
    assert [[s["position"] for s in p["steps"]] for p in phases] == [[0], [0, 1, 2], [0, 1]]
    assert step_id in [s["id"] for s in phases[1]["steps"]]


def test_reordering_a_step_within_its_phase_through_the_api(editor_api, unscored_plant_map):
    response = editor_api.patch(f"/api/v1/steps/{unscored_plant_map.step('Unpack the plants')}", json={"position": 0, "version": 1})

    assert response.status_code == 200
    phases = editor_api.get(f"/api/v1/journeys/{unscored_plant_map.id}").json["phases"]
    assert [s["title"] for s in phases[2]["steps"]] == ["Unpack the plants", "Pay"]


def test_siblings_of_a_moved_step_can_still_be_edited_with_the_version_the_client_has(editor_api, unscored_plant_map):
    before = {s["title"]: s["version"] for p in editor_api.get(f"/api/v1/journeys/{unscored_plant_map.id}").json["phases"]
              for s in p["steps"]}
    assert editor_api.patch(f"/api/v1/steps/{unscored_plant_map.step('Pay')}",
                        json={"phase_id": unscored_plant_map.phase("Dream of a green home"), "position": 0,
                              "version": before["Pay"]}).status_code == 200

    for title in ("Unpack the plants", "See plants at a friend's", "Save pictures"):
        response = editor_api.patch(f"/api/v1/steps/{unscored_plant_map.step(title)}",
                                json={"thoughts": "edited after the move", "version": before[title]})
        assert response.status_code == 200, (title, response.json)


def test_a_rejected_step_edit_changes_nothing(editor_api, unscored_plant_map, make_map, session):
    other = make_map({"Elsewhere": []}, title="Another journey")
    step_id = unscored_plant_map.step("Pay")

    response = editor_api.patch(f"/api/v1/steps/{step_id}",
                            json={"title": "Pay later", "phase_id": other.phase("Elsewhere"), "version": 1})

    assert field_errors(response) == {"phase_id": "phase_id must be a phase of this step's journey"}
    step = _step(editor_api, step_id)
    assert (step["title"], step["phase_id"], step["version"]) == ("Pay", unscored_plant_map.phase("Get the plants home"), 1)
    assert layout_of(session, other.id) == {"Elsewhere": []}
