"""Moving a whole installation to another database (`insightrepo migrate-to URL`): an embedded one
(SQLite + the Whoosh index) to PostgreSQL, for several app servers.

Every row of every table is copied as it is — ids, password hashes, API tokens, the change log and
the snapshot objects byte for byte — into a new, empty database brought to the current schema by the
migrations, all in one transaction (a failure leaves the target as empty as it was). Left out on
purpose: what belongs to the running installation rather than to its data — the search index and
its outbox (rebuilt from the copied rows on the target), rate-limit counts, and Alembic's own
bookkeeping (written by the migrations)."""

from __future__ import annotations

from typing import Callable

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from insightrepo import schema_migrations
from insightrepo.db import Base, Database, make_engine
from insightrepo.errors import Conflict, Invalid

LEFT_OUT = frozenset({"search_documents", "search_words", "search_outbox", "rate_limit_counters"})
CHUNK = 2_000  # rows read and written at a time: memory stays flat whatever the size
_REFUSED = "Nothing was copied."
Progress = Callable[[str, int, int], None]  # (table, rows copied, rows in it)


def _same_place(source: Engine, target_url: str) -> bool:
    a, b = source.url, make_url(target_url)
    return (a.get_backend_name(), a.host, a.port, a.database) == (b.get_backend_name(), b.host, b.port, b.database)


def copy_database(source: Database, target_url: str, progress: Progress | None = None) -> dict[str, int]:
    """Copy every table of ``source`` into the empty database at ``target_url`` (its schema is
    created or upgraded first); returns the rows copied per table. Invalid for a target that is the
    source itself or cannot be reached, Conflict for one that already holds an installation."""
    bind = source.bind if isinstance(source.bind, Engine) else source.bind.engine
    schema_migrations.ensure_current(source.bind)
    if _same_place(bind, target_url):
        raise Invalid({"url": "the target is the database this installation already uses"}, _REFUSED)
    try:
        target = make_engine(target_url)
    except Exception as error:  # noqa: BLE001 — a URL SQLAlchemy cannot use: the operator's to fix
        raise Invalid({"url": f"not a database URL SQLAlchemy can open ({error})"}, _REFUSED) from None
    try:
        try:
            schema_migrations.upgrade(target)
        except OperationalError as error:
            raise Invalid({"url": f"cannot reach it ({str(error.orig).strip().splitlines()[0]})"}, _REFUSED) from None
        tables = [t for t in Base.metadata.sorted_tables if t.name not in LEFT_OUT]
        copied: dict[str, int] = {}
        with bind.connect() as reading, target.begin() as writing:
            held = {name: writing.scalar(select(func.count()).select_from(Base.metadata.tables[name]))
                    for name in ("users", "workspaces")}
            if any(held.values()):
                raise Conflict(f"The database at {make_url(target_url).render_as_string(hide_password=True)} "
                               f"already holds an installation ({held['users']} users, {held['workspaces']} "
                               "workspaces): migrate into a new, empty database.")
            for table in tables:
                total = reading.scalar(select(func.count()).select_from(table))
                done = 0
                rows = reading.execution_options(yield_per=CHUNK).execute(select(table))
                for chunk in rows.mappings().partitions(CHUNK):
                    writing.execute(insert(table), [dict(row) for row in chunk])
                    done += len(chunk)
                    if progress:
                        progress(table.name, done, total)
                copied[table.name] = done
        return copied
    finally:
        target.dispose()
