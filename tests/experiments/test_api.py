"""Logging, reading, editing, filtering and deleting experiments through the API: the Test Card
hypothesis, the rules on every field (422 with a message per field), versions and the route list."""

from __future__ import annotations

import json

import pytest

from tests.api.helpers import assert_error, assert_list_envelope, field_errors
from tests.experiments.helpers import MEAN, PROPORTION, QUALITATIVE, experiment_body, fetch, listed, moved

EXPERIMENT_FIELDS = {"title", "solution", "hypothesis", "step_ids", "metric", "minimum_effect", "design", "owner",
                     "status", "verdict", "verdict_reason", "learning", "quote_ids", "started_on", "ended_on",
                     "version"}


# ---- creating -----------------------------------------------------------------------------

def test_a_new_experiment_is_a_draft_with_every_field_the_issue_names(editor_api, plant_map):
    unpack = plant_map.step("Unpack the plants")
    response = editor_api.post("/api/v1/workspaces/alpha/experiments",
                           json=experiment_body(step_ids=[unpack], owner="Delivery team"))

    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.json
    assert EXPERIMENT_FIELDS <= set(created)
    assert created["step_ids"] == [unpack]
    assert created["metric"] == PROPORTION
    assert (created["status"], created["verdict"], created["started_on"], created["ended_on"]) == (
        "draft", None, None, None)
    assert (created["minimum_effect"], created["design"], created["owner"], created["version"]) == (
        0.05, "before_after", "Delivery team", 1)
    assert created["learning"] == {"observed": "", "learned": "", "next": ""}
    assert created["observational"] is True
    assert fetch(editor_api, created["id"]) == created


def test_the_hypothesis_is_written_as_a_test_card(log_experiment, plant_map):
    created = log_experiment(step_ids=[plant_map.step("Pay"), plant_map.step("Unpack the plants")])

    assert created["criterion"] == "share of deliveries with a complaint falls by at least 5 percentage points"
    assert created["hypothesis"] == (
        "We believe that a video call to choose the plant will decrease share of deliveries with a complaint "
        "at “Pay” and “Unpack the plants” — we are right if share of deliveries with a complaint falls by at "
        "least 5 percentage points")


def test_a_mean_metrics_criterion_speaks_in_its_unit(log_experiment):
    created = log_experiment(metric=MEAN, minimum_effect=0.3)

    assert created["criterion"] == "satisfaction rises by at least 0.3 points"
    assert created["hypothesis"].startswith("We believe that a video call to choose the plant will increase "
                                            "satisfaction at “Unpack the plants”")


@pytest.mark.parametrize(("effect", "words"), [
    (0.01, "falls by at least 1 percentage point"),
    (0.025, "falls by at least 2.5 percentage points"),
    (0, "share of deliveries with a complaint falls"),
])
def test_the_criterion_reads_as_a_sentence(log_experiment, effect, words):
    criterion = log_experiment(minimum_effect=effect)["criterion"]

    assert criterion.endswith(words), criterion
    assert "at least 0" not in criterion and "1 percentage points" not in criterion


def test_without_a_minimum_effect_the_test_card_has_no_criterion(log_experiment):
    created = log_experiment(minimum_effect=None)

    assert created["criterion"] == ""
    assert "we are right if" not in created["hypothesis"]


def test_a_custom_hypothesis_and_criterion_are_kept(log_experiment):
    created = log_experiment(hypothesis="If people see their plant first, fewer complain.",
                             criterion="complaints halve")

    assert created["hypothesis"] == "If people see their plant first, fewer complain."
    assert created["criterion"] == "complaints halve"


def test_a_custom_criterion_goes_into_the_generated_hypothesis(log_experiment):
    created = log_experiment(criterion="complaints halve")

    assert created["hypothesis"].endswith("— we are right if complaints halve")


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_hypothesis_is_generated_as_the_schema_says(log_experiment, blank):
    # What a form sends when the field is left empty.
    created = log_experiment(hypothesis=blank, criterion=blank)

    assert created["criterion"] == "share of deliveries with a complaint falls by at least 5 percentage points"
    assert created["hypothesis"].startswith("We believe that a video call to choose the plant will decrease")


