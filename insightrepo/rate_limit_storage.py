"""A `limits` storage in the application's own database, so every gunicorn worker (and every
app server on one PostgreSQL) counts against the same numbers without Redis.

`limits` ships storages for memory, Redis, Memcached and MongoDB, none for SQL databases; this one
implements its fixed-window interface (``incr``, ``get``, ``get_expiry``) with one atomic upsert
per hit. Flask-Limiter finds it by its scheme: ``rate_limit_storage_uri = "database://"``."""

from __future__ import annotations

import logging
import random
import time
from contextlib import contextmanager
from typing import Any, Iterator

from limits.errors import ConfigurationError
from limits.storage import Storage
from sqlalchemy import Connection, Engine, case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.schema import CreateTable

from insightrepo.db import Database, make_engine
from insightrepo.models import RateLimitCounter

log = logging.getLogger(__name__)

SCHEME = "database"
_COUNTERS = RateLimitCounter.__table__
_PURGE_ONE_IN = 64  # now and then a hit also removes windows that ended a while ago


class DatabaseStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, database: Any = None,
                 **options: Any):
        super().__init__(uri, wrap_exceptions, **options)
        if database is None:
            raise ConfigurationError("the database:// rate-limit storage needs the app's Database")
        self.database = database

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A transaction of its own: a count is kept whatever becomes of the request's work."""
        bind = self.database.bind
        if isinstance(bind, Connection):  # the tests: a savepoint in the test's transaction
            with bind.begin_nested():
                yield bind
        else:
            with bind.begin() as connection:
                yield connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._transaction() as connection:
            insert = (postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert)(_COUNTERS)
            ended = _COUNTERS.c.expires_at <= now
            upsert = insert.values(key=key, count=amount, expires_at=now + expiry).on_conflict_do_update(
                index_elements=[_COUNTERS.c.key],
                set_={"count": case((ended, amount), else_=_COUNTERS.c.count + amount),
                      "expires_at": case((ended, now + expiry), else_=_COUNTERS.c.expires_at)},
            ).returning(_COUNTERS.c.count)
            count = connection.execute(upsert).scalar_one()
        if random.randrange(_PURGE_ONE_IN) == 0:
            self._purge(now)
        return count

    def _purge(self, now: float) -> None:
        try:
            with self._transaction() as connection:
                connection.execute(delete(_COUNTERS).where(_COUNTERS.c.expires_at < now - 60))
        except DBAPIError as error:  # another worker purging at the same moment: next time
            log.info("rate-limit counters not purged: %s", error)

    def _live(self, connection: Connection, key: str):
        return connection.execute(select(_COUNTERS.c.count, _COUNTERS.c.expires_at).where(
            _COUNTERS.c.key == key, _COUNTERS.c.expires_at > time.time())).first()

    def get(self, key: str) -> int:
        with self._transaction() as connection:
            row = self._live(connection, key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        with self._transaction() as connection:
            row = self._live(connection, key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        try:
            with self._transaction() as connection:
                connection.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self._transaction() as connection:
            return connection.execute(delete(_COUNTERS)).rowcount

    def release(self, key: str) -> None:
        """One less of ``key``, in one transaction: the row goes when none is left (a search slot
        given back; ``incr(key, expiry, -1)`` then ``clear`` took two, each holding SQLite's write
        lock, on every search)."""
        with self._transaction() as connection:
            gone = connection.execute(delete(_COUNTERS).where(_COUNTERS.c.key == key, _COUNTERS.c.count <= 1))
            if not gone.rowcount:
                connection.execute(_COUNTERS.update().where(_COUNTERS.c.key == key)
                                   .values(count=_COUNTERS.c.count - 1))

    def clear(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute(delete(_COUNTERS).where(_COUNTERS.c.key == key))


def running_work_storage(storage: Storage, database: Database) -> Storage:
    """Where the work running now is counted (each user's searches, concurrency.py): ``storage`` itself,
    except for the app's own database when that is an SQLite file.

    There every transaction holds the one write lock, and a slot is a write: a search would wait behind
    an import's long write transaction, up to the busy timeout. Its slots are counted instead in an
    SQLite file of their own beside the database (``<database file>-running``), which only these
    one-statement transactions use — still shared by every worker of the server, never waiting on the
    database. What is in it lives seconds; nothing there is backed up or migrated."""
    bind = database.bind
    if not (isinstance(storage, DatabaseStorage) and storage.database is database and isinstance(bind, Engine)
            and bind.dialect.name == "sqlite" and bind.url.database not in (None, "", ":memory:")):
        return storage
    engine = make_engine(bind.url.set(database=f"{bind.url.database}-running").render_as_string(hide_password=False))
    with engine.begin() as connection:  # every worker at start-up: the first one makes the table
        connection.execute(CreateTable(_COUNTERS, if_not_exists=True))
    return DatabaseStorage(database=Database(engine))
