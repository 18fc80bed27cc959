"""Workspaces through the API: create, read, list, rename with optimistic locking."""

from __future__ import annotations

from tests.api.helpers import assert_error, assert_list_envelope, field_errors


def test_creating_a_workspace_makes_the_creator_its_admin(api_as, team):
    api = api_as(team.viewer)

    response = api.post("/api/v1/workspaces", json={"name": "Gamma CX", "slug": "gamma", "language": "de"})

    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.json
    assert {k: created[k] for k in ("slug", "name", "language", "role", "version")} == {
        "slug": "gamma", "name": "Gamma CX", "language": "de", "role": "admin", "version": 1}
    assert isinstance(created["id"], str) and created["id"]
    assert api.get("/api/v1/workspaces/gamma").json == created
    members = api.get("/api/v1/workspaces/gamma/members").json["items"]
    assert [(m["email"], m["role"]) for m in members] == [("viewer@example.org", "admin")]
    assert {"slug": "gamma", "name": "Gamma CX", "role": "admin"} in api.get("/api/v1/me").json["workspaces"]


def test_a_new_workspace_defaults_to_english(api_as, team):
    response = api_as(team.editor).post("/api/v1/workspaces", json={"name": "Delta", "slug": "delta"})

    assert response.status_code == 201
    assert response.json["language"] == "en"


def test_the_slug_is_stored_in_lower_case(api_as, team):
    api = api_as(team.editor)

    response = api.post("/api/v1/workspaces", json={"name": "Delta", "slug": "Delta-Team"})

    assert response.status_code == 201
    assert response.json["slug"] == "delta-team"
    assert api.get("/api/v1/workspaces/delta-team").status_code == 200


def test_a_taken_slug_is_a_409(api_as, team):
    api = api_as(team.outsider)

    response = api.post("/api/v1/workspaces", json={"name": "Copycat", "slug": "alpha"})

    error = assert_error(response, 409, "conflict")
    assert "slug" in error["details"]["fields"]
    assert [w["slug"] for w in api.get("/api/v1/workspaces").json["items"]] == ["beta"]


def test_an_invalid_slug_is_a_422_with_a_message_for_the_slug(api_as, team):
    for slug in ("not a slug!", "-dash-first", "dash-last-", "x" * 65, "", "a/b"):
        fields = field_errors(api_as(team.editor).post("/api/v1/workspaces", json={"name": "Bad", "slug": slug}))

        assert "slug" in fields["slug"], (slug, fields)


def test_a_member_reads_the_workspace_with_their_role(api_as, team):
    response = api_as(team.editor).get("/api/v1/workspaces/alpha")

    assert response.status_code == 200
    body = response.json
    assert (body["slug"], body["name"], body["language"], body["role"], body["version"]) == (
        "alpha", "Alpha CX", "en", "editor", 1)


def test_the_workspace_list_is_a_list_envelope_sorted_by_name(api_as, app, team):
    api = api_as(team.admin)
    api.post("/api/v1/workspaces", json={"name": "Aardvark Research", "slug": "aardvark"})
    api.post("/api/v1/workspaces", json={"name": "Zulu Support", "slug": "zulu"})

    page_size = app.extensions["insightrepo.settings"].api_page_size
    items = assert_list_envelope(api.get("/api/v1/workspaces").json, page=1, per_page=page_size, total=3)
    assert [(w["name"], w["role"]) for w in items] == [
        ("Aardvark Research", "admin"), ("Alpha CX", "admin"), ("Zulu Support", "admin")]

    second = api.get("/api/v1/workspaces?page=2&per_page=2").json
    assert [w["slug"] for w in assert_list_envelope(second, page=2, per_page=2, total=3)] == ["zulu"]


# ---- PATCH and the version ------------------------------------------------------------

def test_patch_without_version_is_a_422_naming_version(api_as, team):
    api = api_as(team.admin)

    fields = field_errors(api.patch("/api/v1/workspaces/alpha", json={"name": "Renamed"}))

    assert "version" in fields
    assert api.get("/api/v1/workspaces/alpha").json["name"] == "Alpha CX"


def test_patch_with_the_current_version_saves_and_increments_it(api_as, team):
    api = api_as(team.admin)

    response = api.patch("/api/v1/workspaces/alpha", json={"name": "Alpha Customer Experience",
                                                            "language": "sv", "version": 1})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert (response.json["name"], response.json["language"], response.json["version"]) == (
        "Alpha Customer Experience", "sv", 2)
    assert api.get("/api/v1/workspaces/alpha").json["version"] == 2


def test_patch_only_changes_the_fields_sent(api_as, team):
    api = api_as(team.admin)

    response = api.patch("/api/v1/workspaces/alpha", json={"language": "de", "version": 1})

    assert response.status_code == 200
    assert (response.json["name"], response.json["language"]) == ("Alpha CX", "de")


def test_patch_with_a_stale_version_is_a_409_and_changes_nothing(api_as, team):
    alice, bob = api_as(team.admin), api_as(team.admin)
    assert alice.patch("/api/v1/workspaces/alpha", json={"name": "Alice's name", "version": 1}).status_code == 200

    response = bob.patch("/api/v1/workspaces/alpha", json={"name": "Bob's name", "version": 1})

    error = assert_error(response, 409, "conflict")
    assert error["details"] == {"current_version": 2, "your_version": 1}
    current = bob.get("/api/v1/workspaces/alpha").json
    assert (current["name"], current["version"]) == ("Alice's name", 2)
    # reloading and sending the version you saw works
    retry = bob.patch("/api/v1/workspaces/alpha", json={"name": "Bob's name", "version": current["version"]})
    assert (retry.status_code, retry.json["version"]) == (200, 3)


def test_patch_from_the_future_is_a_409(api_as, team):
    assert_error(api_as(team.admin).patch("/api/v1/workspaces/alpha", json={"name": "X", "version": 7}), 409)


def test_patch_with_invalid_values_is_a_422_and_keeps_the_version(api_as, team):
    api = api_as(team.admin)

    assert "name" in field_errors(api.patch("/api/v1/workspaces/alpha", json={"name": " ", "version": 1}))
    assert "language" in field_errors(api.patch("/api/v1/workspaces/alpha", json={"language": "xx", "version": 1}))
    assert "slug" in field_errors(api.patch("/api/v1/workspaces/alpha", json={"slug": "new", "version": 1}))
    current = api.get("/api/v1/workspaces/alpha").json
    assert (current["name"], current["language"], current["version"]) == ("Alpha CX", "en", 1)