def test_the_generated_test_card_follows_edits_while_untouched(editor_api, log_experiment, plant_map):
    created = log_experiment()

    response = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={
        "solution": "a photo of the packed plant", "minimum_effect": 0.1,
        "step_ids": [plant_map.step("Pay")], "version": created["version"]})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["criterion"] == "share of deliveries with a complaint falls by at least 10 percentage points"
    assert response.json["hypothesis"] == (
        "We believe that a photo of the packed plant will decrease share of deliveries with a complaint at “Pay” — "
        "we are right if share of deliveries with a complaint falls by at least 10 percentage points")


def test_a_hypothesis_the_team_rewrote_is_not_regenerated(editor_api, log_experiment):
    created = log_experiment()
    edited = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={
        "hypothesis": "Seeing the plant first prevents complaints.", "version": created["version"]}).json

    after = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={
        "solution": "something else", "minimum_effect": 0.2, "version": edited["version"]}).json

    assert after["hypothesis"] == "Seeing the plant first prevents complaints."
    assert after["criterion"] == "share of deliveries with a complaint falls by at least 20 percentage points"


def test_clearing_a_rewritten_hypothesis_brings_the_test_card_back(editor_api, log_experiment):
    created = log_experiment(hypothesis="Our own words.")

    after = editor_api.patch(f"/api/v1/experiments/{created['id']}",
                         json={"hypothesis": "", "version": created["version"]}).json

    assert after["hypothesis"].startswith("We believe that a video call to choose the plant will decrease")


def test_steps_of_several_journeys_and_evidence_can_be_linked(editor_api, make_map, plant_map, log_experiment):
    other = make_map({"Care": ["Water the plants"]}, title="Keep my plants alive")
    quote = editor_api.post("/api/v1/workspaces/alpha/quotes", json={"text": "The soil was everywhere."}).json
    job = editor_api.post("/api/v1/workspaces/alpha/jobs", json={
        "situation": "my plants arrive", "motivation": "unpack them quickly", "outcome": "enjoy them"}).json

    created = log_experiment(step_ids=[plant_map.step("Pay"), other.step("Water the plants")],
                             quote_ids=[quote["id"]], job_id=job["id"])

    assert created["step_ids"] == [plant_map.step("Pay"), other.step("Water the plants")]
    assert (created["quote_ids"], created["job_id"]) == ([quote["id"]], job["id"])


# ---- what is refused ----------------------------------------------------------------------

@pytest.mark.parametrize(("change", "field", "words"), [
    ({"title": "  "}, "title", "required"),
    ({"title": "x" * 201}, "title", "200"),
    ({"step_ids": []}, "step_ids", "at least one"),
    ({"metric": {**PROPORTION, "kind": "ratio"}}, "metric", "proportion"),
    ({"metric": {**PROPORTION, "direction": "sideways"}}, "metric", "increase"),
    ({"metric": {"kind": "mean"}}, "metric", "name"),
    ({"design": "crossover"}, "design", "randomised"),
    ({"minimum_effect": -0.1}, "minimum_effect", "at least 0"),
    ({"minimum_effect": 2}, "minimum_effect", "0.02"),
    ({"minimum_effect": "big"}, "minimum_effect", "number"),
    ({"metric": MEAN, "minimum_effect": 1e300}, "minimum_effect", "at most"),
    ({"step_ids": ["no-such-step"]}, "step_ids", "no-such-step"),
    ({"quote_ids": ["no-such-quote"]}, "quote_ids", "no-such-quote"),
    ({"job_id": "no-such-job"}, "job_id", "no-such-job"),
])
def test_a_bad_field_is_named_in_the_422(editor_api, plant_map, change, field, words):
    body = experiment_body(**{"step_ids": [plant_map.step("Pay")], **change})

    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/experiments", json=body))

    assert field in fields and words in fields[field], fields
    assert listed(editor_api) == []


