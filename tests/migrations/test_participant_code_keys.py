"""Revision 0011 gives every participant its code key. Codes the old comparison let in twice
("Ärla-01" and "ärla-01") are all kept with their evidence: the oldest keeps its code, a later
one is renamed with a suffix, and the change log says so."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from insightrepo import schema_migrations
from insightrepo.db import make_engine
from tests.database_backends import BACKENDS, drop_database, fresh_database_url


@pytest.fixture(params=BACKENDS)
def engine_at_0007(request, tmp_path):
    url = fresh_database_url(request.param, "code_keys", tmp_path)
    engine = make_engine(url)
    schema_migrations.upgrade(engine, "0007")
    yield engine
    engine.dispose()
    drop_database(url)


def _participant(connection, pid: str, workspace: str, code: str, created: str) -> None:
    connection.execute(text(
        "INSERT INTO participants (id, workspace_id, code, segment, method, note, created_at, updated_at, version) "
        "VALUES (:id, :ws, :code, '', 'interview', '', :at, :at, 1)"), {"id": pid, "ws": workspace, "code": code,
                                                                       "at": created})


def test_existing_codes_get_keys_and_collisions_are_renamed_not_merged(engine_at_0007):
    with engine_at_0007.begin() as connection:
        for ws in ("wa", "wb"):
            connection.execute(text("INSERT INTO workspaces (id, slug, name, language, created_at, version) "
                                    "VALUES (:id, :id, :id, 'sv', '2026-01-01 00:00:00', 1)"), {"id": ws})
        _participant(connection, "p1", "wa", "Ärla-01", "2026-01-01 00:00:00")
        _participant(connection, "p2", "wa", "ärla-01", "2026-01-02 00:00:00")
        _participant(connection, "p3", "wa", "P07", "2026-01-03 00:00:00")
        _participant(connection, "p4", "wb", "ärla-01", "2026-01-04 00:00:00")

    schema_migrations.upgrade(engine_at_0007)

    with engine_at_0007.connect() as connection:
        rows = {r.id: (r.code, r.code_key, r.version) for r in connection.execute(
            text("SELECT id, code, code_key, version FROM participants"))}
        changes = connection.execute(text("SELECT entity_id, field, old, new, why FROM changes")).all()
        reindex = connection.execute(text("SELECT workspace_id FROM search_outbox WHERE kind = 'workspace'")).all()
    assert rows == {"p1": ("Ärla-01", "ärla-01", 1), "p2": ("ärla-01~2", "ärla-01~2", 2),
                    "p3": ("P07", "p07", 1), "p4": ("ärla-01", "ärla-01", 1)}
    assert [(c.entity_id, c.field) for c in changes] == [("p2", "code")]
    assert "another code matched it" in changes[0].why
    assert [r.workspace_id for r in reindex] == ["wa"]
    assert schema_migrations.drift(engine_at_0007) == []


def test_the_database_refuses_a_second_participant_with_the_same_key(engine_at_0007):
    schema_migrations.upgrade(engine_at_0007)
    with engine_at_0007.begin() as connection:
        connection.execute(text("INSERT INTO workspaces (id, slug, name, language, created_at, version) "
                                "VALUES ('wa', 'wa', 'wa', 'sv', '2026-01-01 00:00:00', 1)"))
    insert = text("INSERT INTO participants (id, workspace_id, code, code_key, segment, method, note, created_at, "
                  "updated_at, version) VALUES (:id, 'wa', :code, 'ärla-01', '', 'interview', '', "
                  "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)")
    with engine_at_0007.begin() as connection:
        connection.execute(insert, {"id": "p1", "code": "Ärla-01"})

    with pytest.raises(Exception, match="(?i)unique"):
        with engine_at_0007.begin() as connection:
            connection.execute(insert, {"id": "p2", "code": "ärla-01"})
