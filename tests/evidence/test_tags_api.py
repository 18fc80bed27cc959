"""Tags through the API: per workspace, case-insensitive, counted, renamed everywhere and merged."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, assert_list_envelope, field_errors
from tests.evidence.helpers import JOB, create, fetch, listed


def _tags(api, slug="alpha") -> dict[str, dict]:
    response = api.get(f"/api/v1/workspaces/{slug}/tags")
    assert response.status_code == 200, response.json
    items = assert_list_envelope(response.json, page=1, per_page=max(len(response.json["items"]), 1),
                                 total=len(response.json["items"]))
    return {t["name"]: t for t in items}


def test_one_tag_whatever_its_case_and_the_first_spelling_is_kept(editor_api):
    first = create(editor_api, "quotes", text="Late again.", tags=["Leverans"])
    second = create(editor_api, "quotes", text="Where is my parcel?", tags=["leverans"])
    third = create(editor_api, "narratives", title="The long wait", tags=["LEVERANS"])

    assert first["tags"] == second["tags"] == third["tags"] == ["Leverans"]
    assert list(_tags(editor_api)) == ["Leverans"]


def test_duplicates_in_one_request_become_one_tag(editor_api):
    quote = create(editor_api, "quotes", text="Late.", tags=["Leverans", "leverans", "  Leverans  ", "Pris", ""])

    assert quote["tags"] == ["Leverans", "Pris"]


def test_whitespace_inside_a_tag_is_tidied(editor_api):
    quote = create(editor_api, "quotes", text="Late.", tags=["home   delivery"])
    other = create(editor_api, "quotes", text="Later.", tags=["Home delivery"])

    assert quote["tags"] == other["tags"] == ["home delivery"]


def test_the_tag_list_counts_uses_by_kind(editor_api):
    create(editor_api, "quotes", text="Late.", tags=["Leverans", "Pris"])
    create(editor_api, "quotes", text="Later.", tags=["leverans"])
    create(editor_api, "narratives", title="Waiting", tags=["Leverans"])
    create(editor_api, "jobs", **JOB, tags=["Skötsel", "LEVERANS"])

    tags = _tags(editor_api)

    assert list(tags) == ["Leverans", "Pris", "Skötsel"]  # sorted regardless of case
    assert tags["Leverans"] == {"name": "Leverans", "quotes": 2, "narratives": 1, "jobs": 1, "total": 4}
    assert tags["Pris"] == {"name": "Pris", "quotes": 1, "narratives": 0, "jobs": 0, "total": 1}
    assert tags["Skötsel"]["jobs"] == 1


def test_tags_are_per_workspace(editor_api, outsider_api):
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])
    create(outsider_api, "quotes", slug="beta", text="Sent.", tags=["leverans", "Beta only"])

    assert _tags(editor_api)["Leverans"]["total"] == 1
    assert list(_tags(outsider_api, "beta")) == ["Beta only", "leverans"]
    assert _tags(outsider_api, "beta")["leverans"]["quotes"] == 1


def test_an_unused_tag_still_shows_with_zero_uses(editor_api):
    quote = create(editor_api, "quotes", text="Late.", tags=["Leverans"])
    editor_api.patch(f"/api/v1/quotes/{quote['id']}", json={"tags": [], "version": 1})

    assert _tags(editor_api)["Leverans"]["total"] == 0


# ---- rename ------------------------------------------------------------------------------

def test_renaming_a_tag_renames_it_everywhere(editor_api):
    quote = create(editor_api, "quotes", text="Late.", tags=["Leverans", "Pris"])
    story = create(editor_api, "narratives", title="Waiting", tags=["leverans"])
    job = create(editor_api, "jobs", **JOB, tags=["Leverans"])

    response = editor_api.patch("/api/v1/workspaces/alpha/tags/LEVERANS", json={"name": "Delivery"})

    assert response.status_code == 200, response.json
    assert response.json == {"name": "Delivery", "quotes": 1, "narratives": 1, "jobs": 1, "total": 3}
    assert fetch(editor_api, "quotes", quote["id"])["tags"] == ["Delivery", "Pris"]
    assert fetch(editor_api, "narratives", story["id"])["tags"] == ["Delivery"]
    assert fetch(editor_api, "jobs", job["id"])["tags"] == ["Delivery"]
    assert [q["text"] for q in listed(editor_api, "quotes", "tag=delivery")] == ["Late."]
    assert listed(editor_api, "quotes", "tag=Leverans") == []
    assert list(_tags(editor_api)) == ["Delivery", "Pris"]


def test_changing_only_the_case_of_a_tag_is_a_rename(editor_api):
    create(editor_api, "quotes", text="Late.", tags=["leverans"])

    response = editor_api.patch("/api/v1/workspaces/alpha/tags/leverans", json={"name": "Leverans"})

    assert response.status_code == 200, response.json
    assert list(_tags(editor_api)) == ["Leverans"]


def test_a_tag_name_with_spaces_and_letters_outside_ascii_can_be_renamed(editor_api):
    create(editor_api, "quotes", text="Late.", tags=["hem leverans"])

    response = editor_api.patch("/api/v1/workspaces/alpha/tags/hem%20leverans", json={"name": "Hemleverans åäö"})

    assert response.status_code == 200, response.json
    assert list(_tags(editor_api)) == ["Hemleverans åäö"]


def test_renaming_onto_an_existing_tag_is_a_conflict_merge_instead(editor_api):
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])
    create(editor_api, "quotes", text="Expensive.", tags=["Pris"])

    error = assert_error(editor_api.patch("/api/v1/workspaces/alpha/tags/Pris", json={"name": "leverans"}), 409,
                         "conflict")

    assert "merge" in error["message"].lower()
    assert "name" in error["details"]["fields"]
    assert {name: t["total"] for name, t in _tags(editor_api).items()} == {"Leverans": 1, "Pris": 1}


def test_renaming_a_tag_that_does_not_exist_is_404(editor_api):
    assert_error(editor_api.patch("/api/v1/workspaces/alpha/tags/Nothing", json={"name": "Something"}), 404, "not_found")


@pytest.mark.parametrize("body", [{"name": ""}, {"name": "   "}, {"name": "x" * 61}, {}, {"name": 5},
                                  {"name": "ok", "colour": "red"}])
def test_a_rename_needs_a_usable_name(editor_api, body):
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])

    assert field_errors(editor_api.patch("/api/v1/workspaces/alpha/tags/Leverans", json=body))
    assert list(_tags(editor_api)) == ["Leverans"]


# ---- merge -------------------------------------------------------------------------------

def test_merging_moves_every_use_onto_one_tag(editor_api):
    both = create(editor_api, "quotes", text="Late and dear.", tags=["Leverans", "Frakt"])
    only_frakt = create(editor_api, "quotes", text="Shipping cost too much.", tags=["frakt"])
    story = create(editor_api, "narratives", title="Waiting", tags=["Transport"])
    job = create(editor_api, "jobs", **JOB, tags=["Frakt", "Transport", "Skötsel"])

    response = editor_api.post("/api/v1/workspaces/alpha/tags/merge",
                           json={"tags": ["FRAKT", "transport"], "into": "leverans"})

    assert response.status_code == 200, response.json
    assert response.json == {"name": "Leverans", "quotes": 2, "narratives": 1, "jobs": 1, "total": 4}
    assert fetch(editor_api, "quotes", both["id"])["tags"] == ["Leverans"]  # had both: no duplicate
    assert fetch(editor_api, "quotes", only_frakt["id"])["tags"] == ["Leverans"]
    assert fetch(editor_api, "narratives", story["id"])["tags"] == ["Leverans"]
    assert fetch(editor_api, "jobs", job["id"])["tags"] == ["Leverans", "Skötsel"]
    assert list(_tags(editor_api)) == ["Leverans", "Skötsel"]
    assert len(listed(editor_api, "quotes", "tag=leverans")) == 2
    assert listed(editor_api, "quotes", "tag=frakt") == []


def test_merging_into_a_new_name_creates_the_tag(editor_api):
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])
    create(editor_api, "quotes", text="Slow.", tags=["Frakt"])

    response = editor_api.post("/api/v1/workspaces/alpha/tags/merge",
                           json={"tags": ["Leverans", "Frakt"], "into": "Delivery"})

    assert response.status_code == 200, response.json
    assert response.json["total"] == 2
    assert list(_tags(editor_api)) == ["Delivery"]


def test_merging_a_tag_into_itself_changes_nothing(editor_api):
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])

    response = editor_api.post("/api/v1/workspaces/alpha/tags/merge", json={"tags": ["leverans"], "into": "Leverans"})

    assert response.status_code == 200, response.json
    assert _tags(editor_api)["Leverans"]["total"] == 1


def test_merging_a_tag_that_does_not_exist_changes_nothing(editor_api):
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])

    assert_error(editor_api.post("/api/v1/workspaces/alpha/tags/merge", json={"tags": ["Leverans", "Nothing"],
                                                                           "into": "Delivery"}), 404, "not_found")
    assert list(_tags(editor_api)) == ["Leverans"]


@pytest.mark.parametrize("body", [{"tags": [], "into": "x"}, {"tags": ["Leverans"]}, {"into": "x"},
                                  {"tags": ["Leverans"], "into": ""}, {"tags": "Leverans", "into": "x"}])
def test_a_merge_needs_tags_and_a_target(editor_api, body):
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])

    assert field_errors(editor_api.post("/api/v1/workspaces/alpha/tags/merge", json=body))
    assert list(_tags(editor_api)) == ["Leverans"]


def test_a_tag_of_another_workspace_cannot_be_merged_into_this_one(editor_api, outsider_api):
    create(outsider_api, "quotes", slug="beta", text="Sent.", tags=["Frakt"])
    create(editor_api, "quotes", text="Late.", tags=["Leverans"])

    assert_error(editor_api.post("/api/v1/workspaces/alpha/tags/merge", json={"tags": ["Frakt"], "into": "Leverans"}),
                 404)
    assert _tags(outsider_api, "beta")["Frakt"]["quotes"] == 1


def test_a_tag_with_a_slash_can_be_renamed(editor_api):
    quote = create(editor_api, "quotes", text="Cheap but flimsy.", tags=["Pris/kvalitet"])

    response = editor_api.patch("/api/v1/workspaces/alpha/tags/Pris%2Fkvalitet", json={"name": "Value for money"})

    assert response.status_code == 200, response.json
    assert fetch(editor_api, "quotes", quote["id"])["tags"] == ["Value for money"]


def test_a_tag_called_merge_is_renamed_not_merged(editor_api):
    create(editor_api, "quotes", text="Two shops in one.", tags=["merge"])

    response = editor_api.patch("/api/v1/workspaces/alpha/tags/merge", json={"name": "Shop merger"})

    assert response.status_code == 200, response.json
    assert list(_tags(editor_api)) == ["Shop merger"]


def test_naming_a_tag_twice_in_a_merge_merges_it_once(editor_api):
    quote = create(editor_api, "quotes", text="Late and slow.", tags=["Frakt", "Leverans"])
    other = create(editor_api, "quotes", text="Slow.", tags=["frakt"])

    response = editor_api.post("/api/v1/workspaces/alpha/tags/merge",
                           json={"tags": ["Frakt", "FRAKT", "Leverans"], "into": "Leverans"})

    assert response.status_code == 200, response.json
    assert response.json["quotes"] == 2
    assert fetch(editor_api, "quotes", quote["id"])["tags"] == fetch(editor_api, "quotes", other["id"])["tags"] == ["Leverans"]
    assert list(_tags(editor_api)) == ["Leverans"]