def test_the_required_fields_are_all_named_at_once(editor_api, plant_map):
    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/experiments", json={"solution": "video"}))

    assert {"title", "step_ids", "metric"} <= set(fields)


def test_unknown_fields_and_a_verdict_on_a_draft_are_refused(editor_api, plant_map):
    steps = [plant_map.step("Pay")]

    assert "colour" in field_errors(editor_api.post("/api/v1/workspaces/alpha/experiments",
                                                json=experiment_body(step_ids=steps, colour="red")))
    assert "verdict" in field_errors(editor_api.post("/api/v1/workspaces/alpha/experiments",
                                                 json=experiment_body(step_ids=steps, verdict="supported")))


def test_nan_and_infinity_are_not_numbers(editor_api, plant_map):
    body = json.dumps(experiment_body(step_ids=[plant_map.step("Pay")])).replace('"minimum_effect": 0.05',
                                                                              '"minimum_effect": NaN')
    response = editor_api.post("/api/v1/workspaces/alpha/experiments", data=body,
                           headers={"Content-Type": "application/json"})

    assert response.status_code in (400, 422)
    assert_error(response, response.status_code)


def test_steps_of_another_workspace_are_refused(editor_api, beta_map, plant_map):
    betala = beta_map.step("Betala")
    body = experiment_body(step_ids=[plant_map.step("Pay"), betala])

    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/experiments", json=body))

    assert betala in fields["step_ids"]
    assert "Betala" not in fields["step_ids"]  # its id only: nothing of beta's map leaks


def test_steps_of_another_workspace_are_refused_on_edit_too(editor_api, log_experiment, beta_map):
    created = log_experiment()

    fields = field_errors(editor_api.patch(f"/api/v1/experiments/{created['id']}", json={
        "step_ids": [beta_map.step("Betala")], "version": created["version"]}))

    assert "step_ids" in fields
    assert fetch(editor_api, created["id"])["step_ids"] == created["step_ids"]


# ---- editing ------------------------------------------------------------------------------

def test_an_edit_bumps_the_version_and_a_stale_one_gets_409(editor_api, log_experiment):
    created = log_experiment()
    first = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={"owner": "Ops", "version": 1})
    assert first.status_code == 200 and first.json["version"] == 2

    stale = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={"owner": "Someone else", "version": 1})

    error = assert_error(stale, 409, "conflict")
    assert error["details"]["current_version"] == 2
    assert fetch(editor_api, created["id"])["owner"] == "Ops"


def test_a_patch_without_a_version_is_refused(editor_api, log_experiment):
    created = log_experiment()

    assert "version" in field_errors(editor_api.patch(f"/api/v1/experiments/{created['id']}", json={"owner": "Ops"}))


def test_the_learning_card_is_kept(editor_api, log_experiment):
    created = log_experiment()
    learning = {"observed": "fewer complaints", "learned": "seeing the plant matters", "next": "offer it to all"}

    edited = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={"learning": learning, "version": 1}).json

    assert edited["learning"] == learning


def test_the_metric_kind_and_design_stay_while_measurements_exist(editor_api, log_experiment):
    created = log_experiment()
    editor_api.post(f"/api/v1/experiments/{created['id']}/measurements",
                json={"group": "baseline", "successes": 3, "trials": 40})

    kind = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={"metric": {"kind": "mean"}, "version": 1})
    design = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={"design": "randomised", "version": 1})

    assert "delete them" in assert_error(kind, 409, "conflict")["message"]
    assert_error(design, 409, "conflict")
    assert fetch(editor_api, created["id"])["metric"]["kind"] == "proportion"


def test_the_metric_kind_can_change_before_anything_is_measured(editor_api, log_experiment):
    created = log_experiment(minimum_effect=None)

    edited = editor_api.patch(f"/api/v1/experiments/{created['id']}", json={
        "metric": {"kind": "mean", "name": "satisfaction", "unit": "points"}, "minimum_effect": 0.5, "version": 1})

    assert edited.status_code == 200, edited.get_data(as_text=True)
    assert edited.json["metric"] == {**MEAN, "direction": "decrease"}  # the parts not sent stay
    assert edited.json["criterion"] == "satisfaction falls by at least 0.5 points"


