"""Database plumbing: the declarative Base, engines, sessions and transaction()."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from insightrepo.request_transaction import reads_only

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> str:
    """Opaque, unguessable ids: they never change and reveal nothing."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        _make_sqlite_transactional(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _make_sqlite_transactional(engine: Engine) -> None:
    """Let SQLAlchemy, not pysqlite, issue BEGIN, so SAVEPOINTs and DDL are transactional.

    BEGIN IMMEDIATE takes the write lock up front: two writers queue on the busy
    timeout instead of one of them failing with "database is locked" mid-transaction. A session
    opened with ``reading=True`` begins DEFERRED instead: in WAL mode it reads its snapshot while
    another transaction writes (a long import), where BEGIN IMMEDIATE would wait for the writer
    and fail after the busy timeout.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - driver hook
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection):  # pragma: no cover - driver hook
        deferred = connection.get_execution_options().get(_SQLITE_READING, False)
        connection.exec_driver_sql("BEGIN DEFERRED" if deferred else "BEGIN IMMEDIATE")


_SQLITE_READING = "insightrepo_sqlite_reading"


class Database:
    """One engine (or, in tests, one connection) and the sessions made from it. What a session
    does on flush and commit is what the app installs (``listen``): this module knows no feature."""

    def __init__(self, bind: Engine | Connection):
        # Called with each session after it commits (search: drain the outbox the commit wrote).
        self.after_commit: list[Callable[[Session], None]] = []
        # What features attach to this database, by name (search: the one index of a database).
        self.extensions: dict[str, Any] = {}
        self._listeners: list[tuple[str, Callable]] = []
        self.rebind(bind)

    def rebind(self, bind: Engine | Connection) -> None:
        """Use another engine or connection from now on (the tests bind one app to each test's connection)."""
        self.bind = bind
        self._make_sessions()

    def listen(self, name: str, listener: Callable) -> None:
        """Every session from now on calls ``listener`` on the session event ``name`` (in the order
        installed, before the after_commit hooks); installing the same one again changes nothing."""
        if (name, listener) in self._listeners:
            return
        self._listeners.append((name, listener))
        self._make_sessions()

    def _make_sessions(self) -> None:
        options = {}
        if isinstance(self.bind, Connection):
            # Tests: every commit becomes a SAVEPOINT release inside the test's transaction.
            options["join_transaction_mode"] = "create_savepoint"
        self._sessions = sessionmaker(bind=self.bind, expire_on_commit=False, **options)
        for name, listener in self._listeners:
            event.listen(self._sessions, name, listener)
        event.listen(self._sessions, "after_commit", self._committed)

    def _committed(self, session: Session) -> None:
        for hook in list(self.after_commit):
            hook(session)

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(make_engine(url))

    def session(self, reading: bool = False) -> Session:
        """A new session. ``reading``: the work is expected to only read, so on SQLite its
        transactions begin DEFERRED (see ``_make_sqlite_transactional``); a write in it fails at once
        with "database is locked" while another transaction writes, instead of waiting its turn."""
        if reading and isinstance(self.bind, Engine) and self.bind.dialect.name == "sqlite":
            # Every transaction of the session, not only its first: the search service ends the
            # request's first one before it searches (searching.search) and reads again after.
            return self._sessions(bind=self.bind.execution_options(**{_SQLITE_READING: True}))
        return self._sessions()

    def dispose(self) -> None:
        if isinstance(self.bind, Engine):
            self.bind.dispose()


def current_database(app=None) -> Database:
    """The database of ``app`` (by default the current one), as create_app put it there."""
    from flask import current_app

    return (app or current_app).extensions["insightrepo.db"]


def current_session() -> Session:
    """The session of the current request (or app context), opened on first use."""
    from flask import g

    if "db_session" not in g:
        g.db_session = current_database().session(reading=reads_only())
    return g.db_session


def close_current_session(_exc: BaseException | None = None) -> None:
    from flask import g

    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def transaction(session: Session | None = None) -> Iterator[Session]:
    """Commit on success, roll back on any error. Side effects belong after the block."""
    session = current_session() if session is None else session
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


# ---- get-or-create when several workers and app servers write at once ------------------------------

def add_unless_taken(session: Session, obj: Any) -> bool:
    """Add ``obj`` (a new row with a unique key) in a savepoint of its own. False, with ``obj`` left
    out, when another transaction — another worker or app server — committed the same key first:
    PostgreSQL makes the INSERT wait for that transaction and then refuses it; look the row up again.
    Through the ORM, so the session's listeners (change log, search outbox) see the row."""
    session.flush()  # what was pending before belongs to the outer transaction, not the savepoint
    try:
        with session.begin_nested():
            session.add(obj)
    except IntegrityError:
        return False
    return True


def insert_new(session: Session, table: Table, rows: list[dict], unique: list[str]) -> set[Any]:
    """INSERT … ON CONFLICT (``unique``) DO NOTHING: the ids of the rows inserted; a row whose key
    another transaction committed first is skipped (look it up again). For bulk writes that bypass
    the ORM (the CSV import)."""
    if not rows:
        return set()
    dialect = session.get_bind().dialect.name
    insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)
    statement = insert.on_conflict_do_nothing(index_elements=[table.c[name] for name in unique]) \
        .returning(table.c.id)
    return set(session.scalars(statement, rows))
