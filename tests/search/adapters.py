"""The search adapters the adapter tests run against. Each entry builds a fresh, empty index
for one test: ``make(tmp_path, database)``. The PostgreSQL adapter joins this list (for the
PostgreSQL backend only) when it lands."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from insightrepo.db import Database
from insightrepo.search.port import SearchIndex
from insightrepo.search.whoosh_index import WhooshIndex

ADAPTERS: dict[str, Callable[[Path, Database], SearchIndex]] = {
    "whoosh": lambda tmp_path, database: WhooshIndex(tmp_path / "search-index"),
}


def adapters_for(backend: str) -> list[str]:
    """The adapters that can run on ``backend`` (sqlite, postgresql)."""
    return ["whoosh"]
