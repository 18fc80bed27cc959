"""Issue 18 (6b): adding an existing account invites it; it joins only by accepting. The answer
to the admin is the same whether or not an account has that email: no name, no id."""

from __future__ import annotations

from tests.api.helpers import assert_error

MEMBERS = "/api/v1/workspaces/alpha/members"
MINE = "/api/v1/me/invitations"


def _shape(body: dict) -> dict:
    """The answer without what differs between any two invitations."""
    invitation = dict(body["invitation"])
    for varying in ("id", "email", "url", "expires_at"):
        invitation[varying] = type(invitation[varying]).__name__
    return {**body, "invitation": invitation}


def test_adding_an_existing_account_answers_exactly_like_inviting_an_unknown_email(api_as, team):
    admin = api_as(team.admin)

    existing = admin.post(MEMBERS, json={"email": "Outsider@Example.org", "role": "editor"})
    unknown = admin.post(MEMBERS, json={"email": "nobody@example.org", "role": "editor"})

    assert existing.status_code == unknown.status_code == 201
    assert _shape(existing.json) == _shape(unknown.json)
    assert existing.json["member"] is None
    answer = existing.get_data(as_text=True)
    assert "Otto Outsider" not in answer and team.outsider.id not in answer
    # not a member until it accepts
    assert "outsider@example.org" not in {m["email"] for m in admin.get(MEMBERS).json["items"]}
    assert api_as(team.outsider).get("/api/v1/workspaces/alpha").status_code == 404


def test_the_invited_account_sees_its_invitation_and_joins_by_accepting(api_as, team):
    api_as(team.admin).post(MEMBERS, json={"email": team.outsider.email, "role": "editor"})
    outsider = api_as(team.outsider)

    listed = outsider.get(MINE)

    assert listed.status_code == 200, listed.get_data(as_text=True)
    [invitation] = listed.json["items"]
    assert (invitation["workspace"], invitation["workspace_name"], invitation["role"]) == (
        "alpha", "Alpha CX", "editor")
    assert api_as(team.viewer).get(MINE).json["items"] == []  # only the invited account sees it

    accepted = outsider.post(f"{MINE}/{invitation['id']}/accept")

    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    assert accepted.json == {"slug": "alpha", "name": "Alpha CX", "role": "editor"}
    assert outsider.get("/api/v1/workspaces/alpha").json["role"] == "editor"
    assert outsider.get(MINE).json["items"] == []
    assert_error(outsider.post(f"{MINE}/{invitation['id']}/accept"), 404, "not_found")


def test_a_declined_invitation_grants_nothing_and_is_gone(api_as, team):
    admin = api_as(team.admin)
    admin.post(MEMBERS, json={"email": team.outsider.email, "role": "admin"})
    outsider = api_as(team.outsider)
    [invitation] = outsider.get(MINE).json["items"]

    assert outsider.post(f"{MINE}/{invitation['id']}/decline").status_code == 204

    assert outsider.get("/api/v1/workspaces/alpha").status_code == 404
    assert outsider.get(MINE).json["items"] == []
    assert_error(outsider.post(f"{MINE}/{invitation['id']}/accept"), 404, "not_found")


def test_no_one_else_can_answer_an_invitation(api_as, team):
    api_as(team.admin).post(MEMBERS, json={"email": team.outsider.email, "role": "admin"})
    [invitation] = api_as(team.outsider).get(MINE).json["items"]

    for who in (team.viewer, team.admin):
        assert_error(api_as(who).post(f"{MINE}/{invitation['id']}/accept"), 404, "not_found")
    assert api_as(team.viewer).get("/api/v1/workspaces/alpha").json["role"] == "viewer"
    assert len(api_as(team.outsider).get(MINE).json["items"]) == 1
