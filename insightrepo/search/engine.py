"""Wiring search into the app (and the CLI): the adapter the settings choose, the drainer that
keeps it true, and the hook that drains after each commit that wrote index work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from sqlalchemy.orm import Session

from insightrepo.concurrency import ConcurrencyLimit
from insightrepo.config import ConfigError, Settings
from insightrepo.db import Database
from insightrepo.search.port import SearchIndex
from insightrepo.search.postgresql.index import PostgresIndex
from insightrepo.search.sync import Synchroniser
from insightrepo.search.whoosh.index import WhooshIndex

if TYPE_CHECKING:
    from flask import Flask


def _postgresql(settings: Settings, database: Database) -> SearchIndex:
    dialect = database.bind.dialect.name
    if dialect != "postgresql":
        raise ConfigError(f'search_backend = "postgresql" needs a PostgreSQL database_url (this one is {dialect}); '
                          'use search_backend = "whoosh"')
    return PostgresIndex(database, estimate_above=settings.search_estimate_above)


# search_backend → how to build it from the settings and the app's database. The PostgreSQL
# adapter keeps its documents in the database itself.
BACKENDS: dict[str, Callable[[Settings, Database], SearchIndex]] = {
    "whoosh": lambda settings, database: WhooshIndex(settings.index_dir),
    "postgresql": _postgresql,
}


def database_synchroniser(database: Database) -> Synchroniser:
    """The drainer of ``database`` with the search in the database itself (the PostgreSQL adapter),
    whatever this installation's settings say: `migrate-to` builds the target's index with it."""
    return Synchroniser(database, PostgresIndex(database))


def make_index(settings: Settings, database: Database) -> SearchIndex:
    try:
        build = BACKENDS[settings.search_backend]
    except KeyError:
        raise ConfigError(f"search_backend must be one of {', '.join(BACKENDS)}, "
                          f"not {settings.search_backend!r}") from None
    return build(settings, database)


class Search:
    """The app's search: its index, the drainer, and the limits queries are held to. ``concurrency``
    counts each user's running searches; the web layer puts it on the shared rate-limit storage
    (insightrepo.web.rate_limits), the CLI leaves it unlimited."""

    def __init__(self, database: Database, index: SearchIndex, max_query_length: int = 500, page_size: int = 20,
                 max_terms: int = 32, max_prefixes: int = 8, time_budget: float | None = None):
        self.database = database
        self.max_query_length = max_query_length
        self.page_size = page_size
        self.max_terms, self.max_prefixes, self.time_budget = max_terms, max_prefixes, time_budget
        self.concurrency = ConcurrencyLimit(None, 0)
        self.index = index
        self.sync = Synchroniser(database, index)

    @classmethod
    def from_settings(cls, database: Database, settings: Settings) -> "Search":
        return cls(database, make_index(settings, database), settings.search_max_query_length,
                   settings.search_page_size, settings.search_max_terms, settings.search_max_prefixes,
                   settings.search_time_budget_ms / 1000)

    def rebind(self, index: SearchIndex) -> None:
        """Use another index from now on (tests give each test a fresh one)."""
        self.index.close()
        self.index = index
        self.sync = Synchroniser(self.database, index)

    def after_commit(self, session: Session) -> None:
        self.sync.after_commit(session)

    def close(self) -> None:
        self.index.close()


def install(database: Database, settings: Settings) -> Search:
    """Search for ``database``: drains after every commit that wrote index work, and drains what
    a crash left behind right away. A database has one index: a second app on the same database
    shares the first one's."""
    search = database.extensions.get("search")
    if search is None:
        search = Search.from_settings(database, settings)
        database.extensions["search"] = search
        database.after_commit.append(search.after_commit)
        search.sync.drain()
    return search


def current_search(app: Flask | None = None) -> Search:
    """The search of ``app`` (by default the current one), as create_app installed it."""
    from flask import current_app

    return (app or current_app).extensions["insightrepo.search"]
