"""The /api/v1 JSON API (flask-smorest: routes, argument parsing and the OpenAPI document)."""

from __future__ import annotations

from flask import Flask, request
from flask_smorest import Api

from insightrepo.api import (backup, evidence, experiments, journeys, map_cells, me, members, participants, phases,
                             quote_import, search, sharing, steps, tags, timeline, tokens, workspaces)
from insightrepo.api.auth import authenticate_api_request
from insightrepo.api.common_responses import CommonErrorResponses
from insightrepo.api.documented_limits import ConfiguredLimits, null_or_the_object
from insightrepo.api.schemas.common import ErrorSchema

API_PREFIX = "/api/v1"


class InsightApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """Errors are answered by insightrepo.http_errors for the whole app."""


def init_api(app: Flask) -> None:
    app.config.update(
        API_TITLE="InsightRepo API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = InsightApi(app, spec_kwargs={
        "info": {"description": "Journeys, evidence, experiments and their timeline, as JSON. Codes, field names "
                                "and messages are English; only a request made with the browser's signed-in "
                                "session (not a token) gets its `message` and field messages in the language its "
                                "`Accept-Language` asks for (en, sv, da, nb, fi)."},
        "servers": [{"url": "/"}],
        "extra_plugins": [CommonErrorResponses(),
                          ConfiguredLimits(app.extensions["insightrepo.settings"].api_max_page_size)],
    })
    api.ma_plugin.converter.add_attribute_function(null_or_the_object)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearerAuth": []}]
    csrf = app.extensions["csrf"]
    names = set()
    for module in (me, workspaces, members, tokens, journeys, phases, steps, participants, evidence, tags, timeline,
                   experiments, backup, quote_import, search, sharing, map_cells):
        # Bearer-token calls need no CSRF token; session-authenticated writes are
        # checked in authenticate_api_request with the same CSRF token as the forms.
        csrf.exempt(module.blp)
        api.register_blueprint(module.blp, url_prefix=API_PREFIX)
        names.add(module.blp.name)

    @app.before_request
    def _authenticate():
        if request.blueprint in names:
            return authenticate_api_request()
        return None

    app.extensions["insightrepo.api"] = api
