"""GET /api/v1/openapi.json is generated from the routes: it lists every one of them, and
documents errors with the envelope schema."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ENVELOPE = "#/components/schemas/Error"


@pytest.fixture
def spec(api_as, team) -> dict:
    response = api_as(None).get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def _api_routes(app) -> dict[str, set[str]]:
    """{"/api/v1/workspaces/{slug}": {"get", "patch"}, …} from the Flask url_map."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs."):
            continue  # the document does not describe itself
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        routes.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    return routes


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def _deref(root: dict, node: dict) -> dict:
    """Follow local $refs until a real object is reached."""
    seen = set()
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/") and ref not in seen, ref
        seen.add(ref)
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def test_the_document_is_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"]
    assert spec["info"]["version"]
    assert spec["paths"]


def test_the_document_is_served_without_a_token(api_as, team):
    # clients need it to learn how to authenticate
    assert api_as(None).get("/api/v1/openapi.json").status_code == 200


def test_every_api_route_and_method_is_described(spec, app):
    routes = _api_routes(app)
    assert routes, "no /api/v1 routes found in the url_map"

    described = {path: {m for m in item if m in HTTP_METHODS} for path, item in spec["paths"].items()}

    assert described == routes


def test_the_foundations_routes_are_all_there(spec):
    expected = {
        ("/api/v1/me", "get"),
        ("/api/v1/workspaces", "get"), ("/api/v1/workspaces", "post"),
        ("/api/v1/workspaces/{slug}", "get"), ("/api/v1/workspaces/{slug}", "patch"),
        ("/api/v1/workspaces/{slug}/members", "get"), ("/api/v1/workspaces/{slug}/members", "post"),
        ("/api/v1/workspaces/{slug}/members/{user_id}", "patch"),
        ("/api/v1/workspaces/{slug}/members/{user_id}", "delete"),
        ("/api/v1/tokens", "get"), ("/api/v1/tokens", "post"),
        ("/api/v1/tokens/{token_id}", "delete"),
    }

    assert expected <= {(path, method) for path, method, _ in _operations(spec)}


