"""The schema comes only from the migrations: up from empty, no drift, down to empty."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from insightrepo import create_app, schema_migrations
from insightrepo.db import Database, make_engine
from insightrepo.schema_migrations import SchemaOutOfDate
from tests.database_backends import BACKENDS, drop_database, fresh_database_url


@pytest.fixture(params=BACKENDS)
def empty_engine(request, tmp_path):
    url = fresh_database_url(request.param, "migrations", tmp_path)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    drop_database(url)


def test_upgrade_from_empty_matches_models_and_downgrades_to_empty(empty_engine):
    schema_migrations.upgrade(empty_engine)
    assert schema_migrations.current_revision(empty_engine) == schema_migrations.head_revision()
    assert schema_migrations.drift(empty_engine) == []
    tables = set(inspect(empty_engine).get_table_names())
    assert {"users", "workspaces", "memberships", "invitations", "api_tokens"} <= tables

    schema_migrations.downgrade(empty_engine, "base")
    assert schema_migrations.current_revision(empty_engine) is None
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}


def test_app_refuses_a_database_behind_the_code(empty_engine, tmp_path):
    with pytest.raises(SchemaOutOfDate, match="run `insightrepo db upgrade`"):
        create_app({"env": "testing", "data_dir": str(tmp_path)}, database=Database(empty_engine))


def test_migration_files_are_date_prefixed():
    from insightrepo.resources import resource_dir

    names = [p.name for p in (resource_dir("migrations") / "versions").glob("*.py")]
    assert names
    for name in names:
        assert name[:10].replace("_", "").isdigit() and name[4] == "_", name