def test_a_verdict_cannot_be_edited_before_the_experiment_concludes(editor_api, log_experiment):
    created = log_experiment()

    fields = field_errors(editor_api.patch(f"/api/v1/experiments/{created['id']}",
                                       json={"verdict": "supported", "version": 1}))

    assert "verdict" in fields and fetch(editor_api, created["id"])["verdict"] is None


# ---- reading and filtering ----------------------------------------------------------------

def test_the_list_filters_by_status_step_and_journey(editor_api, make_map, plant_map, log_experiment):
    care = make_map({"Care": ["Water the plants"]}, title="Keep my plants alive")
    video = log_experiment(title="Video", step_ids=[plant_map.step("Unpack the plants")])
    chat = log_experiment(title="Chat", step_ids=[plant_map.step("Ask in the chat"), care.step("Water the plants")])
    reminder = log_experiment(title="Reminder", step_ids=[care.step("Water the plants")])
    moved(editor_api, chat["id"], "running")

    def titles(query: str) -> set[str]:
        return {e["title"] for e in listed(editor_api, query)}

    assert titles("") == {"Video", "Chat", "Reminder"}
    assert titles("status=running") == {"Chat"}
    assert titles("status=draft") == {"Video", "Reminder"}
    assert titles(f"step={care.step('Water the plants')}") == {"Chat", "Reminder"}
    assert titles(f"journey={plant_map.id}") == {"Video", "Chat"}
    assert titles(f"journey={care.id}&status=draft") == {"Reminder"}
    assert titles("step=no-such-step") == set()
    assert video and reminder


def test_the_list_has_the_envelope_and_pages(editor_api, log_experiment):
    for n in range(3):
        log_experiment(title=f"Experiment {n}")

    body = editor_api.get("/api/v1/workspaces/alpha/experiments?per_page=2&page=2").json

    assert len(assert_list_envelope(body, page=2, per_page=2, total=3)) == 1


def test_a_bad_status_filter_is_a_422(editor_api, plant_map):
    assert "status" in field_errors(editor_api.get("/api/v1/workspaces/alpha/experiments?status=finished"))


def test_a_steps_experiments_are_listed_oldest_first(editor_api, plant_map, log_experiment):
    pay = plant_map.step("Pay")
    first = log_experiment(title="First", step_ids=[pay])
    log_experiment(title="Elsewhere", step_ids=[plant_map.step("Ask in the chat")])
    second = log_experiment(title="Second", step_ids=[plant_map.step("Unpack the plants"), pay])

    response = editor_api.get(f"/api/v1/steps/{pay}/experiments")

    assert response.status_code == 200
    items = assert_list_envelope(response.json, page=1, per_page=response.json["per_page"], total=2)
    assert [e["id"] for e in items] == [first["id"], second["id"]]


def test_a_step_without_experiments_has_an_empty_list_and_an_unknown_step_a_404(editor_api, plant_map):
    assert editor_api.get(f"/api/v1/steps/{plant_map.step('Pay')}/experiments").json["items"] == []
    assert_error(editor_api.get("/api/v1/steps/0123456789abcdef0123456789abcdef/experiments"), 404, "not_found")


def test_an_unknown_experiment_is_a_404(editor_api, team):
    for path in ("/api/v1/experiments/nope", "/api/v1/experiments/nope/result", "/api/v1/measurements/nope"):
        assert_error(editor_api.get(path), 404, "not_found")


# ---- deleting -----------------------------------------------------------------------------

