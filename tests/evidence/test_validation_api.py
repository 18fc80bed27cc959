"""Bad input to the evidence API answers 422 naming the field (never a 500), and nothing is written."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, field_errors
from tests.evidence.helpers import JOB, create, fetch, listed

pytestmark = pytest.mark.sqlite_only  # input refused before any SQL runs

VALID = {"quotes": {"text": "Late again."}, "narratives": {"title": "Waiting"}, "jobs": JOB,
         "participants": {"code": "P01"}}


@pytest.mark.parametrize(("plural", "bad", "field"), [
    ("quotes", {"sentiment": "angry"}, "sentiment"),
    ("quotes", {"sentiment": "POSITIVE"}, "sentiment"),
    ("quotes", {"language": "xx"}, "language"),
    ("quotes", {"language": "svenska"}, "language"),
    ("quotes", {"collected_on": "yesterday"}, "collected_on"),
    ("quotes", {"collected_on": "2026-02-30"}, "collected_on"),
    ("quotes", {"collected_on": 20260304}, "collected_on"),
    ("quotes", {"text": ""}, "text"),
    ("quotes", {"text": "   \n "}, "text"),
    ("quotes", {"text": None}, "text"),
    ("quotes", {"text": ["a", "b"]}, "text"),
    ("quotes", {"text": "x" * 20_001}, "text"),
    ("quotes", {"source": "s" * 201}, "source"),
    ("quotes", {"participant": "P" * 41}, "participant"),
    ("quotes", {"participant": {"code": "P01"}}, "participant"),
    ("quotes", {"tags": "not, a, list"}, "tags"),
    ("quotes", {"tags": [1, 2]}, "tags"),
    ("quotes", {"tags": ["x" * 61]}, "tags"),
    ("quotes", {"tags": [f"tag {n}" for n in range(31)]}, "tags"),
    ("narratives", {"told_on": "yesterday"}, "told_on"),
    ("narratives", {"title": "t" * 201}, "title"),
    ("narratives", {"body": 42}, "body"),
    ("jobs", {"importance": 7}, "importance"),
    ("jobs", {"satisfaction": 0}, "satisfaction"),
    ("jobs", {"importance": "5"}, "importance"),
    ("participants", {"method": "telepathy"}, "method"),
    ("participants", {"interviewed_on": "yesterday"}, "interviewed_on"),
])
def test_a_bad_field_is_422_with_the_field_named(editor_api, plural, bad, field):
    fields = field_errors(editor_api.post(f"/api/v1/workspaces/alpha/{plural}", json={**VALID[plural], **bad}))

    assert field in fields
    assert listed(editor_api, plural) == []


def test_every_bad_field_is_reported_at_once(editor_api):
    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/quotes", json={
        "text": ["Late."], "collected_on": "yesterday", "tags": [1]}))

    assert {"text", "collected_on", "tags"} <= set(fields)


def test_the_service_reports_every_problem_it_finds_at_once(editor_api):
    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/quotes", json={
        "text": "  ", "language": "xx", "tags": ["x" * 61]}))

    assert {"text", "language", "tags"} <= set(fields)


def test_the_messages_say_what_is_wanted(editor_api):
    quote = field_errors(editor_api.post("/api/v1/workspaces/alpha/quotes", json={"text": "  ", "language": "xx"}))
    job = field_errors(editor_api.post("/api/v1/workspaces/alpha/jobs", json={**JOB, "importance": 7}))

    assert "required" in quote["text"]
    assert "sv" in quote["language"] and "en" in quote["language"]
    assert "5" in job["importance"]


@pytest.mark.parametrize("plural", list(VALID))
def test_unknown_fields_are_422(editor_api, plural):
    fields = field_errors(editor_api.post(f"/api/v1/workspaces/alpha/{plural}",
                                      json={**VALID[plural], "workspace_id": "beta", "colour": "green"}))

    assert {"workspace_id", "colour"} <= set(fields)
    assert listed(editor_api, plural) == []


@pytest.mark.parametrize("field", ["id", "version", "created_at", "personal_data", "participant_id"])
def test_read_only_fields_cannot_be_sent(editor_api, field):
    assert field in field_errors(editor_api.post("/api/v1/workspaces/alpha/quotes",
                                             json={"text": "Late.", field: "x"}))


def test_an_edit_with_a_bad_field_changes_nothing(editor_api):
    quote = create(editor_api, "quotes", text="Late.", sentiment="negative")

    fields = field_errors(editor_api.patch(f"/api/v1/quotes/{quote['id']}", json={
        "text": "Edited", "language": "xx", "version": 1}))

    assert "language" in fields
    assert fetch(editor_api, "quotes", quote["id"]) == quote


@pytest.mark.parametrize("body", [None, [], "text", 42])
def test_a_body_that_is_not_an_object_is_refused(editor_api, body):
    response = editor_api.post("/api/v1/workspaces/alpha/quotes", json=body)

    assert response.status_code in (400, 422), response.get_data(as_text=True)
    assert_error(response, response.status_code)


def test_malformed_json_is_400(editor_api):
    response = editor_api.post("/api/v1/workspaces/alpha/quotes", data='{"text": ',
                           headers={"Content-Type": "application/json"})

    assert_error(response, 400)


# ---- NUL characters -------------------------------------------------------------------------

@pytest.mark.parametrize(("plural", "bad", "field"), [
    ("quotes", {"text": "Late\x00again"}, "text"),
    ("quotes", {"source": "inter\x00view"}, "source"),
    ("quotes", {"participant": "P\x0001"}, "participant"),
    ("quotes", {"language": "s\x00v"}, "language"),
    ("quotes", {"tags": ["Lev\x00erans"]}, "tags"),
    ("quotes", {"step_ids": ["abc\x00def"]}, "step_ids"),
    ("narratives", {"body": "Once\x00upon"}, "body"),
    ("narratives", {"title": "\x00"}, "title"),
    ("jobs", {"situation": "my plants\x00 look sad"}, "situation"),
    ("jobs", {"phase_ids": ["\x00"]}, "phase_ids"),
    ("participants", {"code": "P\x0007"}, "code"),
    ("participants", {"segment": "Flat\x00"}, "segment"),
])
def test_nul_characters_are_422_not_500(editor_api, plural, bad, field):
    fields = field_errors(editor_api.post(f"/api/v1/workspaces/alpha/{plural}", json={**VALID[plural], **bad}))

    assert field in fields
    assert listed(editor_api, plural) == []


def test_nul_characters_in_an_edit_are_422(editor_api):
    quote = create(editor_api, "quotes", text="Late.")

    assert "text" in field_errors(editor_api.patch(f"/api/v1/quotes/{quote['id']}",
                                               json={"text": "La\x00te", "version": 1}))


@pytest.mark.parametrize("query", ["tag=Lev%00erans", "participant=P%0001", "step=ab%00c", "journey=%00"])
def test_nul_characters_in_list_filters_never_give_a_500(editor_api, query):
    response = editor_api.get(f"/api/v1/workspaces/alpha/quotes?{query}")

    if response.status_code == 200:  # SQLite looks it up and finds nothing
        assert response.json["items"] == []
    else:  # PostgreSQL cannot even look it up: bad input, not our fault
        assert_error(response, 400, "bad_request")


def test_nul_characters_in_tag_rename_and_merge_are_422(editor_api):
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])

    assert_error(editor_api.patch("/api/v1/workspaces/alpha/tags/Leverans", json={"name": "De\x00livery"}), 422)
    assert_error(editor_api.post("/api/v1/workspaces/alpha/tags/merge", json={"tags": ["Leverans"], "into": "\x00"}), 422)
    merge = editor_api.post("/api/v1/workspaces/alpha/tags/merge", json={"tags": ["Lev\x00erans"], "into": "Delivery"})
    assert merge.status_code in (400, 404, 422), merge.get_data(as_text=True)
    assert_error(merge, merge.status_code)
    assert [t["name"] for t in editor_api.get("/api/v1/workspaces/alpha/tags").json["items"]] == ["Leverans"]


@pytest.mark.parametrize("path", ["/api/v1/quotes/ab%00c", "/api/v1/narratives/%00", "/api/v1/jobs/%00",
                                  "/api/v1/participants/%00", "/api/v1/steps/%00/evidence"])
def test_nul_characters_in_ids_are_not_found_not_500(editor_api, path):
    response = editor_api.get(path)

    assert response.status_code in (400, 404), response.get_data(as_text=True)
    assert_error(response, response.status_code)


def test_a_nul_in_a_tag_name_in_the_path_is_not_a_500(editor_api):
    response = editor_api.patch("/api/v1/workspaces/alpha/tags/Lev%00erans", json={"name": "Delivery"})

    assert response.status_code in (400, 404), response.get_data(as_text=True)
    assert_error(response, response.status_code)
