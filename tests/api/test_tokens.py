"""Personal API tokens through the API: the secret is shown once, listed without it, revocable."""

from __future__ import annotations

from tests.api.helpers import assert_error, assert_list_envelope, bearer, field_errors

TOKENS = "/api/v1/tokens"


def test_creating_a_token_returns_its_secret_once(api_as, client, team):
    api = api_as(team.editor)

    response = api.post(TOKENS, json={"name": "Zapier"})

    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.json
    assert created["name"] == "Zapier"
    assert created["active"] is True
    assert created["revoked_at"] is None
    assert created["token"].startswith(created["prefix"])
    # the secret works as a bearer token of its owner
    me = client.get("/api/v1/me", headers=bearer(created["token"]))
    assert (me.status_code, me.json["email"]) == (200, "editor@example.org")


def test_a_token_without_a_name_gets_a_default_one(api_as, team):
    response = api_as(team.editor).post(TOKENS, json={})

    assert response.status_code == 201
    assert response.json["name"]
    assert response.json["token"]


def test_a_post_without_its_required_body_is_a_422_and_makes_no_token(api_as, team):
    api = api_as(team.editor)
    before = api.get(TOKENS).json["total"]

    response = api.post(TOKENS)  # no body at all: the document says the body is required

    assert "body" in field_errors(response, 422)
    assert api.get(TOKENS).json["total"] == before


def test_a_token_name_that_is_too_long_is_a_422(api_as, team):
    api = api_as(team.editor)
    before = api.get(TOKENS).json["total"]

    assert "name" in field_errors(api.post(TOKENS, json={"name": "x" * 121}))
    assert api.get(TOKENS).json["total"] == before


def test_listing_tokens_never_shows_the_secret(api_as, app, team):
    api = api_as(team.editor)
    created = api.post(TOKENS, json={"name": "Zapier"}).json

    response = api.get(TOKENS)

    assert response.status_code == 200
    page_size = app.extensions["insightrepo.settings"].api_page_size
    items = assert_list_envelope(response.json, page=1, per_page=page_size, total=2)  # and api_as's own
    listed = next(t for t in items if t["id"] == created["id"])
    assert "token" not in listed
    assert all("token" not in t for t in items)
    assert created["token"] not in response.get_data(as_text=True)
    assert (listed["name"], listed["prefix"], listed["active"]) == ("Zapier", created["prefix"], True)


def test_tokens_list_only_the_callers_own(api_as, team):
    api_as(team.admin).post(TOKENS, json={"name": "admin's"})

    names = [t["name"] for t in api_as(team.viewer).get(TOKENS).json["items"]]

    assert "admin's" not in names


def test_revoking_a_token_marks_it_inactive_and_it_stops_working(api_as, client, team):
    api = api_as(team.editor)
    created = api.post(TOKENS, json={"name": "old laptop"}).json

    response = api.delete(f"{TOKENS}/{created['id']}")

    assert response.status_code == 204
    listed = next(t for t in api.get(TOKENS).json["items"] if t["id"] == created["id"])
    assert listed["active"] is False
    assert listed["revoked_at"]
    assert_error(client.get("/api/v1/me", headers=bearer(created["token"])), 401, "unauthorized")


def test_revoking_twice_is_harmless(api_as, team):
    api = api_as(team.editor)
    created = api.post(TOKENS, json={"name": "twice"}).json

    assert api.delete(f"{TOKENS}/{created['id']}").status_code == 204
    assert api.delete(f"{TOKENS}/{created['id']}").status_code == 204


def test_another_users_token_cannot_be_revoked(api_as, client, team):
    victim = api_as(team.admin).post(TOKENS, json={"name": "admin's"}).json

    response = api_as(team.outsider).delete(f"{TOKENS}/{victim['id']}")

    assert_error(response, 404, "not_found")
    assert client.get("/api/v1/me", headers=bearer(victim["token"])).status_code == 200


def test_revoking_an_unknown_token_is_a_404(api_as, team):
    assert_error(api_as(team.editor).delete(f"{TOKENS}/0123456789abcdef0123456789abcdef"), 404, "not_found")
