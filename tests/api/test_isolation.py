"""One workspace's people cannot read or change another's: 404 for reads and writes alike (its
existence is not revealed); within a workspace the role decides who may write (403)."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error


def _members(api, slug="alpha") -> dict[str, str]:
    return {m["email"]: m["role"] for m in api.get(f"/api/v1/workspaces/{slug}/members").json["items"]}


# ---- another workspace's admin ----------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/workspaces/alpha", "/api/v1/workspaces/alpha/members",
                                  "/api/v1/workspaces/alpha/members?page=2&per_page=1"])
def test_an_outsider_reading_another_workspace_gets_404(api_as, team, path):
    error = assert_error(api_as(team.outsider).get(path), 404, "not_found")

    assert "Alpha" not in error["message"]


def test_an_outsider_gets_the_same_404_as_for_a_workspace_that_does_not_exist(api_as, team):
    outsider = api_as(team.outsider)

    existing = outsider.get("/api/v1/workspaces/alpha")
    missing = outsider.get("/api/v1/workspaces/no-such-team")

    assert_error(existing, 404)
    assert_error(missing, 404)
    assert existing.json == missing.json


def test_an_outsider_cannot_add_members_to_another_workspace(api_as, team, make_user):
    stranger = make_user("stranger@example.org")

    response = api_as(team.outsider).post("/api/v1/workspaces/alpha/members",
                                          json={"email": stranger.email, "role": "admin"})

    assert_error(response, 404, "not_found")
    assert "stranger@example.org" not in _members(api_as(team.admin))


def test_an_outsider_cannot_add_themselves_to_another_workspace(api_as, team):
    response = api_as(team.outsider).post("/api/v1/workspaces/alpha/members",
                                          json={"email": team.outsider.email, "role": "admin"})

    assert_error(response, 404, "not_found")
    assert team.outsider.email not in _members(api_as(team.admin))


def test_an_outsider_cannot_change_roles_in_another_workspace(api_as, team):
    response = api_as(team.outsider).patch(f"/api/v1/workspaces/alpha/members/{team.viewer.id}",
                                           json={"role": "admin", "version": 1})

    assert_error(response, 404, "not_found")
    assert _members(api_as(team.admin))["viewer@example.org"] == "viewer"


def test_an_outsider_cannot_remove_members_of_another_workspace(api_as, team):
    response = api_as(team.outsider).delete(f"/api/v1/workspaces/alpha/members/{team.editor.id}")

    assert_error(response, 404, "not_found")
    assert "editor@example.org" in _members(api_as(team.admin))


def test_an_outsider_cannot_rename_another_workspace(api_as, team):
    response = api_as(team.outsider).patch("/api/v1/workspaces/alpha", json={"name": "Pwned", "version": 1})

    assert_error(response, 404, "not_found")
    assert api_as(team.admin).get("/api/v1/workspaces/alpha").json["name"] == "Alpha CX"


def test_being_admin_of_one_workspace_gives_no_rights_in_another(api_as, team):
    alpha_admin = api_as(team.admin)

    assert_error(alpha_admin.get("/api/v1/workspaces/beta"), 404)
    assert_error(alpha_admin.get("/api/v1/workspaces/beta/members"), 404)
    assert_error(alpha_admin.post("/api/v1/workspaces/beta/members",
                                  json={"email": team.admin.email, "role": "viewer"}), 404)


def test_the_workspace_list_shows_only_the_callers_own(api_as, team, make_workspace, make_user):
    gamma = make_workspace("gamma", "Gamma CX")
    make_user("solo@example.org", workspace=gamma, role="viewer")

    for user, expected in [(team.viewer, ["alpha"]), (team.outsider, ["beta"])]:
        body = api_as(user).get("/api/v1/workspaces").json
        assert [w["slug"] for w in body["items"]] == expected
        assert body["total"] == 1


def test_me_lists_only_the_callers_workspaces(api_as, team):
    assert api_as(team.outsider).get("/api/v1/me").json["workspaces"] == [
        {"slug": "beta", "name": "Beta CX", "role": "admin"}]


def test_a_user_without_workspaces_sees_an_empty_list(api_as, make_user, team):
    loner = make_user("loner@example.org")

    body = api_as(loner).get("/api/v1/workspaces").json

    assert body["items"] == []
    assert body["total"] == 0


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/api/v1/workspaces/no-such-team", None),
    ("GET", "/api/v1/workspaces/no-such-team/members", None),
    ("POST", "/api/v1/workspaces/no-such-team/members", {"email": "someone@example.org", "role": "viewer"}),
    ("PATCH", "/api/v1/workspaces/no-such-team", {"name": "X", "version": 1}),
    ("PATCH", "/api/v1/workspaces/no-such-team/members/abc", {"role": "viewer", "version": 1}),
    ("DELETE", "/api/v1/workspaces/no-such-team/members/abc", None),
])
def test_a_workspace_that_does_not_exist_is_404(api_as, team, method, path, body):
    assert_error(api_as(team.admin).request(method, path, json=body), 404, "not_found")


# ---- roles inside a workspace -----------------------------------------------------------

def test_a_viewer_reads_but_cannot_write(api_as, team, make_user):
    viewer = api_as(team.viewer)
    newcomer = make_user("newcomer@example.org")

    assert viewer.get("/api/v1/workspaces/alpha").json["role"] == "viewer"
    assert viewer.get("/api/v1/workspaces/alpha/members").status_code == 200
    assert_error(viewer.patch("/api/v1/workspaces/alpha", json={"name": "Renamed", "version": 1}), 403, "forbidden")
    assert_error(viewer.post("/api/v1/workspaces/alpha/members",
                             json={"email": newcomer.email, "role": "viewer"}), 403, "forbidden")
    assert_error(viewer.patch(f"/api/v1/workspaces/alpha/members/{team.viewer.id}",
                              json={"role": "admin", "version": 1}), 403, "forbidden")
    after = api_as(team.admin)
    assert after.get("/api/v1/workspaces/alpha").json["name"] == "Alpha CX"
    assert _members(after) == {"admin@example.org": "admin", "editor@example.org": "editor",
                               "viewer@example.org": "viewer"}


def test_an_editor_cannot_manage_members(api_as, team, make_user):
    editor = api_as(team.editor)
    newcomer = make_user("newcomer@example.org")

    assert_error(editor.post("/api/v1/workspaces/alpha/members",
                             json={"email": newcomer.email, "role": "viewer"}), 403, "forbidden")
    assert_error(editor.post("/api/v1/workspaces/alpha/members",
                             json={"email": "unknown@example.org", "role": "viewer"}), 403, "forbidden")
    assert_error(editor.patch(f"/api/v1/workspaces/alpha/members/{team.viewer.id}",
                              json={"role": "editor", "version": 1}), 403, "forbidden")
    assert_error(editor.patch(f"/api/v1/workspaces/alpha/members/{team.editor.id}",
                              json={"role": "admin", "version": 1}), 403, "forbidden")
    assert_error(editor.delete(f"/api/v1/workspaces/alpha/members/{team.viewer.id}"), 403, "forbidden")
    assert _members(api_as(team.admin)) == {"admin@example.org": "admin", "editor@example.org": "editor",
                                            "viewer@example.org": "viewer"}


def test_an_editor_cannot_rename_the_workspace(api_as, team):
    assert_error(api_as(team.editor).patch("/api/v1/workspaces/alpha", json={"name": "Mine", "version": 1}),
                 403, "forbidden")


def test_a_removed_member_loses_access_at_once(api_as, team):
    editor = api_as(team.editor)
    assert editor.get("/api/v1/workspaces/alpha").status_code == 200

    assert api_as(team.admin).delete(f"/api/v1/workspaces/alpha/members/{team.editor.id}").status_code == 204

    assert_error(editor.get("/api/v1/workspaces/alpha"), 404)
    assert_error(editor.get("/api/v1/workspaces/alpha/members"), 404)
    assert editor.get("/api/v1/workspaces").json["items"] == []
