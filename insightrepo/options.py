"""OPTIONS answers with the methods of the route a path reaches.

Flask's default answer lists the methods of every rule the path fits, so `/workspaces/import`
(POST) also claimed GET and PATCH from `/workspaces/<slug>`, which it never reaches with those
methods from a client's point of view. Flask documents subclassing as the way to change the
default OPTIONS response (``Flask.make_default_options_response``)."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.wrappers import Response


class InsightRepoFlask(Flask):
    def make_default_options_response(self) -> Response:
        """``Allow``: the methods of the routes on exactly the rule the request matched (a path may
        have one route per method, e.g. GET and POST on `/workspaces`)."""
        matched = request.url_rule
        response = self.response_class()
        response.allow.update(method for rule in self.url_map.iter_rules() if rule.rule == matched.rule
                              for method in rule.methods)
        return response
