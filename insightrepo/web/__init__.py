"""Server-rendered HTML: sign-in, workspaces, members, tokens, journey maps, evidence, timeline."""

from __future__ import annotations

from flask import Flask

from insightrepo.web import auth, imports, journeys, map_editing, members, tokens, workspaces
from insightrepo.web import evidence, experiments, participants, step_evidence, tags, timeline
from insightrepo.web import search as search_pages
from insightrepo.web.navigation import register_navigation
from insightrepo.web.plural import register_plurals
from insightrepo.web.rate_limits import limit_logins
from insightrepo.web.security import init_security


def init_web(app: Flask) -> None:
    init_security(app)
    for module in (auth, workspaces, members, tokens, journeys, map_editing,
                   evidence, step_evidence, participants, tags, imports, timeline, experiments):
        app.register_blueprint(module.bp)
    app.register_blueprint(search_pages.bp)
    limit_logins(app)
    register_navigation(app)
    register_plurals(app)
