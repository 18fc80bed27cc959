"""Jobs to be done through the API: the statement, opportunity scoring, and links to steps and phases."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, field_errors
from tests.evidence.helpers import JOB, create, fetch, listed

JOB_FIELDS = {"id", "situation", "motivation", "outcome", "statement", "importance", "satisfaction", "opportunity",
              "tags", "step_ids", "phase_ids", "created_at", "updated_at", "version"}


def test_a_job_reads_as_one_statement(editor_api):
    job = create(editor_api, "jobs", **JOB)

    assert set(job) == JOB_FIELDS
    assert job["statement"] == "When my plants look sad, I want to know what they need, so I can keep them alive."
    assert (job["importance"], job["satisfaction"], job["opportunity"]) == (None, None, None)
    assert fetch(editor_api, "jobs", job["id"]) == job


@pytest.mark.parametrize(("importance", "satisfaction", "opportunity"), [
    (5, 1, 9), (5, 5, 5), (4, 2, 6), (2, 5, 2), (1, 1, 1), (3, None, None), (None, 2, None),
])
def test_the_opportunity_score(editor_api, importance, satisfaction, opportunity):
    job = create(editor_api, "jobs", **JOB, importance=importance, satisfaction=satisfaction)

    assert job["opportunity"] == opportunity


def test_the_opportunity_follows_an_edit(editor_api):
    job = create(editor_api, "jobs", **JOB, importance=4, satisfaction=4)
    assert job["opportunity"] == 4

    edited = editor_api.patch(f"/api/v1/jobs/{job['id']}", json={"satisfaction": 1, "version": 1})

    assert edited.status_code == 200, edited.json
    assert (edited.json["satisfaction"], edited.json["opportunity"], edited.json["version"]) == (1, 7, 2)


@pytest.mark.parametrize("field", ["importance", "satisfaction"])
@pytest.mark.parametrize("value", [0, 6, 7, -1, 2.5, "high", True])
def test_scores_run_from_1_to_5(editor_api, field, value):
    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/jobs", json={**JOB, field: value}))

    assert set(fields) == {field}
    assert listed(editor_api, "jobs") == []


def test_the_statement_needs_all_three_parts(editor_api):
    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/jobs", json={"situation": "my plants look sad"}))

    assert set(fields) == {"motivation", "outcome"}


@pytest.mark.parametrize("part", ["situation", "motivation", "outcome"])
def test_a_blank_part_is_refused(editor_api, part):
    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/jobs", json={**JOB, part: "  "}))

    assert set(fields) == {part}
    assert part in fields[part]


def test_a_job_links_to_steps_and_phases(editor_api, plant_map):
    job = create(editor_api, "jobs", **JOB, step_ids=[plant_map.step("Ask in the chat")],
                 phase_ids=[plant_map.phase("Find plants that suit me")])

    assert job["step_ids"] == [plant_map.step("Ask in the chat")]
    assert job["phase_ids"] == [plant_map.phase("Find plants that suit me")]
    assert [j["id"] for j in listed(editor_api, "jobs", f"journey={plant_map.id}")] == [job["id"]]


def test_a_job_linked_only_to_a_phase_is_found_by_its_journey(editor_api, plant_map, make_map):
    other = make_map({"Return": ["Send back"]}, title="Return a plant")
    job = create(editor_api, "jobs", **JOB, phase_ids=[plant_map.phase("Get the plants home")])

    assert [j["id"] for j in listed(editor_api, "jobs", f"journey={plant_map.id}")] == [job["id"]]
    assert listed(editor_api, "jobs", f"journey={other.id}") == []


def test_a_phase_of_another_workspace_is_refused(editor_api, plant_map, beta_map):
    response = editor_api.post("/api/v1/workspaces/alpha/jobs", json={**JOB, "phase_ids": [beta_map.phase("Beställ")]})

    fields = field_errors(response)
    assert set(fields) == {"phase_ids"}
    assert beta_map.phase("Beställ") in fields["phase_ids"]
    assert listed(editor_api, "jobs") == []


def test_a_job_linked_only_to_a_phase_needs_force_to_delete(editor_api, plant_map):
    job = create(editor_api, "jobs", **JOB, phase_ids=[plant_map.phase("Get the plants home")])

    assert_error(editor_api.delete(f"/api/v1/jobs/{job['id']}"), 409, "conflict")
    assert editor_api.delete(f"/api/v1/jobs/{job['id']}?force=true").status_code == 204
    assert listed(editor_api, "jobs") == []


def test_jobs_filter_by_tag_step_and_journey(editor_api, plant_map):
    create(editor_api, "jobs", **JOB, tags=["Skötsel"], step_ids=[plant_map.step("Ask in the chat")])
    create(editor_api, "jobs", situation="I move house", motivation="take my plants along", outcome="keep my home",
           tags=["Flytt"])

    assert [j["situation"] for j in listed(editor_api, "jobs", "tag=skötsel")] == ["my plants look sad"]
    assert [j["situation"] for j in listed(editor_api, "jobs", f"step={plant_map.step('Ask in the chat')}")] == [
        "my plants look sad"]
    assert [j["situation"] for j in listed(editor_api, "jobs", f"journey={plant_map.id}")] == ["my plants look sad"]
    assert len(listed(editor_api, "jobs")) == 2


def test_a_job_has_no_participant(editor_api):
    assert set(field_errors(editor_api.post("/api/v1/workspaces/alpha/jobs", json={**JOB, "participant": "P01"}))) == {
        "participant"}
