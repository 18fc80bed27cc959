"""Large batches in the outbox (an import, a restore) go through the bulk writer — new segments
beside the existing ones, exactly once — and while the index catches up the search page and
API say so. (A served instance, killed mid-indexing: tests/search/test_bulk_served.py.)"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import insert, select

from insightrepo.imports import quotes_csv
from insightrepo.models import Quote, SearchOutbox, SearchProgress
from insightrepo.search import maintenance, sync
from insightrepo.search.port import FACETS, Filters, PageRequest, WorkspaceRef
from tests.html_tree import page

pytestmark = pytest.mark.usefixtures("search_engine")

ROWS = 1_200  # above sync.BULK_FROM


def _csv(rows: int, word: str) -> bytes:
    lines = ["text;participant;tags"]
    lines += [f"The {word} arrived on day {i} and the fern is fine;P{i % 30};bulk-{i % 7}" for i in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def _import(session, team, rows: int = ROWS, word: str = "parcel"):
    report = quotes_csv.import_quotes(session, team.admin, "alpha", _csv(rows, word))
    session.commit()
    return report


def test_an_import_of_thousands_is_indexed_by_the_bulk_writer_and_search_check_is_clean(
        session, team, add, find, search_engine, adapter_name, caplog):
    first = add("quote", text="A quote written before the import")
    with caplog.at_level(logging.INFO, logger="insightrepo.search.whoosh.index"):
        assert _import(session, team).imported == ROWS
    assert find("parcel").results.total == ROWS
    assert find("before import").results.total == 1
    if adapter_name == "whoosh":
        assert any("written as new segments (bulk)" in r.getMessage() for r in caplog.records)
    assert session.scalar(select(SearchOutbox.id).limit(1)) is None
    assert session.scalar(select(SearchProgress.workspace_id).limit(1)) is None  # caught up: no progress kept
    assert maintenance.check(search_engine.sync).ok
    assert first.id in {h.id for h in find("before").results.hits}


def test_the_same_large_batch_applied_twice_gives_the_same_index(session, team, search_engine):
    _import(session, team)
    before = search_engine.index.fingerprints(team.a.id)
    quote_ids = list(session.scalars(select(Quote.id).where(Quote.workspace_id == team.a.id)))
    # As after a crash between the index's commit and the rows' deletion: every row again.
    session.execute(insert(SearchOutbox), [{"workspace_id": team.a.id, "kind": "quote", "ref": i} for i in quote_ids])
    session.commit()
    assert search_engine.sync.drain() == ROWS
    assert search_engine.index.fingerprints(team.a.id) == before
    report = maintenance.check(search_engine.sync)
    assert report.ok and report.workspaces[0].documents == ROWS


def test_a_bulk_round_replaces_changed_documents_and_removes_deleted_ones(session, team, find, search_engine):
    _import(session, team)
    quotes = list(session.scalars(select(Quote).where(Quote.workspace_id == team.a.id).order_by(Quote.id)))
    for quote in quotes[:600]:
        quote.text = quote.text.replace("parcel", "courier")
    for quote in quotes[600:700]:
        session.delete(quote)
    session.commit()  # 700 rows: the incremental path; add rows by hand to make it a bulk round
    assert find("courier").results.total == 600 and find("parcel").results.total == ROWS - 700
    session.execute(insert(SearchOutbox), [{"workspace_id": team.a.id, "kind": "quote", "ref": q.id}
                                           for q in quotes])  # 1,200 rows, 100 of them deleted quotes
    session.commit()
    assert search_engine.sync.drain() == ROWS
    assert find("courier").results.total == 600 and find("parcel").results.total == ROWS - 700
    assert maintenance.check(search_engine.sync).ok


@pytest.fixture
def half_indexed(session, team, search_engine, monkeypatch):
    """An import of ROWS quotes of which the index has the first 1,000: the drainer applied one
    bulk round and then could not write the index (the rows wait for the next drain)."""
    monkeypatch.setattr(sync, "BULK_ROUND", 1_000)
    real, calls = search_engine.index.apply, []

    def failing_after_first_round(docs, keys):  # the small remainder goes through apply
        docs = list(docs)
        if len(docs) >= 1_000:  # the bulk round (an adapter without a bulk writer uses apply for it)
            return real(docs, keys)
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_engine.index, "apply", failing_after_first_round)
    _import(session, team)
    assert calls, "the remainder was not tried"
    monkeypatch.setattr(search_engine.index, "apply", real)
    return search_engine


def test_while_the_index_catches_up_the_api_says_how_far_it_is(half_indexed, session, team, api_as, find):
    body = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=parcel").get_json()
    assert body["indexing"] == {"pending": ROWS - 1_000, "done": 1_000}
    assert body["total"] == 1_000  # what the index has so far
    half_indexed.sync.drain()
    body = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=parcel").get_json()
    assert body["indexing"] is None and body["total"] == ROWS
    assert session.scalar(select(SearchProgress.workspace_id).limit(1)) is None


def test_while_the_index_catches_up_the_search_page_says_results_may_be_incomplete(half_indexed, team, login):
    client = login(team.viewer)
    notice = page(client.get("/w/alpha/search?q=parcel")).find(id="indexing-notice")
    assert " ".join(notice.text().split()) == \
        "Indexing 1,000 of 1,200 new or changed items — results may be incomplete."
    half_indexed.sync.drain()
    assert page(client.get("/w/alpha/search?q=parcel")).find_all(id="indexing-notice") == []


def test_the_notice_is_absent_when_the_index_is_up_to_date(session, team, add, login, api_as):
    add("quote", text="A single small edit")
    assert page(login(team.viewer).get("/w/alpha/search?q=edit")).find_all(id="indexing-notice") == []
    assert api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=edit").get_json()["indexing"] is None


def test_segments_piled_up_by_bulk_rounds_are_rebuilt_and_swapped_in_while_searches_go_on(
        session, team, add, find, search_engine, adapter_name, monkeypatch, caplog):
    """Past COMPACT_FROM_SEGMENTS segments the drainer rebuilds the workspace in a new generation
    and swaps it in; queries meanwhile answer from the old one, and no document is lost or doubled."""
    if adapter_name != "whoosh":
        pytest.skip("segments are the Whoosh adapter's")
    monkeypatch.setattr(sync, "BULK_FROM", 50)
    monkeypatch.setattr(sync, "BULK_ROUND", 100)  # 100 rows a round: a new segment each
    monkeypatch.setattr(sync, "COMPACT_FROM_SEGMENTS", 4)
    index, workspace_id = search_engine.index, team.a.id
    first = add("quote", text="A quote written before the imports")
    rebuilds, during = [], []
    real = search_engine.sync.workspace_documents

    def total(text: str) -> int:  # the index's own answer: the session is busy committing
        return index.query(WorkspaceRef(workspace_id, team.a.language), text, Filters(), FACETS,
                           PageRequest(1, 20, "relevance")).total

    def rebuilding(wanted, progress=None):
        """The rebuild's documents, as the drainer reads them; halfway, someone searches."""
        before = total("parcel")
        for n, doc in enumerate(real(wanted, progress)):
            if n == 150:
                during.append((before, total("parcel"), total("before")))
            yield doc
        rebuilds.append(before)

    monkeypatch.setattr(search_engine.sync, "workspace_documents", rebuilding)
    with caplog.at_level(logging.INFO, logger="insightrepo.search.sync"):
        _import(session, team, rows=450, word="parcel")  # 5 rounds
        assert index.segment_count(workspace_id) <= 4
        _import(session, team, rows=450, word="parcel")
    assert rebuilds, "the segments were never compacted"
    assert any("rebuilt and swapped in" in r.getMessage() for r in caplog.records)
    # searches during a rebuild were answered, from the generation being replaced: all it had
    assert during and all(total == before and one == 1 for before, total, one in during)
    assert index.segment_count(workspace_id) <= sync.COMPACT_FROM_SEGMENTS
    found = find("parcel", per_page=100)
    assert found.results.total == 900
    keys = list(index.fingerprints(workspace_id))
    assert len(keys) == len(set(keys)) == 901  # every document exactly once
    assert [h.id for h in find("before").results.hits] == [first.id]
    assert session.scalar(select(SearchOutbox.id).limit(1)) is None
    assert maintenance.check(search_engine.sync).ok
