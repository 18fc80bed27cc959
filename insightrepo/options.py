"""The app's Flask class: which methods a path allows, and the request's transaction.

Which methods a path allows: those of the route it reaches.

Werkzeug lists the methods of every rule the path fits, so `/workspaces/import` (POST) also
claimed GET and PATCH from `/workspaces/<slug>`, which it never reaches with those methods from
a client's point of view. The OPTIONS answer (Flask documents subclassing as the way to change it:
``Flask.make_default_options_response``) and a 405's ``Allow`` both come from here."""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from insightrepo import request_transaction


def route_methods(url_map: Map, matched: Rule) -> set[str]:
    """The methods of the routes on exactly ``matched``'s rule (a path may have one route per
    method, e.g. GET and POST on `/workspaces`)."""
    return {method for rule in url_map.iter_rules() if rule.rule == matched.rule for method in rule.methods}


def methods_at_path() -> set[str] | None:
    """The methods of the route this request's path reaches, whatever its method; None if none."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        rule, _ = adapter.match(method="OPTIONS", return_rule=True)  # every route answers OPTIONS
    except HTTPException:
        return None
    return route_methods(current_app.url_map, rule)


class InsightRepoFlask(Flask):
    def dispatch_request(self):
        """The view's answer, committed or rolled back as a whole (insightrepo.request_transaction)."""
        try:
            response = self.make_response(super().dispatch_request())
        except BaseException:
            request_transaction.abandon()
            raise
        return request_transaction.finish(response)

    def make_default_options_response(self) -> Response:
        response = self.response_class()
        response.allow.update(route_methods(self.url_map, request.url_rule))
        return response
