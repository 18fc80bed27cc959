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


def test_above_the_rank_cap_the_newest_hits_are_ranked_then_the_rest_by_date(postgresql, add, find, monkeypatch):
    """Every hit is still counted and reached by paging, each once; the first RANK_CAP by date are
    the ones ranked."""
    from insightrepo.search.postgresql import index

    monkeypatch.setattr(index, "RANK_CAP", 30)
    quotes = [add("quote", text=("fern " * (1 + n % 3)) + f"number {n}", collected_on=f"2026-01-{n + 1:02d}")
              for n in range(31)] + [add("quote", text="fern fern fern at last", collected_on="2025-12-01")]
    newest = {q.id for q in quotes[1:31]}

    first, second = find("fern"), find("fern", page=2)

    assert first.results.total == second.results.total == 32  # counted exactly, whatever is ranked
    assert {hit.id for hit in first.results.hits} <= newest
    scores = [hit.score for hit in first.results.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    rest = [hit.id for hit in second.results.hits]
    assert rest[-2:] == [quotes[0].id, quotes[-1].id]  # past the cap: by date, newest first
    assert sorted([hit.id for hit in first.results.hits] + rest) == sorted(q.id for q in quotes)
