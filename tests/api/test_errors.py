"""Every failure under /api is the JSON envelope {"error": {code, message, details}} with the
right status: never an HTML page, never a 500."""

from __future__ import annotations

import json

import pytest

from insightrepo import create_app
from insightrepo.accounts.api_tokens import create_token
from tests.api.helpers import assert_error, bearer, field_errors

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database

LIST_ROUTES = ["/api/v1/workspaces", "/api/v1/workspaces/alpha/members", "/api/v1/tokens"]


def _own_workspaces(api) -> list[str]:
    return [w["slug"] for w in api.get("/api/v1/workspaces").json["items"]]


# ---- routing ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/api/v1/nothing-here",
    "/api/v1/",
    "/api/v1",
    "/api/v2/me",
    "/api/v1/workspaces/alpha/nothing-here",
    "/api/v1/workspaces/alpha/members/x/y",
])
def test_an_unknown_route_is_a_json_404(api_as, team, path):
    for api in (api_as(team.admin), api_as(None)):
        response = api.get(path)

        assert_error(response, 404, "not_found")
        assert "<html" not in response.get_data(as_text=True).lower()


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("PUT", "/api/v1/me", {"GET"}),
    ("DELETE", "/api/v1/workspaces", {"GET", "POST"}),
    ("PUT", "/api/v1/workspaces/alpha", {"GET", "PATCH"}),
    ("GET", "/api/v1/tokens/abc", {"DELETE"}),
    ("POST", "/api/v1/workspaces/alpha/members/abc", {"PATCH", "DELETE"}),
])
def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(api_as, team, method, path, allowed):
    response = api_as(team.admin).request(method, path)

    error = assert_error(response, 405, "method_not_allowed")
    assert allowed <= set(error["details"]["allowed"])
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}


# ---- bodies -----------------------------------------------------------------------------

@pytest.mark.parametrize("body", ['{"name": "Gamma", "slug": "gamma"', "{'name': 'x'}", "nope", "{}}"])
def test_a_malformed_json_body_is_a_400(api_as, team, body):
    api = api_as(team.admin)

    response = api.post("/api/v1/workspaces", data=body, content_type="application/json")

    assert_error(response, 400, "bad_request")
    assert _own_workspaces(api) == ["alpha"]


def test_a_malformed_json_body_on_a_patch_is_a_400(api_as, team):
    response = api_as(team.admin).patch(f"/api/v1/workspaces/alpha/members/{team.viewer.id}",
                                        data='{"role": "editor", "version": ', content_type="application/json")

    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize(("data", "content_type"), [
    ("name=Gamma&slug=gamma", "application/x-www-form-urlencoded"),
    ('{"name": "Gamma", "slug": "gamma"}', "text/plain"),
    ("<workspace><name>Gamma</name></workspace>", "application/xml"),
    ({"name": "Gamma", "slug": "gamma"}, None),  # the test client sends multipart/form-data
])
def test_a_body_that_is_not_json_is_a_415(api_as, team, data, content_type):
    api = api_as(team.admin)
    kwargs = {"data": data} if content_type is None else {"data": data, "content_type": content_type}

    response = api.post("/api/v1/workspaces", **kwargs)

    error = assert_error(response, 415, "unsupported_media_type")
    assert "application/json" in error["message"]
    assert _own_workspaces(api) == ["alpha"]


@pytest.fixture
def small_app(database, tmp_path):
    """The app with a 1000-byte limit on request bodies."""
    app = create_app({"env": "testing", "data_dir": str(tmp_path), "max_content_length": 1000},
                     database=database)
    with app.app_context():
        yield app


def test_an_oversized_body_is_a_413(small_app, session, team):
    _, secret = create_token(session, team.admin, "tests")
    session.commit()
    client = small_app.test_client()

    response = client.post("/api/v1/workspaces", headers=bearer(secret),
                           json={"name": "Big " + "x" * 2000, "slug": "big"})

    assert_error(response, 413, "too_large")
    assert client.get("/api/v1/workspaces/big", headers=bearer(secret)).status_code == 404
    # the same request below the limit goes through
    small = client.post("/api/v1/workspaces", headers=bearer(secret), json={"name": "Big", "slug": "big"})
    assert small.status_code == 201, small.get_data(as_text=True)


# ---- validation -------------------------------------------------------------------------

