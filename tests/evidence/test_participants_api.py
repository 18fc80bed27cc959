"""Participants through the API: pseudonymous codes unique per workspace, created on the fly by
quotes, and deleted only with force once their words are in the library."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, assert_list_envelope, field_errors
from tests.evidence.helpers import create, fetch, listed

PARTICIPANT_FIELDS = {"id", "code", "segment", "method", "interviewed_on", "note", "created_at", "version"}


def test_an_editor_adds_a_participant_and_reads_it_back(editor_api):
    participant = create(editor_api, "participants", code="P07", segment="First-time plant owner",
                         method="diary", interviewed_on="2026-03-04", note="Lives in a flat")

    assert set(participant) == PARTICIPANT_FIELDS
    assert (participant["code"], participant["segment"], participant["method"], participant["interviewed_on"]) == (
        "P07", "First-time plant owner", "diary", "2026-03-04")
    assert participant["version"] == 1
    assert fetch(editor_api, "participants", participant["id"]) == participant


def test_a_participant_is_interviewed_by_default(editor_api):
    assert create(editor_api, "participants", code="P01")["method"] == "interview"


@pytest.mark.parametrize("method", ["interview", "observation", "diary", "survey", "support_log", "other"])
def test_every_research_method_is_accepted(editor_api, method):
    assert create(editor_api, "participants", code="P01", method=method)["method"] == method


@pytest.mark.parametrize("taken", ["P07", "p07", " P07 "])
def test_a_code_is_unique_in_its_workspace_whatever_its_case(editor_api, taken):
    create(editor_api, "participants", code="P07")

    error = assert_error(editor_api.post("/api/v1/workspaces/alpha/participants", json={"code": taken}), 409, "conflict")

    assert error["details"]["fields"] == {"code": "already exists"}
    assert [p["code"] for p in listed(editor_api, "participants")] == ["P07"]


def test_the_same_code_may_exist_in_another_workspace(editor_api, api_as, team):
    create(editor_api, "participants", code="P07")

    assert create(api_as(team.outsider), "participants", slug="beta", code="P07")["code"] == "P07"


def test_renaming_onto_a_taken_code_is_a_conflict(editor_api):
    create(editor_api, "participants", code="P01")
    second = create(editor_api, "participants", code="P02")

    assert_error(editor_api.patch(f"/api/v1/participants/{second['id']}", json={"code": "p01", "version": 1}), 409)
    assert fetch(editor_api, "participants", second["id"])["code"] == "P02"


def test_changing_only_the_case_of_ones_own_code_is_allowed(editor_api):
    participant = create(editor_api, "participants", code="p07")

    response = editor_api.patch(f"/api/v1/participants/{participant['id']}", json={"code": "P07", "version": 1})

    assert response.status_code == 200, response.json
    assert (response.json["code"], response.json["version"]) == ("P07", 2)


def test_a_new_code_in_a_quote_creates_the_participant(editor_api):
    quote = create(editor_api, "quotes", text="I forget to water.", participant="P11")

    (participant,) = listed(editor_api, "participants")
    assert participant["code"] == "P11"
    assert quote["participant_id"] == participant["id"]


def test_a_known_code_in_any_case_attributes_the_quote_to_the_existing_participant(editor_api):
    existing = create(editor_api, "participants", code="P11", segment="Balcony gardener")

    quote = create(editor_api, "quotes", text="Too windy out here.", participant="p11")

    assert (quote["participant_id"], quote["participant"]) == (existing["id"], "P11")
    assert len(listed(editor_api, "participants")) == 1


def test_a_narrative_with_a_new_code_creates_the_participant_too(editor_api):
    story = create(editor_api, "narratives", title="Moving day", participant="P12")

    assert [p["code"] for p in listed(editor_api, "participants")] == ["P12"]
    assert story["participant"] == "P12"


def test_a_participant_without_evidence_is_deleted_without_force(editor_api):
    participant = create(editor_api, "participants", code="P01")

    assert editor_api.delete(f"/api/v1/participants/{participant['id']}").status_code == 204
    assert_error(editor_api.get(f"/api/v1/participants/{participant['id']}"), 404, "not_found")


def test_deleting_a_quoted_participant_needs_force_and_keeps_the_quotes_unattributed(editor_api):
    quote = create(editor_api, "quotes", text="I forget to water.", participant="P11")
    story = create(editor_api, "narratives", title="Forgetful", participant="P11")
    participant_id = quote["participant_id"]

    refused = editor_api.delete(f"/api/v1/participants/{participant_id}")

    error = assert_error(refused, 409, "conflict")
    assert "P11" in error["message"] and error["details"] == {"evidence": 2}
    assert fetch(editor_api, "participants", participant_id)["code"] == "P11"

    assert editor_api.delete(f"/api/v1/participants/{participant_id}?force=true").status_code == 204

    assert listed(editor_api, "participants") == []
    kept = fetch(editor_api, "quotes", quote["id"])
    assert (kept["text"], kept["participant"], kept["participant_id"]) == ("I forget to water.", None, None)
    assert fetch(editor_api, "narratives", story["id"])["participant"] is None
    assert listed(editor_api, "quotes", "participant=P11") == []


def test_the_participant_list_is_ordered_by_code_and_filters(editor_api):
    create(editor_api, "participants", code="P03", segment="Balcony", method="survey", interviewed_on="2026-03-01")
    create(editor_api, "participants", code="P01", segment="Flat", method="interview", interviewed_on="2026-01-10")
    create(editor_api, "participants", code="P02", segment="Flat", method="diary", interviewed_on="2026-02-10")

    def codes(query=""):
        return [p["code"] for p in listed(editor_api, "participants", query)]

    assert codes() == ["P01", "P02", "P03"]
    assert codes("segment=Flat") == ["P01", "P02"]
    assert codes("method=diary") == ["P02"]
    assert codes("from=2026-02-01") == ["P02", "P03"]
    assert codes("to=2026-02-10") == ["P01", "P02"]
    page = editor_api.get("/api/v1/workspaces/alpha/participants?per_page=2&page=2").json
    assert [p["code"] for p in assert_list_envelope(page, page=2, per_page=2, total=3)] == ["P03"]


@pytest.mark.parametrize(("body", "field"), [
    ({}, "code"),
    ({"code": ""}, "code"),
    ({"code": "   "}, "code"),
    ({"code": "P" * 41}, "code"),
    ({"code": "P01", "method": "telepathy"}, "method"),
    ({"code": "P01", "interviewed_on": "yesterday"}, "interviewed_on"),
    ({"code": "P01", "segment": 7}, "segment"),
    ({"code": "P01", "name": "Anna Svensson"}, "name"),
])
def test_participant_fields_are_checked(editor_api, body, field):
    assert field in field_errors(editor_api.post("/api/v1/workspaces/alpha/participants", json=body))
    assert listed(editor_api, "participants") == []


def test_a_stale_participant_edit_is_a_conflict(editor_api):
    participant = create(editor_api, "participants", code="P01")
    first = editor_api.patch(f"/api/v1/participants/{participant['id']}", json={"segment": "Flat", "version": 1})
    assert first.status_code == 200

    error = assert_error(editor_api.patch(f"/api/v1/participants/{participant['id']}",
                                      json={"segment": "Balcony", "version": 1}), 409, "conflict")

    assert error["details"]["current_version"] == 2
    assert fetch(editor_api, "participants", participant["id"])["segment"] == "Flat"


def test_a_participant_edit_needs_the_version(editor_api):
    participant = create(editor_api, "participants", code="P01")

    assert "version" in field_errors(editor_api.patch(f"/api/v1/participants/{participant['id']}", json={"segment": "x"}))
