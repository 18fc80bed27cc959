"""Who may see and change experiments: another workspace's people get 404 on reads (the same
answer as for something that does not exist) and 403 on writes; a viewer reads but never
writes; without a token everything is 401."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error
from tests.experiments.helpers import fetch, measured, moved

MISSING = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def alpha(editor_api, log_experiment, plant_map) -> dict:
    """Alpha's secret experiment on "Pay", with a baseline measurement."""
    experiment = log_experiment(title="Alpha's secret pricing test", step_ids=[plant_map.step("Pay")])
    measurement = measured(editor_api, experiment["id"], group="baseline", successes=3, trials=40,
                           note="Alpha's secret numbers")
    return {"experiment": experiment, "measurement": measurement, "step": plant_map.step("Pay"),
            "journey": plant_map.id}


def _reads(ids: dict) -> list[str]:
    return [f"/api/v1/experiments/{ids['experiment']}", f"/api/v1/experiments/{ids['experiment']}/result",
            f"/api/v1/measurements/{ids['measurement']}", f"/api/v1/steps/{ids['step']}/experiments"]


def _writes(ids: dict, version: int = 1) -> list[tuple[str, str, dict | None]]:
    experiment, measurement = ids["experiment"], ids["measurement"]
    return [
        ("POST", "/api/v1/workspaces/alpha/experiments",
         {"title": "Pwned", "step_ids": [ids["step"]], "metric": {"name": "x"}}),
        ("PATCH", f"/api/v1/experiments/{experiment}", {"title": "Pwned", "version": version}),
        ("POST", f"/api/v1/experiments/{experiment}/status", {"status": "running"}),
        ("POST", f"/api/v1/experiments/{experiment}/measurements", {"group": "follow_up", "successes": 1,
                                                                    "trials": 2}),
        ("PATCH", f"/api/v1/measurements/{measurement}", {"successes": 0, "version": version}),
        ("DELETE", f"/api/v1/measurements/{measurement}", None),
        ("DELETE", f"/api/v1/experiments/{experiment}", None),
    ]


def _ids(alpha: dict) -> dict:
    return {"experiment": alpha["experiment"]["id"], "measurement": alpha["measurement"]["id"],
            "step": alpha["step"]}


# ---- another workspace --------------------------------------------------------------------

def test_an_outsider_reading_alphas_experiments_gets_the_404_of_something_missing(outsider_api, alpha):
    existing, missing = _reads(_ids(alpha)), _reads({"experiment": MISSING, "measurement": MISSING,
                                                     "step": MISSING})

    for there, nowhere in zip(existing, missing):
        found, not_found = outsider_api.get(there), outsider_api.get(nowhere)
        assert_error(found, 404, "not_found")
        assert (found.status_code, found.json) == (not_found.status_code, not_found.json), there
        assert "secret" not in found.get_data(as_text=True)


def test_an_outsider_cannot_list_alphas_experiments(outsider_api, alpha):
    assert_error(outsider_api.get("/api/v1/workspaces/alpha/experiments"), 404, "not_found")
    assert_error(outsider_api.get(f"/api/v1/workspaces/alpha/experiments?step={alpha['step']}"), 404, "not_found")


def test_an_outsider_sees_only_betas_experiments(outsider_api, alpha, beta_map):
    outsider_api.post("/api/v1/workspaces/beta/experiments", json={
        "title": "Betas eget test", "step_ids": [beta_map.step("Betala")], "metric": {"name": "andel"}})

    titles = [e["title"] for e in outsider_api.get("/api/v1/workspaces/beta/experiments").json["items"]]
    by_step = outsider_api.get(f"/api/v1/workspaces/beta/experiments?step={alpha['step']}").json["items"]

    assert titles == ["Betas eget test"] and by_step == []


@pytest.mark.parametrize("index", range(7))
def test_an_outsider_writing_to_alpha_gets_404_and_changes_nothing(outsider_api, editor_api, alpha, index):
    method, path, body = _writes(_ids(alpha))[index]

    assert_error(outsider_api.request(method, path, json=body), 404, "not_found")

    current = fetch(editor_api, alpha["experiment"]["id"])
    assert (current["title"], current["status"], current["version"]) == (
        "Alpha's secret pricing test", "draft", alpha["experiment"]["version"])
    assert current["measurements"] == [alpha["measurement"]]
    assert len(editor_api.get("/api/v1/workspaces/alpha/experiments").json["items"]) == 1


def test_beta_cannot_log_an_experiment_on_alphas_steps(outsider_api, alpha):
    response = outsider_api.post("/api/v1/workspaces/beta/experiments", json={
        "title": "Sneaky", "step_ids": [alpha["step"]], "metric": {"name": "x"}})

    fields = assert_error(response, 422)["details"]["fields"]
    assert "step_ids" in fields and "Pay" not in fields["step_ids"]


def test_alphas_experiments_stay_out_of_betas_change_log(outsider_api, beta_map, alpha):
    log = outsider_api.get(f"/api/v1/journeys/{beta_map.id}/changes?per_page=200").json["items"]

    assert not {c["entity"] for c in log} & {"experiment", "measurement"}
    assert_error(outsider_api.get(f"/api/v1/journeys/{alpha['journey']}/changes"), 404)


# ---- a viewer -----------------------------------------------------------------------------

def test_a_viewer_reads_everything(viewer_api, alpha):
    for path in _reads(_ids(alpha)):
        assert viewer_api.get(path).status_code == 200, path
    assert len(viewer_api.get("/api/v1/workspaces/alpha/experiments").json["items"]) == 1


@pytest.mark.parametrize("index", range(7))
def test_a_viewer_cannot_write(viewer_api, editor_api, alpha, index):
    method, path, body = _writes(_ids(alpha))[index]

    error = assert_error(viewer_api.request(method, path, json=body), 403, "forbidden")

    assert "editor" in error["message"]
    current = fetch(editor_api, alpha["experiment"]["id"])
    assert (current["status"], current["version"], current["measurements"]) == (
        "draft", 1, [alpha["measurement"]])


def test_an_editor_and_an_admin_can_write(api_as, team, alpha):
    for user in (team.editor, team.admin):
        api = api_as(user)
        current = fetch(api, alpha["experiment"]["id"])
        response = api.patch(f"/api/v1/experiments/{current['id']}",
                             json={"owner": user.display_name, "version": current["version"]})
        assert response.status_code == 200, response.get_data(as_text=True)


def test_a_closed_experiment_still_reads_for_everyone_in_the_workspace(viewer_api, editor_api, alpha):
    moved(editor_api, alpha["experiment"]["id"], "abandoned")

    for path in _reads(_ids(alpha)):
        assert viewer_api.get(path).status_code == 200, path


# ---- no token -----------------------------------------------------------------------------

def test_anonymous_requests_get_401(api_as, alpha):
    anonymous = api_as(None)
    ids = _ids(alpha)

    for path in _reads(ids) + ["/api/v1/workspaces/alpha/experiments"]:
        assert_error(anonymous.get(path), 401, "unauthorized")
    for method, path, body in _writes(ids):
        assert_error(anonymous.request(method, path, json=body), 401, "unauthorized")


def test_a_bad_token_gets_401(api_as, alpha):
    stranger = api_as(None)
    stranger.headers = {"Authorization": "Bearer not-a-real-token"}

    assert_error(stranger.get(f"/api/v1/experiments/{alpha['experiment']['id']}"), 401, "unauthorized")
