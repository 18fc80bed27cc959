"""Server-rendered HTML: sign-in, workspaces, members, tokens, journey maps, evidence, timeline."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from insightrepo import formats, i18n
from insightrepo.db import current_session
from insightrepo.timeline.change_context import open_changes
from insightrepo.web import auth, imports, journeys, map_editing, map_export, members, tokens, workspaces
from insightrepo.web import evidence, experiments, participants, profile, step_evidence, tags, timeline
from insightrepo.web import map_cell_html, sharing, undo
from insightrepo.web import search as search_pages
from insightrepo.web.navigation import register_navigation
from insightrepo.web.paging import register_paging
from insightrepo.web.rate_limits import limit_logins, limit_searches
from insightrepo.web.vocabulary import register_vocabulary
from insightrepo.web.security import init_security


def init_web(app: Flask) -> None:
    init_security(app)
    pages = (auth, workspaces, members, tokens, journeys, map_editing, evidence, step_evidence, participants, tags,
             imports, timeline, experiments, search_pages, undo, sharing, map_export, profile)
    for module in pages:
        app.register_blueprint(module.bp)
    names = {module.bp.name for module in pages}

    @app.before_request
    def _open_change_context():
        """A page's changes are the signed-in user's (a form with a "why" adds it in its view)."""
        if request.blueprint in names:
            open_changes(current_session(), current_user if current_user.is_authenticated else None)
    limit_logins(app)
    limit_searches(app)
    register_navigation(app)
    register_paging(app)
    i18n.install(app)
    app.jinja_env.filters.update(formats.FILTERS)
    app.jinja_env.globals["day_hint"] = formats.day_hint
    register_vocabulary(app)
    map_cell_html.register(app)
