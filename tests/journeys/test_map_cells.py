"""Editing the map in place (PATCH /api/v1/steps/{id}/cells/{field}, /phases/{id}/cells/{field}):
the answer is the cell as the map draws it; bad input is the JSON error envelope and changes
nothing; a stale version is a 409 that carries the other person's value; viewers are refused."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token_from
from tests.journeys.helpers import stored_phase, stored_step
from tests.html_tree import html_tree

LAYOUT = {"Find plants": [{"title": "Search the web", "emotion": 1, "action": "Googles",
                           "backstage": {"people": "SEO lead", "policies": "", "systems": "CMS"}},
                          {"title": "Ask in the chat", "emotion": -1}],
          "Get them home": ["Unpack"]}


@pytest.fixture
def plant_map(make_map):
    return make_map(LAYOUT)


def _patch(api, plant_map, title, field, value, version=1):
    return api.patch(f"/api/v1/steps/{plant_map.step(title)}/cells/{field}", {"value": value, "version": version})


def test_a_cell_edit_saves_the_field_and_answers_with_the_cell_as_the_map_draws_it(api_as, team, plant_map, session):
    api = api_as(team.editor)
    response = _patch(api, plant_map, "Search the web", "action", "Googles <b>hardy</b> plants")

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["value"] == "Googles <b>hardy</b> plants" and body["version"] == 2
    assert "Googles &lt;b&gt;hardy&lt;/b&gt; plants" in body["cells"]["action"]  # text, never markup
    assert body["curve"] is None
    assert stored_step(session, plant_map.step("Search the web")).action == "Googles <b>hardy</b> plants"


def test_an_emotion_edit_answers_with_the_moved_curve(api_as, team, plant_map, session):
    response = _patch(api_as(team.editor), plant_map, "Ask in the chat", "emotion", 2)

    body = response.get_json()
    assert response.status_code == 200 and body["value"] == 2
    assert "+2" in body["cells"]["emotion"]
    svg = html_tree(body["curve"])
    emotions = [c.attrs["data-emotion"] for c in svg.find_all("circle", "point")]
    assert emotions == ["1", "2"]
    # …and the curve as text, which the picture points to, so a screen reader hears the new score too
    assert body["curve_values"][:2] == ["Step 1 “Search the web”: +1", "Step 2 “Ask in the chat”: +2"]
    assert stored_step(session, plant_map.step("Ask in the chat")).emotion == 2


def test_one_backstage_lane_changes_and_the_others_stay(api_as, team, plant_map, session):
    _patch(api_as(team.editor), plant_map, "Search the web", "backstage_policies", "Reply within a day")

    step = stored_step(session, plant_map.step("Search the web"))
    assert (step.backstage_people, step.backstage_policies, step.backstage_systems) == (
        "SEO lead", "Reply within a day", "CMS")


def test_a_moment_of_truth_is_set_and_cleared_from_its_cell(api_as, team, plant_map, session):
    api = api_as(team.editor)
    assert _patch(api, plant_map, "Unpack", "moment_title", "The plant arrives alive").status_code == 200
    assert stored_step(session, plant_map.step("Unpack")).moment_title == "The plant arrives alive"
    assert _patch(api, plant_map, "Unpack", "moment_title", "", version=2).status_code == 200
    assert stored_step(session, plant_map.step("Unpack")).moment_title is None


@pytest.mark.parametrize(("field", "value", "named"), [
    ("title", "", "title"),
    ("emotion", 7, "emotion"),
    ("marker", "rainbow", "marker"),
    ("title", "x" * 201, "title"),
    ("colour", "red", "field"),
])
def test_bad_input_is_the_error_envelope_and_changes_nothing(api_as, team, plant_map, session, field, value, named):
    response = _patch(api_as(team.editor), plant_map, "Search the web", field, value)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and named in error["details"]["fields"]
    step = stored_step(session, plant_map.step("Search the web"))
    assert (step.title, step.emotion, step.marker, step.version) == ("Search the web", 1, None, 1)


def test_a_missing_version_is_refused(api_as, team, plant_map):
    response = api_as(team.editor).patch(f"/api/v1/steps/{plant_map.step('Unpack')}/cells/title", {"value": "x"})
    assert response.status_code == 422 and "version" in str(response.get_json()["error"]["details"])


def test_a_stale_edit_is_a_conflict_that_shows_the_other_persons_value(api_as, team, plant_map, session):
    first, second = api_as(team.editor), api_as(team.admin)
    assert _patch(first, plant_map, "Search the web", "title", "Search for hardy plants").status_code == 200

    response = _patch(second, plant_map, "Search the web", "title", "Search for cheap plants")

    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "conflict"
    assert error["details"]["current_value"] == "Search for hardy plants"
    assert error["details"]["your_value"] == "Search for cheap plants"
    assert error["details"]["current_version"] == 2
    assert stored_step(session, plant_map.step("Search the web")).title == "Search for hardy plants"
    # choosing theirs-or-mine: mine, sent again on their version, wins knowingly
    assert _patch(second, plant_map, "Search the web", "title", "Search for cheap plants", version=2).status_code == 200


def test_viewers_are_refused_and_outsiders_find_nothing(api_as, team, plant_map, session):
    assert _patch(api_as(team.viewer), plant_map, "Unpack", "title", "Mine").status_code == 403
    assert _patch(api_as(team.outsider), plant_map, "Unpack", "title", "Mine").status_code == 404
    phase = plant_map.phase_ids["Get them home"]
    viewer = api_as(team.viewer).patch(f"/api/v1/phases/{phase}/cells/title", {"value": "Mine", "version": 1})
    assert viewer.status_code == 403 and viewer.get_json()["error"]["code"] == "forbidden"
    assert stored_step(session, plant_map.step("Unpack")).title == "Unpack"


def test_a_phase_title_is_edited_in_place_with_the_same_version_rule(api_as, team, plant_map, session):
    phase = plant_map.phase_ids["Get them home"]
    api = api_as(team.editor)
    ok = api.patch(f"/api/v1/phases/{phase}/cells/title", {"value": "Bring them home", "version": 1})
    stale = api.patch(f"/api/v1/phases/{phase}/cells/title", {"value": "Carry them", "version": 1})

    assert ok.status_code == 200 and ok.get_json()["value"] == "Bring them home"
    assert stale.status_code == 409 and stale.get_json()["error"]["details"]["current_value"] == "Bring them home"
    assert stored_phase(session, phase).title == "Bring them home"


def test_the_browser_session_edits_with_the_pages_csrf_token(login, team, plant_map, session):
    client = login(team.editor)
    token = csrf_token_from(client.get(f"/journeys/{plant_map.id}").get_data(as_text=True))
    url = f"/api/v1/steps/{plant_map.step('Unpack')}/cells/need"

    refused = client.patch(url, json={"value": "Healthy plants", "version": 1})
    saved = client.patch(url, json={"value": "Healthy plants", "version": 1}, headers={"X-CSRFToken": token})

    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf_failed"
    assert saved.status_code == 200
    assert stored_step(session, plant_map.step("Unpack")).need == "Healthy plants"
