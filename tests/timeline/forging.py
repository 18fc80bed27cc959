"""Forging a snapshot's content the way only someone with the database's owner rights can: past
the immutability triggers (PostgreSQL: with the table's triggers disabled; SQLite: with them
dropped). Inside a test's connection the forgery is rolled back with everything else."""

from __future__ import annotations

import json
import zlib

from sqlalchemy import Connection

from insightrepo.timeline.objects import canonical


def forge_step_title(connection: Connection, title: str, forged: str) -> str:
    """Rewrite the stored step object titled ``title`` so it reads ``forged``, keeping its hash.
    Returns that hash."""
    for digest, data in connection.exec_driver_sql("SELECT hash, data FROM snapshot_objects WHERE kind = 'step'"):
        body = json.loads(zlib.decompress(data))
        if body.get("title") == title:
            break
    else:
        raise AssertionError(f"no stored step titled {title!r}")
    body["title"] = forged
    guard_off(connection)
    connection.exec_driver_sql("UPDATE snapshot_objects SET data = %s WHERE hash = %s" if _pg(connection)
                               else "UPDATE snapshot_objects SET data = ? WHERE hash = ?",
                               (zlib.compress(canonical(body)), digest))
    return digest


def guard_off(connection: Connection) -> None:
    if _pg(connection):
        connection.exec_driver_sql("ALTER TABLE snapshot_objects DISABLE TRIGGER USER")
    else:
        for name in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'snapshot_objects'").scalars().all():
            connection.exec_driver_sql(f"DROP TRIGGER {name}")


def _pg(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"
