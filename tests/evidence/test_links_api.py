"""Evidence linked to steps (and jobs to phases): links stay inside the workspace, deleting a step
or phase never deletes evidence, deleting linked evidence needs force and leaves the steps."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, field_errors
from tests.evidence.helpers import JOB, create, fetch, listed

KINDS = {
    "quotes": {"text": "I never know how much water they need."},
    "narratives": {"title": "Lena's first plant"},
    "jobs": JOB,
}


@pytest.fixture(params=list(KINDS))
def plural(request) -> str:
    return request.param


def _step_evidence(api, step_id: str) -> dict[str, list[str]]:
    response = api.get(f"/api/v1/steps/{step_id}/evidence")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert set(response.json) == {"quotes", "narratives", "jobs"}
    return {kind: [item["id"] for item in items] for kind, items in response.json.items()}


def test_evidence_links_to_steps_of_its_workspace(editor_api, plant_map, plural):
    step_ids = [plant_map.step("Pay"), plant_map.step("Search for easy plants")]

    item = create(editor_api, plural, **KINDS[plural], step_ids=step_ids)

    assert sorted(item["step_ids"]) == sorted(step_ids)  # the links are a set
    assert sorted(fetch(editor_api, plural, item["id"])["step_ids"]) == sorted(step_ids)
    assert _step_evidence(editor_api, plant_map.step("Pay"))[plural] == [item["id"]]


def test_a_step_listed_twice_is_linked_once(editor_api, plant_map, plural):
    item = create(editor_api, plural, **KINDS[plural], step_ids=[plant_map.step("Pay"), plant_map.step("Pay")])

    assert item["step_ids"] == [plant_map.step("Pay")]


def test_a_step_of_another_workspace_is_refused(editor_api, plant_map, beta_map, plural):
    foreign = beta_map.step("Betala")

    response = editor_api.post(f"/api/v1/workspaces/alpha/{plural}",
                           json={**KINDS[plural], "step_ids": [plant_map.step("Pay"), foreign]})

    fields = field_errors(response)
    assert set(fields) == {"step_ids"}
    assert foreign in fields["step_ids"] and "workspace" in fields["step_ids"]
    assert listed(editor_api, plural) == []


def test_a_step_of_another_workspace_is_refused_on_edit_and_the_links_stay(editor_api, plant_map, beta_map, plural):
    item = create(editor_api, plural, **KINDS[plural], step_ids=[plant_map.step("Pay")])

    response = editor_api.patch(f"/api/v1/{plural}/{item['id']}",
                            json={"step_ids": [beta_map.step("Betala")], "version": 1})

    assert "step_ids" in field_errors(response)
    assert fetch(editor_api, plural, item["id"])["step_ids"] == [plant_map.step("Pay")]
    assert _step_evidence(editor_api, plant_map.step("Pay"))[plural] == [item["id"]]


def test_an_unknown_step_is_refused(editor_api, plural):
    assert "step_ids" in field_errors(editor_api.post(f"/api/v1/workspaces/alpha/{plural}",
                                                  json={**KINDS[plural], "step_ids": ["no-such-step"]}))


@pytest.mark.parametrize("step_ids", ["abc", [1, 2], [None], ["x" * 65], {"id": "x"}])
def test_step_ids_must_be_a_list_of_ids(editor_api, plural, step_ids):
    assert "step_ids" in field_errors(editor_api.post(f"/api/v1/workspaces/alpha/{plural}",
                                                  json={**KINDS[plural], "step_ids": step_ids}))


def test_an_edit_replaces_the_links(editor_api, plant_map, plural):
    item = create(editor_api, plural, **KINDS[plural], step_ids=[plant_map.step("Pay")])

    response = editor_api.patch(f"/api/v1/{plural}/{item['id']}",
                            json={"step_ids": [plant_map.step("Ask in the chat")], "version": 1})

    assert response.status_code == 200, response.json
    assert response.json["step_ids"] == [plant_map.step("Ask in the chat")]
    assert _step_evidence(editor_api, plant_map.step("Pay"))[plural] == []
    assert _step_evidence(editor_api, plant_map.step("Ask in the chat"))[plural] == [item["id"]]


def test_deleting_a_step_keeps_the_evidence_and_drops_the_link(editor_api, plant_map, plural):
    item = create(editor_api, plural, **KINDS[plural], step_ids=[plant_map.step("Pay"), plant_map.step("Ask in the chat")])

    assert editor_api.delete(f"/api/v1/steps/{plant_map.step('Pay')}").status_code == 204

    kept = fetch(editor_api, plural, item["id"])
    assert kept["step_ids"] == [plant_map.step("Ask in the chat")]
    assert [i["id"] for i in listed(editor_api, plural)] == [item["id"]]
    assert listed(editor_api, plural, f"step={plant_map.step('Pay')}") == []


def test_deleting_a_phase_with_cascade_keeps_the_evidence(editor_api, plant_map):
    home = plant_map.phase("Get the plants home")
    quote = create(editor_api, "quotes", **KINDS["quotes"], step_ids=[plant_map.step("Pay")])
    story = create(editor_api, "narratives", **KINDS["narratives"],
                   step_ids=[plant_map.step("Unpack the plants"), plant_map.step("Ask in the chat")])
    job = create(editor_api, "jobs", **JOB, step_ids=[plant_map.step("Pay")],
                 phase_ids=[home, plant_map.phase("Find plants that suit me")])

    assert editor_api.delete(f"/api/v1/phases/{home}?cascade=true").status_code == 204

    assert fetch(editor_api, "quotes", quote["id"])["step_ids"] == []
    assert fetch(editor_api, "narratives", story["id"])["step_ids"] == [plant_map.step("Ask in the chat")]
    kept_job = fetch(editor_api, "jobs", job["id"])
    assert (kept_job["step_ids"], kept_job["phase_ids"]) == ([], [plant_map.phase("Find plants that suit me")])
    assert (len(listed(editor_api, "quotes")), len(listed(editor_api, "narratives")), len(listed(editor_api, "jobs"))) == (1, 1, 1)


def test_evidence_whose_steps_were_all_deleted_goes_without_force(editor_api, plant_map, plural):
    item = create(editor_api, plural, **KINDS[plural], step_ids=[plant_map.step("Pay")])
    editor_api.delete(f"/api/v1/steps/{plant_map.step('Pay')}")

    assert editor_api.delete(f"/api/v1/{plural}/{item['id']}").status_code == 204


def test_deleting_linked_evidence_needs_force(editor_api, plant_map, plural):
    item = create(editor_api, plural, **KINDS[plural], step_ids=[plant_map.step("Pay"), plant_map.step("Ask in the chat")])

    error = assert_error(editor_api.delete(f"/api/v1/{plural}/{item['id']}"), 409, "conflict")

    assert "force" in error["message"] and error["details"] == {"links": 2}
    assert sorted(fetch(editor_api, plural, item["id"])["step_ids"]) == sorted([plant_map.step("Pay"),
                                                                            plant_map.step("Ask in the chat")])
    assert _step_evidence(editor_api, plant_map.step("Pay"))[plural] == [item["id"]]


@pytest.mark.parametrize(("plural", "values", "opening"), [
    ("narratives", {"title": "Visiting IKEA with Lena"}, "“Visiting IKEA with Lena” supports 1 step"),
    ("jobs", {**JOB, "situation": "Lena visits IKEA"}, "The job “When Lena visits IKEA…” supports 1 step"),
    ("quotes", {"text": "iPhone photos of IKEA shelves"}, "“iPhone photos of IKEA shelves” supports 1 step"),
])
def test_the_refusal_names_the_evidence_as_its_author_wrote_it(editor_api, plant_map, plural, values, opening):
    """The sentence starts with a capital letter, but the user's own title keeps its case ("IKEA" is not "ikea")."""
    item = create(editor_api, plural, **values, step_ids=[plant_map.step("Pay")])

    error = assert_error(editor_api.delete(f"/api/v1/{plural}/{item['id']}"), 409, "conflict")

    assert error["message"].startswith(opening), error["message"]


