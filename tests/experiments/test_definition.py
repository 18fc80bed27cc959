"""What an experiment sets out to test: the Test Card in the workspace's language, and a definition
that stays fixed once the experiment has started (no moving the goalposts after seeing data)."""

from __future__ import annotations

import pytest

from insightrepo.experiments import card_sentence
from tests.experiments.helpers import fetch, moved

pytestmark = pytest.mark.sqlite_only  # input refused before any SQL runs


def test_a_swedish_workspace_gets_its_test_card_in_swedish(api_as, team, beta_map):
    response = api_as(team.outsider).post("/api/v1/workspaces/beta/experiments", json={
        "title": "Videoval", "solution": "videoval av växten", "step_ids": [beta_map.step("Betala")],
        "metric": {"name": "andelen reklamationer", "kind": "proportion", "direction": "decrease"},
        "minimum_effect": 0.025})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["criterion"] == "andelen reklamationer minskar med minst 2,5 procentenheter"
    assert response.json["hypothesis"] == (
        "Vi tror att videoval av växten kommer att minska andelen reklamationer vid ”Betala” — vi har rätt om "
        "andelen reklamationer minskar med minst 2,5 procentenheter")


@pytest.mark.parametrize(("language", "sentence"), [
    ("da", "Vi tror, at sms vil øge tryghed ved »Vente« og »Pakke ud« — vi har ret, hvis tryghed stiger med mindst "
           "0,3 point"),
    ("no", "Vi tror at sms vil øke tryghed ved «Vente» og «Pakke ud» — vi har rett hvis tryghed øker med minst "
           "0,3 point"),
    ("fi", "Uskomme, että ratkaisu ”sms” kasvattaa mittaria ”tryghed” vaiheissa ”Vente” ja ”Pakke ud” — olemme "
           "oikeassa, jos mittari ”tryghed” kasvaa vähintään 0,3 point"),
    ("de", "Wir glauben, dass sms tryghed bei „Vente“ und „Pakke ud“ steigern wird — wir liegen richtig, wenn "
           "tryghed um mindestens 0,3 point steigt"),
    ("en", "We believe that sms will increase tryghed at “Vente” and “Pakke ud” — we are right if tryghed rises by "
           "at least 0.3 point"),
])
def test_the_test_card_speaks_each_workspace_language(language, sentence):
    criterion = card_sentence.default_criterion("mean", "tryghed", "point", "increase", 0.3, language)
    assert card_sentence.hypothesis("sms", "increase", "tryghed", ["Vente", "Pakke ud"], criterion, language) == sentence


@pytest.mark.parametrize(("change", "field"), [
    ({"minimum_effect": 0.01}, "minimum_effect"),
    ({"metric": {"direction": "increase"}}, "metric"),
    ({"metric": {"unit": "orders"}}, "metric"),
    ({"design": "randomised"}, "design"),
    ({"criterion": "anything better than before"}, "criterion"),
])
def test_once_started_the_goalposts_stay_where_they_were(editor_api, log_experiment, change, field):
    experiment = log_experiment()
    started = moved(editor_api, experiment["id"], "running")
    response = editor_api.patch(f"/api/v1/experiments/{experiment['id']}", json={**change, "version": started["version"]})
    assert response.status_code == 409
    assert field in response.json["error"]["details"]["fields"]
    assert "fixed when it started" in response.json["error"]["message"]
    after = fetch(editor_api, experiment["id"])
    assert (after["minimum_effect"], after["metric"], after["design"], after["criterion"]) == (
        started["minimum_effect"], started["metric"], started["design"], started["criterion"])


def test_a_started_experiment_can_still_be_renamed_explained_and_resent_unchanged(editor_api, log_experiment):
    experiment = log_experiment()
    started = moved(editor_api, experiment["id"], "running")
    same_definition = {key: started[key] for key in ("metric", "minimum_effect", "design", "criterion")}
    response = editor_api.patch(f"/api/v1/experiments/{experiment['id']}", json={
        **same_definition, "title": "Video choice, summer run", "owner": "Warehouse",
        "learning": {"observed": "fewer complaints"}, "version": started["version"]})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert (response.json["title"], response.json["learning"]["observed"]) == ("Video choice, summer run",
                                                                              "fewer complaints")


def test_the_journeys_change_log_filters_to_experiments_and_measurements(editor_api, log_experiment, plant_map):
    experiment = log_experiment()
    editor_api.post(f"/api/v1/experiments/{experiment['id']}/measurements",
                json={"group": "baseline", "successes": 12, "trials": 100})
    moved(editor_api, experiment["id"], "running")

    def entities(kind: str) -> set[tuple[str, str | None]]:
        response = editor_api.get(f"/api/v1/journeys/{plant_map.id}/changes?entity={kind}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return {(c["entity"], c["field"]) for c in response.json["items"]}

    assert entities("experiment") == {("experiment", None), ("experiment", "status"), ("experiment", "started_on")}
    assert entities("measurement") == {("measurement", None)}
