"""What only the PostgreSQL adapter has: its degraded mode without pg_trgm, and the advisory
writer lock shared by every process on the database."""

from __future__ import annotations

import pytest

from insightrepo.search.postgresql.index import PostgresIndex, levenshtein
from tests.search.conftest import ids

@pytest.fixture
def postgresql(search_engine, adapter_name) -> PostgresIndex:
    if adapter_name != "postgresql":
        pytest.skip("PostgreSQL adapter only")
    return search_engine.index


def test_without_pg_trgm_did_you_mean_compares_words_of_the_same_first_letter(postgresql, add, find):
    add("quote", text="The courier was friendly")
    postgresql._trigrams = False  # as on a server where the extension could not be installed
    assert find("curier").results.suggestion == "courier"
    assert find("kurier").results.suggestion is None  # the first letter is kept


def test_the_writer_lock_is_held_across_connections(postgresql, database):
    other = PostgresIndex(database)  # another process's adapter: its own connections
    with postgresql.writer_lock(wait=False) as held:
        assert held
        with other.writer_lock(wait=False) as also:
            assert not also
    with other.writer_lock(wait=False) as held_now:
        assert held_now


def test_text_postgresql_cannot_store_is_dropped_not_an_error(postgresql, add, find):
    quote = add("quote", text="control \x02marks\x03 and bytes")
    assert ids(find("bytes")) == {quote.id}
    assert find("bytes\x00 \ud800").results.total == 1


@pytest.mark.parametrize("a, b, distance", [("curier", "courier", 1), ("crushd", "crushed", 1),
                                            ("fabirc", "fabric", 2), ("abc", "xyz", 3)])
def test_edit_distance(a, b, distance):
    assert levenshtein(a, b, 1) == min(distance, 2)
    assert levenshtein(a, b, 2) == min(distance, 3)