def test_a_forced_delete_removes_the_links_and_keeps_the_steps(editor_api, plant_map, plural):
    item = create(editor_api, plural, **KINDS[plural], step_ids=[plant_map.step("Pay")])

    assert editor_api.delete(f"/api/v1/{plural}/{item['id']}?force=true").status_code == 204

    assert_error(editor_api.get(f"/api/v1/{plural}/{item['id']}"), 404)
    assert _step_evidence(editor_api, plant_map.step("Pay")) == {"quotes": [], "narratives": [], "jobs": []}
    step = editor_api.get(f"/api/v1/steps/{plant_map.step('Pay')}")
    assert step.status_code == 200 and step.json["title"] == "Pay"


@pytest.mark.parametrize("force", ["maybe", "2"])
def test_force_must_be_true_or_false(editor_api, plant_map, force):
    quote = create(editor_api, "quotes", **KINDS["quotes"], step_ids=[plant_map.step("Pay")])

    assert_error(editor_api.delete(f"/api/v1/quotes/{quote['id']}?force={force}"), 422)
    assert fetch(editor_api, "quotes", quote["id"])


def test_the_step_evidence_lists_every_kind_with_its_fields(editor_api, plant_map):
    pay = plant_map.step("Pay")
    quote = create(editor_api, "quotes", text="Paying was quick.", participant="P01", step_ids=[pay])
    story = create(editor_api, "narratives", title="Checkout", body="*Smooth*", step_ids=[pay])
    job = create(editor_api, "jobs", **JOB, importance=5, satisfaction=2, step_ids=[pay])
    create(editor_api, "quotes", text="Not about paying.", step_ids=[plant_map.step("Ask in the chat")])

    response = editor_api.get(f"/api/v1/steps/{pay}/evidence")

    assert response.status_code == 200, response.json
    body = response.json
    assert [(q["id"], q["text"], q["participant"]) for q in body["quotes"]] == [
        (quote["id"], "Paying was quick.", "P01")]
    assert [(n["id"], n["body_html"].strip()) for n in body["narratives"]] == [(story["id"], "<p><em>Smooth</em></p>")]
    assert [(j["id"], j["opportunity"]) for j in body["jobs"]] == [(job["id"], 8)]


def test_a_step_without_evidence_has_empty_lists(editor_api, plant_map):
    assert _step_evidence(editor_api, plant_map.step("Pay")) == {"quotes": [], "narratives": [], "jobs": []}


def test_the_evidence_of_an_unknown_step_is_404(editor_api):
    assert_error(editor_api.get("/api/v1/steps/no-such-step/evidence"), 404, "not_found")


def test_a_viewer_reads_step_evidence(viewer_api, editor_api, plant_map):
    quote = create(editor_api, "quotes", text="Quick.", step_ids=[plant_map.step("Pay")])

    assert _step_evidence(viewer_api, plant_map.step("Pay"))["quotes"] == [quote["id"]]
