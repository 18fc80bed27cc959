"""Snapshots are immutable at every layer: the database itself refuses an UPDATE or DELETE of
a snapshot or of the content it is made of (on SQLite and PostgreSQL alike), and so does the
ORM session before anything reaches the database."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from insightrepo.models import Snapshot, SnapshotObject
from insightrepo.timeline.guard import ImmutableSnapshot
from tests.timeline.helpers import frozen, patch_step, take

STATEMENTS = {
    "update a snapshot": "UPDATE snapshots SET label = 'Rewritten history', as_of = '1999-01-01' WHERE id = '{id}'",
    "delete a snapshot": "DELETE FROM snapshots WHERE id = '{id}'",
    "update its content": "UPDATE snapshot_objects SET kind = 'x' WHERE hash = '{root}'",
    "delete its content": "DELETE FROM snapshot_objects WHERE hash = '{root}'",
    "update all content": "UPDATE snapshot_objects SET created_at = created_at",
    "delete all snapshots": "DELETE FROM snapshots",
    "upsert a snapshot": "INSERT INTO snapshots SELECT * FROM snapshots WHERE id = '{id}' "
                         "ON CONFLICT (id) DO UPDATE SET label = 'Rewritten history'",
}
# What only one database can say: SQLite's REPLACE deletes the old row without a DELETE statement;
# PostgreSQL's TRUNCATE empties a table without one.
ONE_DATABASE = {
    "replace a snapshot": ("sqlite", "INSERT OR REPLACE INTO snapshots (id, journey_id, label, as_of, note, root, "
                                     "bytes_added, created_by_id, created_at) SELECT id, journey_id, "
                                     "'Rewritten history', '1999-01-01', note, root, bytes_added, created_by_id, "
                                     "created_at FROM snapshots WHERE id = '{id}'"),
    "replace its content": ("sqlite", "REPLACE INTO snapshot_objects (hash, kind, data, created_at) "
                                      "SELECT hash, kind, X'00', created_at FROM snapshot_objects WHERE hash = '{root}'"),
    "truncate the snapshots": ("postgresql", "TRUNCATE snapshots CASCADE"),  # share links refer to snapshots
    "truncate the content": ("postgresql", "TRUNCATE snapshot_objects CASCADE"),
}


@pytest.fixture
def snapshot(admin_api, full_plant_map, connection) -> dict:
    taken = take(admin_api, full_plant_map.id, "May", as_of="2026-05-14", note="As agreed with the team")
    root = connection.exec_driver_sql(f"SELECT root FROM snapshots WHERE id = '{taken['id']}'").scalar_one()
    return {**taken, "root": root, "map": frozen(admin_api, taken["id"])}


def _objects(connection) -> int:
    return connection.exec_driver_sql("SELECT count(*) FROM snapshot_objects").scalar_one()


@pytest.mark.parametrize("what", list(STATEMENTS) + list(ONE_DATABASE))
def test_the_database_refuses_to_change_a_snapshot(connection, admin_api, snapshot, what):
    dialect, statement = ONE_DATABASE.get(what, (connection.dialect.name, STATEMENTS.get(what)))
    if dialect != connection.dialect.name:
        pytest.skip(f"{what}: {dialect} only")
    objects = _objects(connection)

    with pytest.raises(DBAPIError, match="immutable"):
        with connection.begin_nested():
            connection.exec_driver_sql(statement.format(**snapshot))

    row = connection.exec_driver_sql(
        f"SELECT label, as_of, note FROM snapshots WHERE id = '{snapshot['id']}'").one()
    assert (row.label, str(row.as_of), row.note) == ("May", "2026-05-14", "As agreed with the team")
    assert _objects(connection) == objects
    assert frozen(admin_api, snapshot["id"]) == snapshot["map"]


def test_a_bulk_update_through_the_orm_fails_at_the_database_too(session, snapshot):
    with pytest.raises(DBAPIError, match="immutable"):
        session.execute(update(Snapshot).where(Snapshot.id == snapshot["id"]).values(label="Rewritten"))
    session.rollback()

    assert session.scalar(select(Snapshot.label).where(Snapshot.id == snapshot["id"])) == "May"


def test_a_bulk_delete_through_the_orm_fails_at_the_database_too(session, snapshot):
    with pytest.raises(DBAPIError, match="immutable"):
        session.execute(delete(SnapshotObject).where(SnapshotObject.hash == snapshot["root"]))
    session.rollback()

    assert session.get(SnapshotObject, snapshot["root"]) is not None


def test_the_session_refuses_to_change_a_snapshot(session, snapshot):
    row = session.get(Snapshot, snapshot["id"])
    row.label = "Rewritten history"

    with pytest.raises(ImmutableSnapshot):
        session.flush()
    session.rollback()

    session.expire_all()
    assert session.get(Snapshot, snapshot["id"]).label == "May"


def test_the_session_refuses_to_delete_a_snapshot(session, snapshot):
    session.delete(session.get(Snapshot, snapshot["id"]))

    with pytest.raises(ImmutableSnapshot):
        session.commit()
    session.rollback()

    assert session.get(Snapshot, snapshot["id"]) is not None


def test_the_session_refuses_to_change_or_delete_snapshot_content(session, snapshot):
    content = session.get(SnapshotObject, snapshot["root"])
    content.data = b"forged"
    with pytest.raises(ImmutableSnapshot):
        session.flush()
    session.rollback()

    session.delete(session.get(SnapshotObject, snapshot["root"]))
    with pytest.raises(ImmutableSnapshot):
        session.flush()
    session.rollback()

    session.expire_all()
    assert session.get(SnapshotObject, snapshot["root"]).data != b"forged"


def test_new_snapshots_can_still_be_added_beside_the_immutable_ones(admin_api, full_plant_map, snapshot):
    patch_step(admin_api, full_plant_map.step("Pay"), emotion=2)

    later = take(admin_api, full_plant_map.id, "June", as_of="2026-06-01")

    assert later["id"] != snapshot["id"]
    assert frozen(admin_api, snapshot["id"]) == snapshot["map"]