def test_deleting_an_experiment_takes_its_measurements_but_not_the_steps_or_evidence(editor_api, log_experiment,
                                                                                    plant_map):
    quote = editor_api.post("/api/v1/workspaces/alpha/quotes", json={"text": "Soil everywhere."}).json
    created = log_experiment(quote_ids=[quote["id"]])
    measurement = editor_api.post(f"/api/v1/experiments/{created['id']}/measurements",
                              json={"group": "baseline", "successes": 3, "trials": 40}).json

    assert editor_api.delete(f"/api/v1/experiments/{created['id']}").status_code == 204

    assert_error(editor_api.get(f"/api/v1/experiments/{created['id']}"), 404)
    assert_error(editor_api.get(f"/api/v1/measurements/{measurement['id']}"), 404)
    assert editor_api.get(f"/api/v1/quotes/{quote['id']}").status_code == 200
    assert editor_api.get(f"/api/v1/steps/{plant_map.step('Unpack the plants')}").status_code == 200


# ---- the route list -----------------------------------------------------------------------

ROUTES = {
    "/api/v1/workspaces/{slug}/experiments": {"get", "post"},
    "/api/v1/experiments/{experiment_id}": {"get", "patch", "delete"},
    "/api/v1/experiments/{experiment_id}/status": {"post"},
    "/api/v1/experiments/{experiment_id}/measurements": {"post"},
    "/api/v1/measurements/{measurement_id}": {"get", "patch", "delete"},
    "/api/v1/experiments/{experiment_id}/result": {"get"},
    "/api/v1/steps/{step_id}/experiments": {"get"},
}


def test_every_experiment_route_is_in_the_openapi_document(api_as, team):
    spec = json.loads(api_as(None).get("/api/v1/openapi.json").get_data(as_text=True))

    for path, methods in ROUTES.items():
        assert path in spec["paths"], path
        assert methods <= set(spec["paths"][path]), (path, set(spec["paths"][path]))
    result = spec["paths"]["/api/v1/experiments/{experiment_id}/result"]["get"]["responses"]["200"]
    assert "ResultSchema" in json.dumps(result) or "Result" in json.dumps(result)


def test_the_test_card_of_several_steps_follows_edits_whatever_order_they_load_in(editor_api, log_experiment,
                                                                                 plant_map):
    # The link table keeps no order: sent in the reverse of the ids' order, the steps come back sorted.
    steps = sorted([plant_map.step("Pay"), plant_map.step("Unpack the plants")], reverse=True)
    created = log_experiment(step_ids=steps)

    edited = editor_api.patch(f"/api/v1/experiments/{created['id']}",
                          json={"solution": "a photo of the packed plant", "version": created["version"]}).json

    assert edited["hypothesis"].startswith("We believe that a photo of the packed plant will decrease")
    assert "at “Pay” and “Unpack the plants”" in edited["hypothesis"]  # in the map's order


def test_step_ids_come_back_in_the_same_order_from_every_read(editor_api, log_experiment, plant_map):
    steps = sorted([plant_map.step("Pay"), plant_map.step("Unpack the plants"), plant_map.step("Ask in the chat")],
                   reverse=True)
    created = log_experiment(step_ids=steps)

    in_map_order = [plant_map.step("Ask in the chat"), plant_map.step("Pay"), plant_map.step("Unpack the plants")]
    assert created["step_ids"] == in_map_order
    assert fetch(editor_api, created["id"])["step_ids"] == in_map_order
    assert listed(editor_api)[0]["step_ids"] == in_map_order


def test_the_list_shows_the_most_recently_changed_first(editor_api, log_experiment):
    old = log_experiment(title="Old")
    log_experiment(title="New")
    editor_api.patch(f"/api/v1/experiments/{old['id']}", json={"owner": "Ops", "version": old["version"]})

    assert [e["title"] for e in listed(editor_api)] == ["Old", "New"]


def test_deleting_a_target_step_leaves_the_experiment_readable(editor_api, log_experiment, plant_map):
    pay, unpack = plant_map.step("Pay"), plant_map.step("Unpack the plants")
    experiment = log_experiment(step_ids=[pay, unpack])

    assert editor_api.delete(f"/api/v1/steps/{pay}").status_code == 204

    assert fetch(editor_api, experiment["id"])["step_ids"] == [unpack]
    assert editor_api.get(f"/api/v1/experiments/{experiment['id']}/result").status_code == 200
    assert [e["id"] for e in listed(editor_api, f"step={unpack}")] == [experiment["id"]]
