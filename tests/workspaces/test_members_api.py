"""Members of a workspace through the API: list, add, invite, change role, remove, leave."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.api.helpers import assert_error, assert_list_envelope, field_errors

MEMBERS = "/api/v1/workspaces/alpha/members"


def _roles(api) -> dict[str, str]:
    return {m["email"]: m["role"] for m in api.get(MEMBERS).json["items"]}


def _member(api, user) -> dict:
    return next(m for m in api.get(MEMBERS).json["items"] if m["user_id"] == user.id)


# ---- listing ----------------------------------------------------------------------------

def test_members_are_listed_in_the_list_envelope(api_as, app, team):
    body = api_as(team.viewer).get(MEMBERS).json

    page_size = app.extensions["insightrepo.settings"].api_page_size
    items = assert_list_envelope(body, page=1, per_page=page_size, total=3)
    assert [(m["email"], m["display_name"], m["role"]) for m in items] == [
        ("admin@example.org", "Ada Admin", "admin"),
        ("editor@example.org", "Eddie Editor", "editor"),
        ("viewer@example.org", "Vera Viewer", "viewer"),
    ]
    assert {m["user_id"] for m in items} == {team.admin.id, team.editor.id, team.viewer.id}
    assert all(m["version"] == 1 and m["joined_at"] for m in items)


def test_members_are_paged(api_as, team):
    api = api_as(team.viewer)

    first = assert_list_envelope(api.get(f"{MEMBERS}?per_page=2").json, page=1, per_page=2, total=3)
    second = assert_list_envelope(api.get(f"{MEMBERS}?per_page=2&page=2").json, page=2, per_page=2, total=3)
    beyond = assert_list_envelope(api.get(f"{MEMBERS}?per_page=2&page=3").json, page=3, per_page=2, total=3)

    assert [m["email"] for m in first] == ["admin@example.org", "editor@example.org"]
    assert [m["email"] for m in second] == ["viewer@example.org"]
    assert beyond == []


# ---- adding and inviting ----------------------------------------------------------------

def test_an_admin_invites_an_existing_user_who_joins_by_accepting(api_as, team, make_user):
    newcomer = make_user("newcomer@example.org", "Nina Newcomer")
    admin = api_as(team.admin)

    response = admin.post(MEMBERS, json={"email": "Newcomer@Example.org ", "role": "editor"})

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["member"] is None
    assert (response.json["invitation"]["email"], response.json["invitation"]["role"]) == (
        "newcomer@example.org", "editor")
    assert "newcomer@example.org" not in _roles(admin)
    # the newcomer sees the workspace once it accepts
    mine = api_as(newcomer)
    [invitation] = mine.get("/api/v1/me/invitations").json["items"]
    assert mine.post(f"/api/v1/me/invitations/{invitation['id']}/accept").status_code == 200
    assert _roles(admin)["newcomer@example.org"] == "editor"
    assert mine.get("/api/v1/workspaces/alpha").json["role"] == "editor"


def test_an_admin_invites_someone_without_an_account(api_as, team, app):
    admin = api_as(team.admin)

    response = admin.post(MEMBERS, json={"email": "fresh@example.org", "role": "viewer"})

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["member"] is None
    invitation = response.json["invitation"]
    assert (invitation["email"], invitation["role"]) == ("fresh@example.org", "viewer")
    assert invitation["id"] and invitation["expires_at"]
    url = urlsplit(invitation["url"])
    assert url.scheme in ("http", "https") and url.netloc
    adapter = app.url_map.bind("localhost")
    endpoint, args = adapter.match(url.path)
    assert endpoint == "auth.accept_invitation"
    assert len(args["secret"]) >= 32
    # an invitation is not a membership yet
    assert "fresh@example.org" not in _roles(admin)


def test_each_invitation_gets_its_own_link(api_as, team):
    admin = api_as(team.admin)

    first = admin.post(MEMBERS, json={"email": "one@example.org", "role": "viewer"}).json["invitation"]["url"]
    second = admin.post(MEMBERS, json={"email": "two@example.org", "role": "viewer"}).json["invitation"]["url"]

    assert first != second


def test_adding_someone_who_is_already_a_member_is_a_409(api_as, team):
    admin = api_as(team.admin)

    error = assert_error(admin.post(MEMBERS, json={"email": "editor@example.org", "role": "admin"}), 409, "conflict")

    assert "email" in error["details"]["fields"]
    assert _roles(admin)["editor@example.org"] == "editor"


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "not-an-email", "role": "viewer"}, "email"),
    ({"email": "", "role": "viewer"}, "email"),
    ({"email": "someone@example.org", "role": "owner"}, "role"),
    ({"email": "someone@example.org"}, "role"),
    ({"role": "viewer"}, "email"),
    ({"email": "someone@example.org", "role": "viewer", "note": "hi"}, "note"),
])
def test_adding_with_invalid_fields_is_a_422(api_as, team, body, field):
    admin = api_as(team.admin)

    assert field in field_errors(admin.post(MEMBERS, json=body))
    assert len(_roles(admin)) == 3


# ---- changing roles ---------------------------------------------------------------------

def test_an_admin_changes_a_role_with_the_current_version(api_as, team):
    admin = api_as(team.admin)

    response = admin.patch(f"{MEMBERS}/{team.viewer.id}", json={"role": "editor", "version": 1})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert (response.json["user_id"], response.json["role"], response.json["version"]) == (team.viewer.id, "editor", 2)
    assert _roles(admin)["viewer@example.org"] == "editor"
    assert api_as(team.viewer).get("/api/v1/workspaces/alpha").json["role"] == "editor"


def test_a_role_change_with_a_stale_version_is_a_409(api_as, team):
    first, second = api_as(team.admin), api_as(team.admin)
    assert first.patch(f"{MEMBERS}/{team.viewer.id}", json={"role": "editor", "version": 1}).status_code == 200

    response = second.patch(f"{MEMBERS}/{team.viewer.id}", json={"role": "admin", "version": 1})

    error = assert_error(response, 409, "conflict")
    assert error["details"]["current_version"] == 2
    assert _roles(second)["viewer@example.org"] == "editor"


def test_a_role_change_without_version_is_a_422(api_as, team):
    admin = api_as(team.admin)

    assert "version" in field_errors(admin.patch(f"{MEMBERS}/{team.viewer.id}", json={"role": "editor"}))
    assert _member(admin, team.viewer)["role"] == "viewer"


def test_a_role_change_to_an_unknown_role_is_a_422(api_as, team):
    assert "role" in field_errors(api_as(team.admin).patch(f"{MEMBERS}/{team.viewer.id}",
                                                            json={"role": "owner", "version": 1}))


def test_changing_the_role_of_a_non_member_is_a_404(api_as, team):
    response = api_as(team.admin).patch(f"{MEMBERS}/{team.outsider.id}", json={"role": "viewer", "version": 1})

    assert_error(response, 404, "not_found")


def test_the_last_admin_cannot_be_demoted(api_as, team):
    admin = api_as(team.admin)

    error = assert_error(admin.patch(f"{MEMBERS}/{team.admin.id}", json={"role": "editor", "version": 1}),
                         409, "conflict")

    assert "admin" in error["message"]
    assert _member(admin, team.admin)["role"] == "admin"


def test_an_admin_can_step_down_once_there_is_another_admin(api_as, team):
    admin = api_as(team.admin)
    assert admin.patch(f"{MEMBERS}/{team.editor.id}", json={"role": "admin", "version": 1}).status_code == 200

    response = admin.patch(f"{MEMBERS}/{team.admin.id}", json={"role": "viewer", "version": 1})

    assert response.status_code == 200
    assert _roles(api_as(team.editor)) == {"admin@example.org": "viewer", "editor@example.org": "admin",
                                           "viewer@example.org": "viewer"}
    # the former admin now has a viewer's rights
    assert_error(admin.patch(f"{MEMBERS}/{team.viewer.id}", json={"role": "editor", "version": 1}), 403)


# ---- removing and leaving ---------------------------------------------------------------

def test_an_admin_removes_a_member(api_as, team):
    admin = api_as(team.admin)

    response = admin.delete(f"{MEMBERS}/{team.editor.id}")

    assert response.status_code == 204
    assert response.get_data() == b""
    assert "editor@example.org" not in _roles(admin)


def test_the_last_admin_cannot_be_removed_or_leave(api_as, team):
    admin = api_as(team.admin)

    error = assert_error(admin.delete(f"{MEMBERS}/{team.admin.id}"), 409, "conflict")

    assert "admin" in error["message"]
    assert _roles(admin)["admin@example.org"] == "admin"


def test_a_member_may_leave(api_as, team):
    viewer = api_as(team.viewer)

    assert viewer.delete(f"{MEMBERS}/{team.viewer.id}").status_code == 204

    assert_error(viewer.get("/api/v1/workspaces/alpha"), 404)
    assert "viewer@example.org" not in _roles(api_as(team.admin))


def test_removing_a_non_member_is_a_404(api_as, team):
    assert_error(api_as(team.admin).delete(f"{MEMBERS}/{team.outsider.id}"), 404, "not_found")
    assert_error(api_as(team.admin).delete(f"{MEMBERS}/no-such-user"), 404, "not_found")


def test_a_removed_member_can_be_invited_back(api_as, team):
    admin = api_as(team.admin)
    assert admin.delete(f"{MEMBERS}/{team.editor.id}").status_code == 204

    response = admin.post(MEMBERS, json={"email": "editor@example.org", "role": "viewer"})

    assert response.status_code == 201
    editor = api_as(team.editor)
    [invitation] = editor.get("/api/v1/me/invitations").json["items"]
    assert editor.post(f"/api/v1/me/invitations/{invitation['id']}/accept").status_code == 200
    assert _roles(admin)["editor@example.org"] == "viewer"
