"""The search adapters the adapter tests run against. Each entry builds a fresh, empty index
for one test: ``make(tmp_path, database)``. The PostgreSQL adapter runs on the PostgreSQL
backend only (INSIGHTREPO_TEST_DATABASE_URL set); its documents live in the test database's
search tables, outside the test's transaction, and are emptied for each test."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from sqlalchemy import delete

from insightrepo.db import Database
from insightrepo.models import SearchDocument, SearchWord
from insightrepo.search.port import SearchIndex
from insightrepo.search.postgresql.index import PostgresIndex
from insightrepo.search.whoosh.index import WhooshIndex


def _postgresql(_tmp_path: Path, database: Database) -> SearchIndex:
    index = PostgresIndex(database)
    with index.engine.begin() as connection:
        connection.execute(delete(SearchDocument))
        connection.execute(delete(SearchWord))
    return index


ADAPTERS: dict[str, Callable[[Path, Database], SearchIndex]] = {
    "whoosh": lambda tmp_path, database: WhooshIndex(tmp_path / "search-index"),
    "postgresql": _postgresql,
}


def adapters_for(backend: str) -> list[str]:
    """The adapters that can run on ``backend`` (sqlite, postgresql)."""
    return ["whoosh", "postgresql"] if backend == "postgresql" else ["whoosh"]
