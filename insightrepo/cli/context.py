"""What every command needs: settings and the database, with start-up errors as one line."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click
from sqlalchemy.orm import Session

from insightrepo.config import ConfigError, Settings, load_config
from insightrepo.db import Database, transaction
from insightrepo.schema import SchemaOutOfDate, ensure_current
from insightrepo.services.errors import ServiceError


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


def settings() -> Settings:
    with reported_errors():
        return load_config()


@contextmanager
def database() -> Iterator[Database]:
    config = settings()
    Path(config.data_dir).mkdir(parents=True, exist_ok=True)
    db = Database.from_url(config.sqlalchemy_url)
    try:
        yield db
    finally:
        db.dispose()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One committed transaction on a schema that is up to date."""
    with database() as db, reported_errors():
        ensure_current(db.bind)
        session = db.session()
        try:
            with transaction(session):
                yield session
        finally:
            session.close()
