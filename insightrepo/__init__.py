"""InsightRepo: a self-hosted insight repository with change tracking for CX teams."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from insightrepo.config import load_config
from insightrepo.resources import resource_dir


def create_app(overrides: Mapping[str, Any] | None = None, *, database=None) -> Flask:
    """Build the app from the settings (see insightrepo.config); ``database`` lets tests
    hand in a Database bound to their own connection."""
    from insightrepo import request_input, schema
    from insightrepo.api import init_api
    from insightrepo.db import Database, close_current_session
    from insightrepo.http_errors import register_error_handlers
    from insightrepo.request_bodies import ChunkedBodies
    from insightrepo.search.engine import install as install_search
    from insightrepo.web import init_web

    settings = load_config(overrides)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, template_folder=str(resource_dir("templates")),
                static_folder=str(resource_dir("static")))
    app.config.update(
        SECRET_KEY=settings.secret_key or _development_secret(settings.data_dir),
        TESTING=settings.env == "testing",
        MAX_CONTENT_LENGTH=settings.max_content_length,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.session_cookie_secure,
        REMEMBER_COOKIE_DURATION=timedelta(days=settings.remember_cookie_days),
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=settings.session_cookie_secure,
    )
    app.extensions["insightrepo.settings"] = settings
    # Template indentation is for us, not for the browser: a 300-step map is 12 % smaller.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db = database if database is not None else Database.from_url(settings.sqlalchemy_url)
    schema.ensure_current(db.bind)
    app.extensions["insightrepo.db"] = db
    app.extensions["insightrepo.search"] = install_search(db, settings)  # drains what a crash left behind
    app.teardown_appcontext(close_current_session)

    register_error_handlers(app)
    init_web(app)
    init_api(app)
    request_input.install(app)  # after the API's authentication, before any view or schema reads input
    # The CSV import routes allow the file limit plus its multipart envelope; nothing allows more.
    largest = max(settings.max_content_length, settings.quote_import_max_bytes) + 65_536
    app.wsgi_app = ChunkedBodies(app.wsgi_app, largest)
    return app


def _development_secret(data_dir: str) -> str:
    """Outside production a secret is made once per data dir, so sessions survive restarts."""
    path = Path(data_dir) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
