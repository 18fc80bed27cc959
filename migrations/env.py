"""Plain Alembic environment. The database comes from the caller (insightrepo.schema_migrations passes
an engine or connection) or, when run as `alembic` directly, from load_config()."""

from alembic import context
from sqlalchemy import Connection

from insightrepo import models  # noqa: F401  (registers every table)
from insightrepo.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    bind = config.attributes.get("bind")
    if bind is None:
        from insightrepo.config import load_config

        bind = make_engine(load_config().sqlalchemy_url)
    if isinstance(bind, Connection):
        _run(bind)
        return
    with bind.connect() as connection:
        _run(connection)
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `insightrepo db upgrade`.")
run_migrations_online()