def test_path_parameters_are_declared(spec):
    for path, method, operation in _operations(spec):
        declared = {p["name"] for p in spec["paths"][path].get("parameters", []) if p["in"] == "path"}
        declared |= {p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"}
        assert declared == set(re.findall(r"{([^}]+)}", path)), (path, method)


def test_error_responses_use_the_envelope_schema(spec):
    checked = 0
    for path, method, operation in _operations(spec):
        errors = {code: r for code, r in operation["responses"].items() if code == "default" or code[0] in "45"}
        assert errors, f"{method.upper()} {path} documents no error response"
        for code, response in errors.items():
            schema = _deref(spec, response)["content"]["application/json"]["schema"]
            assert _is_envelope(spec, schema), (path, method, code, schema)
            checked += 1
    assert checked


def test_the_errors_raised_before_any_handler_are_documented_on_every_operation(spec):
    # authentication, the body's form, type and size, and an unknown id in the path
    for path, method, operation in _operations(spec):
        codes = set(operation["responses"])
        assert {"400", "401"} <= codes, (path, method)
        if "{" in path:
            assert "404" in codes, (path, method)
        if "requestBody" in operation:
            assert {"413", "415"} <= codes, (path, method)


def test_writes_into_a_workspace_document_403(spec):
    personal = {("post", "/api/v1/workspaces"), ("post", "/api/v1/workspaces/import"), ("post", "/api/v1/tokens"),
                ("delete", "/api/v1/tokens/{token_id}")}
    for path, method, operation in _operations(spec):
        if method != "get" and (method, path) not in personal:
            assert "403" in operation["responses"], (path, method)


def test_comparing_snapshots_documents_its_422(spec):
    # `live` needs a journey (/journeys/{id}/compare), and two journeys' snapshots do not compare
    assert "422" in spec["paths"]["/api/v1/snapshots/{a}/compare/{b}"]["get"]["responses"]


def test_a_refused_csv_import_is_documented_as_the_envelope_with_its_report(spec):
    rejected = spec["paths"]["/api/v1/workspaces/{slug}/quotes/import"]["post"]["responses"]["422"]
    schema = _deref(spec, _deref(spec, rejected)["content"]["application/json"]["schema"])

    assert {"error", "imported", "errors"} <= set(schema["required"])
    assert {"rows", "columns", "would_import"} <= set(schema["properties"]) - set(schema["required"])


def _is_envelope(spec, schema: dict) -> bool:
    """The envelope, or a schema that extends it (a refused CSV import adds its report beside `error`)."""
    if schema == {"$ref": ENVELOPE}:
        return True
    extended = _deref(spec, schema)
    envelope = _deref(spec, {"$ref": ENVELOPE})
    return extended["properties"].get("error") == envelope["properties"]["error"] and "error" in extended["required"]


def test_the_envelope_schema_matches_what_errors_look_like(spec):
    envelope = _deref(spec, {"$ref": ENVELOPE})
    body = _deref(spec, envelope["properties"]["error"])

    assert envelope["required"] == ["error"]
    assert set(body["required"]) == {"code", "message", "details"}
    assert body["properties"]["code"]["type"] == "string"
    assert body["properties"]["message"]["type"] == "string"
    assert body["properties"]["details"]["type"] == "object"


def test_list_responses_use_the_list_envelope(spec):
    for path in ("/api/v1/workspaces", "/api/v1/workspaces/{slug}/members", "/api/v1/tokens"):
        schema = _deref(spec, spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"])
        assert {"items", "page", "per_page", "total"} <= set(schema["properties"]), path
        assert schema["properties"]["items"]["type"] == "array"


def test_editable_resources_expose_their_version(spec):
    for path in ("/api/v1/workspaces/{slug}", "/api/v1/workspaces/{slug}/members/{user_id}"):
        patch = spec["paths"][path]["patch"]
        body = _deref(spec, patch["requestBody"]["content"]["application/json"]["schema"])
        answer = _deref(spec, patch["responses"]["200"]["content"]["application/json"]["schema"])
        assert "version" in body.get("required", []), path
        assert "version" in answer["properties"], path
        assert "409" in patch["responses"], path


def test_bearer_authentication_is_declared(spec):
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= next(iter(schemes.values())).items()
    assert spec["security"] == [{name: []} for name in schemes]


# ---- the constraints the server enforces are in the document (issue 18) ------------------

def _parameter(spec, path: str, method: str, name: str) -> dict:
    item = spec["paths"][path]
    return next(p for p in [*item[method].get("parameters", []), *item.get("parameters", [])] if p["name"] == name)


def _property(spec, path: str, method: str, *names: str) -> dict:
    schema = _deref(spec, spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"])
    for name in names:
        schema = _deref(spec, schema) if "$ref" in schema else schema
        schema = schema["items"] if name == "[]" else schema["properties"][name]
        if "anyOf" in schema:  # a nullable object: null itself, or the object
            null, schema = schema["anyOf"]
            assert null["enum"] == [None]
    return _deref(spec, schema) if "$ref" in schema else schema


def test_per_page_documents_the_servers_largest_page(spec, app):
    largest = app.extensions["insightrepo.settings"].api_max_page_size
    for path, method, operation in _operations(spec):
        for parameter in operation.get("parameters", []):
            if parameter.get("name") == "per_page" and path != "/api/v1/workspaces/{slug}/search":
                assert parameter["schema"]["maximum"] == largest, (method, path)


@pytest.mark.parametrize(("path", "method", "name"), [
    ("/api/v1/workspaces", "post", "name"), ("/api/v1/workspaces/{slug}/journeys", "post", "title"),
    ("/api/v1/journeys/{journey_id}/phases", "post", "title"), ("/api/v1/phases/{phase_id}/steps", "post", "title"),
    ("/api/v1/workspaces/{slug}/participants", "post", "code"), ("/api/v1/workspaces/{slug}/quotes", "post", "text"),
    ("/api/v1/journeys/{journey_id}/snapshots", "post", "label"),
    ("/api/v1/workspaces/{slug}/experiments", "post", "title"),
])
def test_required_text_is_documented_as_not_empty(spec, path, method, name):
    assert _property(spec, path, method, name)["minLength"] == 1


def test_step_limits_are_documented(spec):
    assert _property(spec, "/api/v1/steps/{step_id}", "patch", "channels", "[]")["maxLength"] == 60
    moment = _property(spec, "/api/v1/steps/{step_id}", "patch", "moment_of_truth")
    assert "title" in moment["required"] and moment["properties"]["title"]["minLength"] == 1


def test_a_metrics_unit_is_documented_up_to_40_characters(spec):
    assert _property(spec, "/api/v1/workspaces/{slug}/experiments", "post", "metric", "unit")["maxLength"] == 40


def test_comparing_snapshots_documents_that_live_is_not_a_snapshot(spec):
    for side in ("a", "b"):
        schema = _parameter(spec, "/api/v1/snapshots/{a}/compare/{b}", "get", side)["schema"]
        assert schema["not"] == {"enum": ["live"]}
