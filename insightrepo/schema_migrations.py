"""The database schema's lifecycle, driven by the Alembic scripts in migrations/."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from insightrepo import models  # noqa: F401  (registers every table)
from insightrepo.db import Base
from insightrepo.resources import resource_dir


class SchemaOutOfDate(Exception):
    """The database is behind (or ahead of) the code's newest migration."""


def alembic_config(bind: Engine | Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    if bind is not None:
        config.attributes["bind"] = bind
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(bind: Engine | Connection) -> str | None:
    with _connection(bind) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(bind: Engine | Connection, revision: str = "head") -> None:
    command.upgrade(alembic_config(bind), revision)


def downgrade(bind: Engine | Connection, revision: str) -> None:
    command.downgrade(alembic_config(bind), revision)


def drift(bind: Engine | Connection) -> list:
    """Differences between the models and the database (empty when they match)."""
    with _connection(bind) as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def ensure_current(bind: Engine | Connection) -> None:
    current, head = current_revision(bind), head_revision()
    if current != head:
        state = "empty" if current is None else f"at revision {current}"
        raise SchemaOutOfDate(
            f"The database is {state} but this version of InsightRepo needs {head}: "
            "run `insightrepo db upgrade` (or `insightrepo init`)."
        )


class _connection:
    def __init__(self, bind: Engine | Connection):
        self.bind = bind
        self.owned: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self.bind, Connection):
            return self.bind
        self.owned = self.bind.connect()
        return self.owned

    def __exit__(self, *exc) -> None:
        if self.owned is not None:
            self.owned.close()
