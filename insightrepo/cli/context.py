"""What every command needs: the app it runs in (its settings and database), with start-up errors
as one line."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import click
from flask import Flask
from sqlalchemy.orm import Session

from insightrepo.config import ConfigError, Settings, current_settings
from insightrepo.db import Database, current_database, transaction
from insightrepo.schema_migrations import SchemaOutOfDate, ensure_current
from insightrepo.errors import ServiceError
from insightrepo.timeline.change_context import open_changes

APP = "insightrepo.app"  # where the root click context keeps the app


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the errors an operator can fix into a one-line message and exit status 1."""
    try:
        yield
    except (ConfigError, SchemaOutOfDate) as exc:
        raise click.ClickException(str(exc)) from None
    except ServiceError as exc:
        fields = exc.details.get("fields") or {}
        detail = "; ".join(f"{k}: {v}" for k, v in fields.items())
        raise click.ClickException(f"{exc.message} {detail}".strip()) from None


def app() -> Flask:
    """The app the command runs in, made by create_app (the one place settings are read) on first
    use; its app context lasts until the command ends, then its database is let go."""
    root = click.get_current_context().find_root()
    if APP not in root.meta:
        from insightrepo import create_app

        with reported_errors():
            made = create_app(commands=True)
        root.meta[APP] = made
        root.call_on_close(made.extensions["insightrepo.db"].dispose)  # after the app context below ends
        root.with_resource(made.app_context())
    return root.meta[APP]


def settings() -> Settings:
    app()
    return current_settings()


@contextmanager
def database() -> Iterator[Database]:
    app()
    yield current_database()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One committed transaction on a schema that is up to date."""
    with database() as db, reported_errors():
        ensure_current(db.bind)
        session = db.session()
        open_changes(session, None)  # a command's changes are the operator's
        try:
            with transaction(session):
                yield session
        finally:
            session.close()
