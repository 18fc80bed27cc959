"""Every state-changing form is refused without its CSRF token, and nothing changes."""

from __future__ import annotations

import pytest

from sqlalchemy import select

from insightrepo.models import ApiToken, Membership, User, Workspace
from insightrepo.workspaces.members import add_member
from insightrepo.accounts.api_tokens import create_token
from tests.conftest import PASSWORD, csrf_token_from
from tests.web.conftest import text

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database


def _refused(response) -> None:
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "CSRF" in text(response)


def test_login_without_token_is_refused(client, team):
    client.get("/login")

    _refused(client.post("/login", data={"email": team.admin.email, "password": PASSWORD}))
    assert client.get("/w/alpha/").status_code == 302  # not signed in


def test_login_with_a_forged_token_is_refused(client, team):
    client.get("/login")

    _refused(client.post("/login", data={"email": team.admin.email, "password": PASSWORD,
                                         "csrf_token": "forged"}))
    assert client.get("/w/alpha/").status_code == 302


def test_login_with_a_token_from_another_browser_is_refused(client, new_client, team):
    attacker = new_client()
    foreign_token = csrf_token_from(text(attacker.get("/login")))
    client.get("/login")

    _refused(client.post("/login", data={"email": team.admin.email, "password": PASSWORD,
                                         "csrf_token": foreign_token}))


def test_logout_without_token_is_refused(login, team):
    client = login(team.admin)

    _refused(client.post("/logout"))
    assert client.get("/w/alpha/").status_code == 200  # still signed in


def test_new_workspace_without_token_is_refused(login, session, team):
    client = login(team.admin)

    _refused(client.post("/workspaces/new", data={"name": "Gamma", "slug": "gamma", "language": "en"}))
    assert session.scalar(select(Workspace).where(Workspace.slug == "gamma")) is None


def test_add_member_without_token_is_refused(login, session, team):
    client = login(team.admin)

    _refused(client.post("/w/alpha/members/", data={"email": team.outsider.email, "role": "editor"}))
    assert session.scalar(select(Membership).where(Membership.workspace_id == team.a.id,
                                                   Membership.user_id == team.outsider.id)) is None


def test_change_role_without_token_is_refused(login, session, team):
    client = login(team.admin)

    _refused(client.post(f"/w/alpha/members/{team.viewer.id}/role", data={"role": "admin", "version": "1"}))
    session.expire_all()
    assert session.scalar(select(Membership.role).where(Membership.user_id == team.viewer.id)) == "viewer"


def test_remove_member_without_token_is_refused(login, session, team):
    client = login(team.admin)

    _refused(client.post(f"/w/alpha/members/{team.viewer.id}/remove", data={"confirmed": "yes"}))
    assert session.scalar(select(Membership).where(Membership.user_id == team.viewer.id)) is not None


def test_create_token_without_token_is_refused(login, session, team):
    client = login(team.admin)

    _refused(client.post("/tokens/", data={"name": "sneaky"}))
    assert session.scalars(select(ApiToken).where(ApiToken.user_id == team.admin.id)).all() == []


def test_revoke_token_without_token_is_refused(login, session, team):
    token, secret = create_token(session, team.admin, "script")
    session.commit()
    client = login(team.admin)

    _refused(client.post(f"/tokens/{token.id}/revoke", data={"confirmed": "yes"}))
    session.expire_all()
    assert session.get(ApiToken, token.id).revoked_at is None
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_join_through_invitation_without_token_is_refused(new_client, session, team):
    secret = add_member(session, team.admin, "alpha", "newcomer@example.org", "editor").invitation_secret
    session.commit()
    client = new_client()
    client.get(f"/invitations/{secret}")

    _refused(client.post(f"/invitations/{secret}", data={"password": "a long enough password"}))
    assert session.scalar(select(User).where(User.email == "newcomer@example.org")) is None
