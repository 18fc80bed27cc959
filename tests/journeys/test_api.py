"""The journey-map API: every route of the issue, the whole-map shape, optimistic locking,
field messages, and who may read and write which map."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, assert_list_envelope, field_errors
from tests.journeys.helpers import layout_of, stored_step

STEP_FIELDS = {"id", "phase_id", "position", "title", "action", "touchpoint", "channels", "direct", "present",
               "need", "thoughts", "emotion", "marker", "moment_of_truth", "owner", "backstage",
               "employee_emotion", "version"}
PHASE_FIELDS = {"id", "journey_id", "position", "title", "goal", "version", "steps"}
JOURNEY_FIELDS = {"id", "title", "description", "scope", "kind", "persona", "owner", "archived", "version", "phases"}


def _step(api, step_id: str) -> dict:
    response = api.get(f"/api/v1/steps/{step_id}")
    assert response.status_code == 200, response.json
    return response.json


# ---- journeys ----------------------------------------------------------------------------

def test_an_editor_starts_a_journey_and_gets_it_back(editor_api):
    response = editor_api.post("/api/v1/workspaces/alpha/journeys", json={
        "title": "Create a thriving home", "description": "From admiring plants to a green home",
        "scope": "whole", "kind": "hypothesis", "persona": "First-time plant owner", "owner": "CX team"})

    assert response.status_code == 201, response.json
    journey = response.json
    assert JOURNEY_FIELDS <= set(journey)
    assert (journey["title"], journey["persona"], journey["owner"]) == (
        "Create a thriving home", "First-time plant owner", "CX team")
    assert (journey["version"], journey["archived"], journey["phases"]) == (1, False, [])
    assert editor_api.get(f"/api/v1/journeys/{journey['id']}").json["title"] == "Create a thriving home"


def test_the_journey_list_and_the_archived_filter(editor_api, make_map):
    active = make_map(title="Create a thriving home")
    old = make_map(title="Order plants by phone")
    archived = editor_api.patch(f"/api/v1/journeys/{old.id}", json={"archived": True, "version": 1})
    assert archived.status_code == 200 and archived.json["archived"] is True

    listed = editor_api.get("/api/v1/workspaces/alpha/journeys")
    only_archived = editor_api.get("/api/v1/workspaces/alpha/journeys?archived=true")

    items = assert_list_envelope(listed.json, page=1, per_page=listed.json["per_page"], total=1)
    assert [j["id"] for j in items] == [active.id]
    items = assert_list_envelope(only_archived.json, page=1, per_page=only_archived.json["per_page"], total=1)
    assert [(j["id"], j["title"], j["archived"]) for j in items] == [(old.id, "Order plants by phone", True)]


def test_the_journey_list_counts_phases_and_steps(editor_api, unscored_plant_map):
    [summary] = editor_api.get("/api/v1/workspaces/alpha/journeys").json["items"]

    assert (summary["phase_count"], summary["step_count"]) == (3, 6)


def test_the_whole_map_has_ordered_phases_with_ordered_steps_and_every_field(api_as, team, make_map):
    built = make_map({
        "Dream of a green home": [
            {"title": "See plants at a friend's", "present": False, "emotion": 2, "marker": "heart"},
            {"title": "Save pictures", "channels": ["Instagram", "Pinterest"], "direct": False}],
        "Get the plants home": [
            {"title": "Unpack the plants", "action": "Opens the box", "touchpoint": "Delivery box",
             "need": "Healthy plants", "thoughts": "Broken leaves!", "emotion": -2, "marker": "thundercloud",
             "moment_of_truth": {"title": "Half-good quality!", "description": "Decides the relationship"},
             "owner": "Warehouse", "employee_emotion": -1,
             "backstage": {"people": "Packers", "policies": "Pack by weight", "systems": "WMS"}}],
    })

    journey = api_as(team.viewer).get(f"/api/v1/journeys/{built.id}").json

    assert JOURNEY_FIELDS <= set(journey)
    assert [(p["title"], p["position"]) for p in journey["phases"]] == [
        ("Dream of a green home", 0), ("Get the plants home", 1)]
    for phase in journey["phases"]:
        assert set(phase) == PHASE_FIELDS
        assert phase["journey_id"] == built.id
        assert [s["position"] for s in phase["steps"]] == list(range(len(phase["steps"])))
        for step in phase["steps"]:
            assert set(step) == STEP_FIELDS
            assert step["phase_id"] == phase["id"] and step["version"] == 1
    assert [s["title"] for s in journey["phases"][0]["steps"]] == ["See plants at a friend's", "Save pictures"]
    unpack = journey["phases"][1]["steps"][0]
    assert {k: v for k, v in unpack.items() if k not in ("id", "phase_id")} == {
        "position": 0, "title": "Unpack the plants", "action": "Opens the box", "touchpoint": "Delivery box",
        "channels": [], "direct": True, "present": True, "need": "Healthy plants", "thoughts": "Broken leaves!",
        "emotion": -2, "marker": "thundercloud",
        "moment_of_truth": {"title": "Half-good quality!", "description": "Decides the relationship"},
        "owner": "Warehouse", "backstage": {"people": "Packers", "policies": "Pack by weight", "systems": "WMS"},
        "employee_emotion": -1, "version": 1}
    save = journey["phases"][0]["steps"][1]
    assert (save["channels"], save["direct"], save["emotion"], save["marker"], save["moment_of_truth"]) == (
        ["Instagram", "Pinterest"], False, None, None, None)


def test_editing_a_journey_bumps_its_version_and_an_old_version_gets_409(editor_api, make_map):
    built = make_map()

    first = editor_api.patch(f"/api/v1/journeys/{built.id}", json={"owner": "Anna", "version": 1})
    stale = editor_api.patch(f"/api/v1/journeys/{built.id}", json={"owner": "Bo", "version": 1})

    assert first.status_code == 200 and first.json["version"] == 2
    error = assert_error(stale, 409, "conflict")
    assert error["details"] == {"current_version": 2, "your_version": 1}
    assert editor_api.get(f"/api/v1/journeys/{built.id}").json["owner"] == "Anna"


def test_saving_a_journey_unchanged_keeps_its_version(editor_api, make_map):
    built = make_map(title="Create a thriving home")

    response = editor_api.patch(f"/api/v1/journeys/{built.id}", json={"title": "Create a thriving home", "version": 1})

    assert response.status_code == 200 and response.json["version"] == 1


@pytest.mark.parametrize("path", ["/api/v1/journeys/{journey}", "/api/v1/phases/{phase}", "/api/v1/steps/{step}"])
def test_a_patch_without_a_version_is_refused(editor_api, unscored_plant_map, path):
    url = path.format(journey=unscored_plant_map.id, phase=unscored_plant_map.phase("Get the plants home"), step=unscored_plant_map.step("Pay"))

    fields = field_errors(editor_api.patch(url, json={"title": "Renamed"}))

    assert set(fields) == {"version"}


def test_journey_field_messages(editor_api, make_map):
    built = make_map()

    kind = field_errors(editor_api.post("/api/v1/workspaces/alpha/journeys", json={"title": "Mine", "kind": "guess"}))
    title = field_errors(editor_api.post("/api/v1/workspaces/alpha/journeys", json={"title": "  "}))
    patched = field_errors(editor_api.patch(f"/api/v1/journeys/{built.id}", json={"title": "", "version": 1}))

    assert set(kind) == {"kind"} and "hypothesis" in kind["kind"] and "researched" in kind["kind"]
    assert title == {"title": "title is required"}
    assert patched == {"title": "title is required"}
    assert editor_api.get("/api/v1/workspaces/alpha/journeys").json["total"] == 1


# ---- phases ------------------------------------------------------------------------------

def test_adding_phases_last_and_at_a_position(editor_api, make_map, session):
    built = make_map({"Find plants": []})

    last = editor_api.post(f"/api/v1/journeys/{built.id}/phases", json={"title": "Care for them", "goal": "Keep them alive"})
    first = editor_api.post(f"/api/v1/journeys/{built.id}/phases", json={"title": "Dream of green", "position": 0})

    assert last.status_code == 201 and first.status_code == 201
    assert set(last.json) == PHASE_FIELDS
    assert (last.json["goal"], last.json["steps"], last.json["version"]) == ("Keep them alive", [], 1)
    assert [p["title"] for p in editor_api.get(f"/api/v1/journeys/{built.id}").json["phases"]] == [
        "Dream of green", "Find plants", "Care for them"]


def test_patching_a_phase_renames_and_moves_it(editor_api, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")

    response = editor_api.patch(f"/api/v1/phases/{phase_id}",
                            json={"title": "Bring the plants home", "position": 0, "version": 1})

    assert response.status_code == 200, response.json
    assert (response.json["title"], response.json["position"], response.json["version"]) == (
        "Bring the plants home", 0, 2)
    assert [s["title"] for s in response.json["steps"]] == ["Pay", "Unpack the plants"]
    assert [p["title"] for p in editor_api.get(f"/api/v1/journeys/{unscored_plant_map.id}").json["phases"]] == [
        "Bring the plants home", "Dream of a green home", "Find plants that suit me"]


def test_a_stale_phase_edit_gets_409(editor_api, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")
    assert editor_api.patch(f"/api/v1/phases/{phase_id}", json={"goal": "Healthy plants", "version": 1}).status_code == 200

    assert_error(editor_api.patch(f"/api/v1/phases/{phase_id}", json={"goal": "Cheap plants", "version": 1}), 409, "conflict")


def test_a_phase_with_steps_is_deleted_only_with_cascade(editor_api, unscored_plant_map, session):
    phase_id = unscored_plant_map.phase("Find plants that suit me")

    refused = editor_api.delete(f"/api/v1/phases/{phase_id}")
    error = assert_error(refused, 409, "conflict")
    assert "still has 2 steps" in error["message"] and error["details"] == {"steps": 2}
    assert len(editor_api.get(f"/api/v1/journeys/{unscored_plant_map.id}").json["phases"]) == 3

    deleted = editor_api.delete(f"/api/v1/phases/{phase_id}?cascade=true")

    assert deleted.status_code == 204 and deleted.get_data() == b""
    assert layout_of(session, unscored_plant_map.id) == {
        "Dream of a green home": ["See plants at a friend's", "Save pictures"],
        "Get the plants home": ["Pay", "Unpack the plants"]}
    assert_error(editor_api.get(f"/api/v1/steps/{unscored_plant_map.step('Ask in the chat')}"), 404, "not_found")


def test_an_empty_phase_is_deleted_without_cascade(editor_api, make_map, session):
    built = make_map({"Dream": [], "Find": ["Search"]})

    assert editor_api.delete(f"/api/v1/phases/{built.phase('Dream')}").status_code == 204

    assert layout_of(session, built.id) == {"Find": ["Search"]}


def test_phase_field_messages(editor_api, unscored_plant_map):
    fields = field_errors(editor_api.post(f"/api/v1/journeys/{unscored_plant_map.id}/phases", json={"goal": "No name"}))
    assert set(fields) == {"title"}

    fields = field_errors(editor_api.patch(f"/api/v1/phases/{unscored_plant_map.phase('Get the plants home')}",
                                       json={"position": -1, "version": 1}))
    assert set(fields) == {"position"}


# ---- steps -------------------------------------------------------------------------------

def test_adding_a_step_with_every_field(editor_api, unscored_plant_map):
    body = {"title": "Read care advice", "action": "Reads the product page", "touchpoint": "Product page",
            "channels": ["Web", "web", "App"], "direct": True, "present": True, "need": "Know how much light",
            "thoughts": "Finally some real advice", "emotion": 1, "marker": "heart",
            "moment_of_truth": {"title": "Plant information!", "description": "Good advice wins trust"},
            "owner": "Content team", "backstage": {"people": "Editors", "policies": "Yearly review",
                                                   "systems": "CMS"},
            "employee_emotion": 0, "position": 1}

    response = editor_api.post(f"/api/v1/phases/{unscored_plant_map.phase('Find plants that suit me')}/steps", json=body)

    assert response.status_code == 201, response.json
    step = response.json
    assert set(step) == STEP_FIELDS
    assert step["channels"] == ["Web", "App"]
    assert {k: step[k] for k in body if k != "channels"} == {k: v for k, v in body.items() if k != "channels"}
    assert [s["title"] for s in editor_api.get(f"/api/v1/journeys/{unscored_plant_map.id}").json["phases"][1]["steps"]] == [
        "Search for easy plants", "Read care advice", "Ask in the chat"]


def test_reading_one_step(api_as, team, unscored_plant_map):
    step = _step(api_as(team.viewer), unscored_plant_map.step("Pay"))

    assert (step["id"], step["title"], step["phase_id"], step["position"]) == (
        unscored_plant_map.step("Pay"), "Pay", unscored_plant_map.phase("Get the plants home"), 0)


def test_editing_a_step_keeps_its_id_and_bumps_its_version(editor_api, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")

    response = editor_api.patch(f"/api/v1/steps/{step_id}", json={"title": "Pay with Swish", "emotion": 1, "version": 1})

    assert response.status_code == 200, response.json
    assert (response.json["id"], response.json["title"], response.json["emotion"], response.json["version"]) == (
        step_id, "Pay with Swish", 1, 2)
    assert _step(editor_api, step_id)["title"] == "Pay with Swish"


def test_saving_a_step_unchanged_keeps_its_version(editor_api, unscored_plant_map):
    response = editor_api.patch(f"/api/v1/steps/{unscored_plant_map.step('Pay')}", json={"title": "Pay", "version": 1})

    assert response.status_code == 200 and response.json["version"] == 1


def test_a_stale_step_edit_gets_409_and_theirs_is_kept(api_as, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")
    assert api_as(team.admin).patch(f"/api/v1/steps/{step_id}", json={"emotion": 2, "version": 1}).status_code == 200

    stale = api_as(team.editor).patch(f"/api/v1/steps/{step_id}", json={"emotion": -2, "version": 1})

    error = assert_error(stale, 409, "conflict")
    assert error["details"]["current_version"] == 2
    assert _step(api_as(team.editor), step_id)["emotion"] == 2


def test_a_step_delete_closes_the_gap(editor_api, unscored_plant_map, session):
    response = editor_api.delete(f"/api/v1/steps/{unscored_plant_map.step('Pay')}")

    assert response.status_code == 204
    assert layout_of(session, unscored_plant_map.id)["Get the plants home"] == ["Unpack the plants"]
    assert stored_step(session, unscored_plant_map.step("Pay")) is None
    assert_error(editor_api.get(f"/api/v1/steps/{unscored_plant_map.step('Pay')}"), 404, "not_found")


@pytest.mark.parametrize("body, field, message", [
    ({"emotion": 3}, "emotion", "emotion must be between −2 and +2"),
    ({"emotion": -3}, "emotion", "emotion must be between −2 and +2"),
    ({"employee_emotion": 7}, "employee_emotion", "employee_emotion must be between −2 and +2"),
    ({"moment_of_truth": {"title": " ", "description": "Why"}}, "moment_of_truth", "moment_of_truth title is required"),
    ({"title": ""}, "title", "title is required"),
    ({"touchpoint": "x" * 201}, "touchpoint", "touchpoint must be at most 200 characters"),
    ({"channels": ["x" * 61]}, "channels", "each channel must be at most 60 characters"),
])
def test_step_field_messages(editor_api, unscored_plant_map, body, field, message):
    response = editor_api.patch(f"/api/v1/steps/{unscored_plant_map.step('Pay')}", json={**body, "version": 1})

    assert field_errors(response) == {field: message}
    assert _step(editor_api, unscored_plant_map.step("Pay"))["version"] == 1


def test_an_unknown_marker_is_refused_with_the_allowed_ones(editor_api, unscored_plant_map):
    fields = field_errors(editor_api.patch(f"/api/v1/steps/{unscored_plant_map.step('Pay')}", json={"marker": "sparkle", "version": 1}))

    assert set(fields) == {"marker"}
    assert "heart" in fields["marker"] and "thundercloud" in fields["marker"]


@pytest.mark.parametrize("body", [{"emotion": "very happy"}, {"emotion": 1.5}, {"direct": "sometimes"},
                                  {"channels": "web"}, {"backstage": {"tools": "POS"}}, {"position": -1},
                                  {"moment_of_truth": {"description": "no title"}}, {"phase_id": 12}])
def test_malformed_step_fields_get_422_not_500(editor_api, unscored_plant_map, body):
    fields = field_errors(editor_api.patch(f"/api/v1/steps/{unscored_plant_map.step('Pay')}", json={**body, "version": 1}))

    assert set(fields) == set(body)


def test_a_new_step_needs_a_title_and_valid_scores(editor_api, unscored_plant_map):
    fields = field_errors(editor_api.post(f"/api/v1/phases/{unscored_plant_map.phase('Get the plants home')}/steps",
                                      json={"emotion": 2}))
    assert set(fields) == {"title"}

    fields = field_errors(editor_api.post(f"/api/v1/phases/{unscored_plant_map.phase('Get the plants home')}/steps",
                                      json={"title": "Wait for the parcel", "emotion": 5}))
    assert fields == {"emotion": "emotion must be between −2 and +2"}


# ---- health ------------------------------------------------------------------------------

def test_the_health_check_answers_in_the_list_envelope(api_as, team, unscored_plant_map):
    body = api_as(team.viewer).get(f"/api/v1/journeys/{unscored_plant_map.id}/health").json

    items = assert_list_envelope(body, page=1, per_page=len(body["items"]), total=len(body["items"]))
    assert items
    for finding in items:
        assert set(finding) == {"code", "severity", "message", "ids"}
        assert finding["severity"] in ("warning", "info") and finding["message"]
    assert {f["code"] for f in items} >= {"hearts_count", "thunderclouds_count", "moments_of_truth_count"}


# ---- who may do what ---------------------------------------------------------------------

def _reads(built) -> list[str]:
    return [f"/api/v1/journeys/{built.id}", f"/api/v1/journeys/{built.id}/health",
            f"/api/v1/steps/{built.step('Pay')}"]


def _writes(built) -> list[tuple[str, str, dict | None]]:
    phase, step = built.phase("Get the plants home"), built.step("Pay")
    return [
        ("POST", "/api/v1/workspaces/alpha/journeys", {"title": "Mine"}),
        ("PATCH", f"/api/v1/journeys/{built.id}", {"title": "Mine", "version": 1}),
        ("POST", f"/api/v1/journeys/{built.id}/phases", {"title": "Mine"}),
        ("PATCH", f"/api/v1/phases/{phase}", {"title": "Mine", "version": 1}),
        ("DELETE", f"/api/v1/phases/{phase}?cascade=true", None),
        ("POST", f"/api/v1/phases/{phase}/steps", {"title": "Mine"}),
        ("PATCH", f"/api/v1/steps/{step}", {"title": "Mine", "version": 1}),
        ("DELETE", f"/api/v1/steps/{step}", None),
    ]


def test_an_outsider_reading_another_workspaces_map_gets_404(api_as, team, unscored_plant_map):
    outsider = api_as(team.outsider)

    for path in [*_reads(unscored_plant_map), "/api/v1/workspaces/alpha/journeys"]:
        error = assert_error(outsider.get(path), 404, "not_found")
        assert "Create a thriving home" not in error["message"]


def test_an_outsider_gets_the_same_404_as_for_a_map_that_does_not_exist(api_as, team, unscored_plant_map):
    outsider = api_as(team.outsider)

    assert outsider.get(f"/api/v1/journeys/{unscored_plant_map.id}").json == outsider.get("/api/v1/journeys/nope").json
    assert outsider.get(f"/api/v1/steps/{unscored_plant_map.step('Pay')}").json == outsider.get("/api/v1/steps/nope").json
    # phases are read as part of their journey; a GET on one answers alike for any id
    phase = unscored_plant_map.phase("Get the plants home")
    assert outsider.get(f"/api/v1/phases/{phase}").status_code == outsider.get("/api/v1/phases/nope").status_code


@pytest.mark.parametrize("index", range(8))
def test_an_outsider_cannot_change_another_workspaces_map(api_as, team, unscored_plant_map, session, index):
    method, path, body = _writes(unscored_plant_map)[index]

    assert_error(api_as(team.outsider).request(method, path, json=body), 404, "not_found")

    assert layout_of(session, unscored_plant_map.id) == {
        "Dream of a green home": ["See plants at a friend's", "Save pictures"],
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Unpack the plants"]}


@pytest.mark.parametrize("index", range(8))
def test_a_viewer_cannot_change_the_map(api_as, team, unscored_plant_map, session, index):
    method, path, body = _writes(unscored_plant_map)[index]

    assert_error(api_as(team.viewer).request(method, path, json=body), 403, "forbidden")

    journey = api_as(team.viewer).get(f"/api/v1/journeys/{unscored_plant_map.id}").json
    assert (journey["title"], journey["version"]) == ("Create a thriving home", 1)
    assert [[(s["title"], s["version"]) for s in p["steps"]] for p in journey["phases"]] == [
        [("See plants at a friend's", 1), ("Save pictures", 1)],
        [("Search for easy plants", 1), ("Ask in the chat", 1)],
        [("Pay", 1), ("Unpack the plants", 1)]]
    assert api_as(team.viewer).get("/api/v1/workspaces/alpha/journeys").json["total"] == 1


def test_viewers_read_every_part_of_the_map(api_as, team, unscored_plant_map):
    viewer = api_as(team.viewer)

    for path in [*_reads(unscored_plant_map), "/api/v1/workspaces/alpha/journeys"]:
        assert viewer.get(path).status_code == 200, path


def test_without_a_token_the_map_api_answers_401(api_as, unscored_plant_map):
    anonymous = api_as(None)

    for path in _reads(unscored_plant_map):
        assert_error(anonymous.get(path), 401, "unauthorized")
    assert_error(anonymous.post(f"/api/v1/journeys/{unscored_plant_map.id}/phases", json={"title": "x"}), 401)


def test_every_journey_route_is_in_the_openapi_document(api_as, team):
    paths = api_as(team.viewer).get("/api/v1/openapi.json").json["paths"]

    expected = {
        "/api/v1/workspaces/{slug}/journeys": {"get", "post"},
        "/api/v1/journeys/{journey_id}": {"get", "patch"},
        "/api/v1/journeys/{journey_id}/phases": {"post"},
        "/api/v1/phases/{phase_id}": {"patch", "delete"},
        "/api/v1/phases/{phase_id}/steps": {"post"},
        "/api/v1/steps/{step_id}": {"get", "patch", "delete"},
        "/api/v1/journeys/{journey_id}/health": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
