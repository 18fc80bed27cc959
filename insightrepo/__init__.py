"""InsightRepo: a self-hosted insight repository with change tracking for CX teams."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from flask import Flask

from insightrepo.config import load_config
from insightrepo.options import InsightRepoFlask
from insightrepo.resources import resource_dir

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from insightrepo.db import Database


def create_app(overrides: Mapping[str, Any] | None = None, *, database=None, commands: bool = False) -> Flask:
    """Build the app from the settings (see insightrepo.config) — the one place they are read;
    ``database`` lets tests hand in a Database bound to their own connection. The app the command
    line runs in (``commands``) leaves the schema to the commands (``db upgrade`` runs on an old
    one) and search to the commands that search (after any migration)."""
    from insightrepo import request_input, schema_migrations
    from insightrepo.api import init_api
    from insightrepo.db import close_current_session
    from insightrepo.http_errors import register_error_handlers
    from insightrepo.request_bodies import UPLOAD_ENVELOPE, ChunkedBodies
    from insightrepo.search.engine import install as install_search
    from insightrepo.web import init_web

    settings = load_config(overrides)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    app = InsightRepoFlask(__name__, template_folder=str(resource_dir("templates")),
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
    # Template indentation is for us, not for the browser: a large map's page is noticeably smaller
    # without it (docs/benchmarks.md).
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db = open_database(database if database is not None else settings.sqlalchemy_url)
    app.extensions["insightrepo.db"] = db
    if not commands:
        schema_migrations.ensure_current(db.bind)
        app.extensions["insightrepo.search"] = install_search(db, settings)  # drains what a crash left behind
    app.teardown_appcontext(close_current_session)

    register_error_handlers(app)
    init_web(app)
    init_api(app)
    request_input.install(app)  # after the API's authentication, before any view or schema reads input
    # The CSV import routes allow the file limit plus its multipart envelope; nothing allows more.
    largest = max(settings.max_content_length, settings.quote_import_max_bytes) + UPLOAD_ENVELOPE
    app.wsgi_app = ChunkedBodies(app.wsgi_app, largest)
    if settings.trusted_proxies:
        # The client's address and scheme as the reverse proxies in front report them; with none
        # configured, X-Forwarded-* headers are anybody's to invent and are ignored.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)
    return app


def open_database(where: "str | Engine | Connection | Database") -> "Database":
    """The app's database at a URL, on an engine or connection (or one made already): its sessions
    refuse edits to snapshots, record the change log and write the search outbox."""
    from insightrepo.db import Database
    from insightrepo.search import outbox
    from insightrepo.timeline import change_recorder

    database = where if isinstance(where, Database) else (
        Database.from_url(where) if isinstance(where, str) else Database(where))
    change_recorder.install(database)
    outbox.install(database)
    return database


def _development_secret(data_dir: str) -> str:
    """Outside production a secret is made once per data dir, so sessions survive restarts."""
    path = Path(data_dir) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
