"""The drainer: one writer, no waiting, idempotent, failures kept for later — and `check` /
`reindex` on top of it."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import insert, select

from insightrepo.models import SearchOutbox
from insightrepo.search import maintenance, sync
from insightrepo.search.documents import live_key
from insightrepo.search.port import DocKey
from tests.search.conftest import ids

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter


def pending(session) -> list[tuple[str, str]]:
    return [tuple(r) for r in session.execute(select(SearchOutbox.kind, SearchOutbox.ref).order_by(SearchOutbox.id))]


def test_while_another_writer_holds_the_lock_a_commit_returns_at_once_and_the_holder_applies_it(
        session, add, find, search_engine):
    with search_engine.index.writer_lock(wait=True):
        quote = add("quote", text="Written while someone else drained")  # no wait, no error
        assert pending(session) == [("quote", quote.id)]
        assert find("drained").results.total == 0
    # The holder looks at the outbox again after releasing the lock:
    assert search_engine.sync.drain() == 1
    assert ids(find("drained")) == {quote.id} and pending(session) == []


def test_applying_the_same_work_twice_gives_the_same_index(session, team, add, search_engine):
    quote = add("quote", text="Twice is the same as once", tags=["idempotent"])
    before = search_engine.index.fingerprints(team.a.id)
    session.execute(insert(SearchOutbox), [{"workspace_id": team.a.id, "kind": "quote", "ref": quote.id},
                                           {"workspace_id": team.a.id, "kind": "ref", "ref": "tag:idempotent"}])
    session.commit()  # rows written by hand: no hook drains them
    assert search_engine.sync.drain() == 2
    assert search_engine.index.fingerprints(team.a.id) == before
    assert pending(session) == []


def test_a_row_that_cannot_be_applied_is_set_aside_and_the_others_go_through(session, add, find, search_engine,
                                                                             monkeypatch):
    real = sync.live_documents

    def broken(session_, kind, wanted):
        if any("poison" in (session_.get(sync.MODELS[kind], i).text if kind == "quote" else "") for i in wanted):
            raise RuntimeError("cannot build this one")
        return real(session_, kind, wanted)

    monkeypatch.setattr(sync, "live_documents", broken)
    with search_engine.index.writer_lock(wait=True):
        bad = add("quote", text="poison pill")
        good = add("quote", text="a healthy quote")
    for _ in range(sync.MAX_ATTEMPTS):
        search_engine.sync.drain()
    assert ids(find("healthy")) == {good.id} and find("poison").results.total == 0
    row = session.scalar(select(SearchOutbox).where(SearchOutbox.ref == bad.id))
    assert row.attempts == sync.MAX_ATTEMPTS and "cannot build this one" in row.error
    assert search_engine.sync.pending() == 0  # set aside: it no longer holds up the rows behind it
    monkeypatch.undo()
    report = maintenance.check(search_engine.sync)
    assert not report.ok and report.failed[0].ref == bad.id
    assert report.workspaces[0].missing == [live_key("quote", bad.id)]


def test_an_index_failure_never_reaches_the_user_and_the_rows_wait(session, add, find, search_engine, monkeypatch):
    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_engine.index, "apply", disk_full)
    quote = add("quote", text="Saved even though the index failed")  # no exception
    assert pending(session) == [("quote", quote.id)]
    monkeypatch.undo()
    assert search_engine.sync.drain() == 1 and ids(find("failed")) == {quote.id}


def test_check_reports_missing_stale_and_extra_documents_and_reindex_repairs_them(session, team, add,
                                                                                  search_engine):
    kept = add("quote", text="kept as it is")
    changed = add("quote", text="changed behind the index's back")
    index = search_engine.index
    index.delete([DocKey(team.a.id, live_key("quote", kept.id))])  # missing
    doc = next(d for d in search_engine.sync.workspace_documents(team.a.id) if d.id == changed.id)
    index.index([doc.__class__(**{**doc.__dict__, "fingerprint": "old"})])  # stale
    index.index([doc.__class__(**{**doc.__dict__, "key": "quote:gone", "id": "gone"})])  # extra
    report = maintenance.check(search_engine.sync)
    drift = next(d for d in report.workspaces if d.slug == "alpha")
    assert (drift.missing, drift.stale, drift.extra) == (
        [live_key("quote", kept.id)], [live_key("quote", changed.id)], ["quote:gone"])
    assert not report.ok

    written = maintenance.reindex(search_engine.sync)
    assert written["alpha"] == 2
    assert maintenance.check(search_engine.sync).ok


def test_searches_keep_working_while_reindex_rebuilds(session, team, add, search_engine, find):
    for n in range(30):
        add("quote", text=f"quote number {n} about repotting")
    answers, stop = [], threading.Event()
    index = search_engine.index

    def search_all_the_time():
        from insightrepo.search.port import Filters, PageRequest, WorkspaceRef
        while not stop.is_set():
            answers.append(index.query(WorkspaceRef(team.a.id, "en"), "repotting", Filters(), (),
                                       PageRequest()).total)

    reader = threading.Thread(target=search_all_the_time)
    reader.start()
    try:
        for _ in range(3):
            maintenance.reindex(search_engine.sync, ["alpha"])
    finally:
        stop.set()
        reader.join()
    assert answers and set(answers) == {30}  # never empty, never an error, never half
    assert find("repotting").results.total == 30


def test_an_unknown_search_backend_stops_start_up_with_one_line(database, tmp_path):
    from insightrepo import create_app
    from insightrepo.config import ConfigError
    from insightrepo.db import Database

    with pytest.raises(ConfigError, match="search_backend must be one of whoosh, postgresql, not 'elastic'"):
        create_app({"env": "testing", "data_dir": str(tmp_path), "search_backend": "elastic"},
                   database=Database(database.bind))


def test_the_postgresql_backend_on_another_database_stops_start_up_with_one_line(database, tmp_path):
    from insightrepo import create_app
    from insightrepo.config import ConfigError
    from insightrepo.db import Database

    if database.bind.dialect.name == "postgresql":
        pytest.skip("this database is PostgreSQL")
    with pytest.raises(ConfigError, match=r'^search_backend = "postgresql" needs a PostgreSQL database_url '
                                          r'\(this one is sqlite\); use search_backend = "whoosh"$'):
        create_app({"env": "testing", "data_dir": str(tmp_path), "search_backend": "postgresql"},
                   database=Database(database.bind))
