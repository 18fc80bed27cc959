"""Issue 18 (12): OPTIONS answers, for every route of the app, the methods of that route — not of a
route with a variable that the same path also fits (`/workspaces/import` is not `/workspaces/<slug>`)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from werkzeug.routing.converters import AnyConverter, NumberConverter

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database

SAMPLE = "zz-sample"  # fits every string variable and names nothing that exists


def _methods_by_rule(app) -> dict[str, set[str]]:
    """Each rule's path → the methods of every route on exactly that path."""
    methods: dict[str, set[str]] = defaultdict(set)
    for rule in app.url_map.iter_rules():
        methods[rule.rule] |= set(rule.methods)
    return methods


def _sample(converter) -> object:
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return 1 if isinstance(converter, NumberConverter) else SAMPLE


def _url(rule) -> str:
    return rule.build({name: _sample(converter) for name, converter in rule._converters.items()})[1]


def test_options_allows_exactly_the_methods_of_each_route(app, api_as, login, team):
    api, browser = api_as(team.admin), login(team.admin)
    wrong = {}
    for path, methods in sorted(_methods_by_rule(app).items()):
        rule = next(r for r in app.url_map.iter_rules() if r.rule == path)
        url = _url(rule)
        if url.startswith("/api/"):
            response = api.request("OPTIONS", url)
        else:
            response = browser.open(url, method="OPTIONS")
        allowed = set(response.allow)
        if response.status_code != 200 or allowed != methods:
            wrong[path] = (response.status_code, sorted(allowed), sorted(methods))
    assert wrong == {}


def test_the_routes_the_probe_found(api_as, team):
    api = api_as(team.admin)

    assert set(api.request("OPTIONS", "/api/v1/workspaces/import").allow) == {"POST", "OPTIONS"}
    assert set(api.request("OPTIONS", "/api/v1/workspaces/alpha/tags/merge").allow) == {"POST", "OPTIONS"}


def test_a_method_the_route_lacks_is_405_naming_the_routes_own_methods(api_as, team):
    api = api_as(team.admin)

    response = api.request("DELETE", "/api/v1/workspaces/import")

    assert response.status_code == 405
    assert set(response.allow) == {"POST", "OPTIONS"}
    assert response.json["error"]["details"]["allowed"] == ["OPTIONS", "POST"]
