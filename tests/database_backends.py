"""The databases the suite runs on: SQLite always, PostgreSQL when
INSIGHTREPO_TEST_DATABASE_URL is set. Each pytest-xdist worker gets databases of its own."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("INSIGHTREPO_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def worker_id() -> str:
    """This worker, in this run: concurrent runs on one PostgreSQL server never share a database."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"p{os.getpid()}")[:8]
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{run}"


def fresh_database_url(backend: str, name: str, directory: Path) -> str:
    """An empty database called ``name`` (per worker) on ``backend``."""
    if backend == "sqlite":
        path = directory / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    database = f"insightrepo_{name}_{worker_id()}".lower()
    admin = create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Remove a PostgreSQL database made by fresh_database_url (SQLite files go with tmp_path)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()