def test_an_unknown_field_is_a_422_naming_it(api_as, team):
    api = api_as(team.admin)

    response = api.post("/api/v1/workspaces", json={"name": "Gamma", "slug": "gamma", "colour": "red"})

    assert field_errors(response).keys() == {"colour"}
    assert _own_workspaces(api) == ["alpha"]


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "Gamma", "slug": "gamma", "language": "klingon"}, "language"),
    ({"name": 42, "slug": "gamma"}, "name"),
    ({"slug": "gamma"}, "name"),
    ({"name": "Gamma"}, "slug"),
    ({"name": "   ", "slug": "gamma"}, "name"),
    ({"name": "x" * 121, "slug": "gamma"}, "name"),
    ({"name": "Gam\x00ma", "slug": "gamma"}, "name"),
    ({"name": "Gamma", "slug": "-gamma"}, "slug"),
])
def test_an_invalid_value_is_a_422_with_a_message_for_that_field(api_as, team, body, field):
    api = api_as(team.admin)

    fields = field_errors(api.post("/api/v1/workspaces", json=body))

    assert field in fields
    assert _own_workspaces(api) == ["alpha"]


@pytest.mark.parametrize("body", [[{"name": "Gamma", "slug": "gamma"}], "gamma", 42, None])
def test_a_json_body_that_is_not_an_object_is_a_422(api_as, team, body):
    response = api_as(team.admin).post("/api/v1/workspaces", data=json.dumps(body),
                                       content_type="application/json")

    assert_error(response, 422, "invalid")


@pytest.mark.parametrize("path", LIST_ROUTES)
def test_per_page_above_the_configured_maximum_is_a_422(api_as, app, team, path):
    limit = app.extensions["insightrepo.settings"].api_max_page_size
    api = api_as(team.admin)

    fields = field_errors(api.get(f"{path}?per_page={limit + 1}"))

    assert str(limit) in fields["per_page"]
    at_limit = api.get(f"{path}?per_page={limit}")
    assert at_limit.status_code == 200
    assert at_limit.json["per_page"] == limit


@pytest.mark.parametrize(("query", "field"), [
    ("per_page=0", "per_page"),
    ("per_page=-5", "per_page"),
    ("per_page=ten", "per_page"),
    ("page=0", "page"),
    ("page=1.5", "page"),
    ("page=99999999999999999999999", "page"),
])
def test_bad_paging_arguments_are_a_422(api_as, team, query, field):
    fields = field_errors(api_as(team.admin).get(f"/api/v1/workspaces?{query}"))

    assert field in fields


# ---- never a 500, never HTML ------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("GET", "/api/v1/workspaces/%00", {}),
    ("GET", "/api/v1/workspaces/alpha%00/members", {}),
    ("PATCH", "/api/v1/workspaces/alpha/members/%00", {"json": {"role": "editor", "version": 1}}),
    ("DELETE", "/api/v1/workspaces/alpha/members/%00", {}),
    ("DELETE", "/api/v1/tokens/%00", {}),
    ("GET", "/api/v1/workspaces/" + "x" * 2000, {}),
    ("DELETE", "/api/v1/tokens/" + "x" * 2000, {}),
    ("PATCH", "/api/v1/workspaces/alpha", {"json": {"name": "X", "version": 10**30}}),
    ("PATCH", "/api/v1/workspaces/alpha", {"json": {"name": "X", "version": "one"}}),
    ("PATCH", "/api/v1/workspaces/alpha", {"json": {"name": None, "version": 1}}),
    ("POST", "/api/v1/workspaces", {"json": {"name": {"nested": [1, 2]}, "slug": ["a"]}}),
    ("POST", "/api/v1/workspaces", {"json": {"name": "Ünïcødé ✓", "slug": "ünïcødé"}}),
    ("POST", "/api/v1/workspaces/alpha/members", {"json": {"email": "a\x00b@example.org", "role": "viewer"}}),
    ("POST", "/api/v1/workspaces/alpha/members", {"json": {"email": "x" * 5000 + "@example.org", "role": "viewer"}}),
    ("POST", "/api/v1/tokens", {"json": {"name": "t\x00ken"}}),
    ("POST", "/api/v1/tokens", {"data": "\xff\xfe", "content_type": "application/json"}),
])
def test_hostile_input_gets_a_json_client_error_not_a_500(api_as, team, method, path, kwargs):
    response = api_as(team.admin).request(method, path, **kwargs)

    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    assert_error(response, response.status_code)

