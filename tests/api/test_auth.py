"""Who may call the API: bearer tokens, revoked tokens, and the signed-in browser (with CSRF)."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, bearer
from tests.conftest import csrf_token_from

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database

ME = "/api/v1/me"


def test_no_credentials_get_401_envelope_with_bearer_challenge(api_as, team):
    response = api_as(None).get(ME)

    error = assert_error(response, 401, "unauthorized")
    assert "Bearer" in error["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [
    "Bearer",
    "Bearer ",
    "bearer",
    "Basic YWRtaW5AZXhhbXBsZS5vcmc6c2VjcmV0",
    "Token irt_abcdef",
    "Bearer not-a-token",
    "Bearer irt_" + "A" * 43,          # the right shape, but no such token
    "Bearer irt_" + "A" * 500,         # absurdly long
    "Bearer irt_ irt_",
], ids=["scheme-only", "empty-secret", "lowercase-scheme-only", "basic", "other-scheme",
        "not-a-token", "unknown", "too-long", "two-secrets"])
def test_malformed_or_unknown_tokens_get_401(client, team, header):
    response = client.get(ME, headers={"Authorization": header})

    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_identifies_its_owner(api_as, team):
    response = api_as(team.editor).get(ME)

    assert response.status_code == 200
    assert response.json["email"] == "editor@example.org"
    assert response.json["display_name"] == "Eddie Editor"
    assert response.json["workspaces"] == [{"slug": "alpha", "name": "Alpha CX", "role": "editor"}]


def test_the_scheme_name_is_case_insensitive(api_as, client, team):
    secret = api_as(team.viewer).post("/api/v1/tokens", json={"name": "cli"}).json["token"]

    response = client.get(ME, headers={"Authorization": f"bearer {secret}"})

    assert response.status_code == 200
    assert response.json["email"] == "viewer@example.org"


def test_a_token_revoked_through_the_api_stops_working_at_once(api_as, client, team):
    owner = api_as(team.editor)
    created = owner.post("/api/v1/tokens", json={"name": "laptop"}).json
    headers = bearer(created["token"])
    assert client.get(ME, headers=headers).status_code == 200

    assert owner.delete(f"/api/v1/tokens/{created['id']}").status_code == 204

    assert_error(client.get(ME, headers=headers), 401, "unauthorized")
    assert_error(client.post("/api/v1/tokens", json={"name": "again"}, headers=headers), 401)
    # the owner's other token is unaffected
    assert owner.get(ME).status_code == 200


def test_a_token_can_revoke_itself(api_as, client, team):
    created = api_as(team.viewer).post("/api/v1/tokens", json={"name": "leaked"}).json
    headers = bearer(created["token"])

    assert client.delete(f"/api/v1/tokens/{created['id']}", headers=headers).status_code == 204

    assert_error(client.get(ME, headers=headers), 401, "unauthorized")


def test_the_token_of_a_deactivated_user_is_refused(api_as, session, team):
    api = api_as(team.editor)
    team.editor.is_active = False
    session.commit()

    assert_error(api.get(ME), 401, "unauthorized")


def test_anonymous_callers_get_401_whether_or_not_a_workspace_exists(api_as, team):
    anonymous = api_as(None)

    for path in ("/api/v1/workspaces/alpha", "/api/v1/workspaces/no-such-team",
                 "/api/v1/workspaces/alpha/members", "/api/v1/workspaces", "/api/v1/tokens"):
        assert_error(anonymous.get(path), 401, "unauthorized")
    assert_error(anonymous.post("/api/v1/workspaces", json={"name": "G", "slug": "g"}), 401)
    assert_error(anonymous.delete(f"/api/v1/workspaces/alpha/members/{team.viewer.id}"), 401)


# ---- the signed-in browser --------------------------------------------------------------

def test_a_signed_in_browser_reads_me_without_a_token(login, team):
    browser = login(team.viewer)

    response = browser.get(ME)

    assert response.status_code == 200
    assert response.json["email"] == "viewer@example.org"
    assert response.json["workspaces"] == [{"slug": "alpha", "name": "Alpha CX", "role": "viewer"}]


def test_a_session_write_without_csrf_header_is_refused(login, team):
    browser = login(team.admin)

    response = browser.post("/api/v1/workspaces", json={"name": "Gamma CX", "slug": "gamma"})

    assert_error(response, 400, "csrf_failed")
    assert "X-CSRFToken" in response.json["error"]["message"]
    assert_error(browser.get("/api/v1/workspaces/gamma"), 404)


def test_a_session_write_with_a_wrong_csrf_header_is_refused(login, team):
    browser = login(team.admin)

    response = browser.post("/api/v1/workspaces", json={"name": "Gamma CX", "slug": "gamma"},
                            headers={"X-CSRFToken": "not-the-token"})

    assert_error(response, 400, "csrf_failed")
    assert_error(browser.get("/api/v1/workspaces/gamma"), 404)


def test_a_session_write_with_the_pages_csrf_token_works(login, team):
    browser = login(team.admin)
    csrf = csrf_token_from(browser.get("/", follow_redirects=True).get_data(as_text=True))

    response = browser.post("/api/v1/workspaces", json={"name": "Gamma CX", "slug": "gamma"},
                            headers={"X-CSRFToken": csrf})

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["role"] == "admin"
    assert browser.get("/api/v1/workspaces/gamma").json["name"] == "Gamma CX"


def test_after_signing_out_the_session_no_longer_reaches_the_api(login, team):
    browser = login(team.viewer)
    csrf = csrf_token_from(browser.get("/", follow_redirects=True).get_data(as_text=True))
    assert browser.get(ME).status_code == 200

    browser.post("/logout", data={"csrf_token": csrf})

    assert_error(browser.get(ME), 401, "unauthorized")
