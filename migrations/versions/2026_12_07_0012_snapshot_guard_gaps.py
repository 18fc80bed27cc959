"""snapshot guard gaps: SQLite's REPLACE and PostgreSQL's TRUNCATE

Revision 0004 made the database refuse an UPDATE or DELETE of a snapshot or of a snapshot object.
Two statements changed them without either: on SQLite, ``INSERT OR REPLACE`` (``REPLACE INTO``)
deletes the row it collides with by conflict resolution, which fires no DELETE trigger (unless
``recursive_triggers`` is on in that very connection); on PostgreSQL, ``TRUNCATE`` fires only
TRUNCATE triggers. This adds, on SQLite, a BEFORE INSERT trigger that refuses a row whose key is
already stored — in the database file itself, so it holds for every connection, the sqlite3 shell
included — and, on PostgreSQL, a BEFORE TRUNCATE trigger on both tables.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 03:40:00
"""
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

GUARDED = {"snapshots": "id", "snapshot_objects": "hash"}


def upgrade() -> None:
    for table, key in GUARDED.items():
        if op.get_bind().dialect.name == "postgresql":
            # insightrepo_refuse_change() comes from revision 0004
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION insightrepo_refuse_change()")
        else:
            op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                       f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key}) "
                       f"BEGIN SELECT RAISE(ABORT, 'snapshots are immutable (REPLACE on {table})'); END")


def downgrade() -> None:
    for table in GUARDED:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
