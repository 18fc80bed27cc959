"""An import of thousands of quotes through the API of a served instance (production mode,
gunicorn) is indexed through the bulk path, and a `kill -9` of the server while it indexes leaves
either the old index with the outbox rows still pending or the new index — after a restart every
quote is searchable and `insightrepo search check` finds no drift.

The bulk path shows on disk: one import of ROWS quotes is one new segment of ROWS documents,
where the incremental writer would have made a segment per 500. Waiting for the index is bounded
(a generous deadline that fails the test), never timed."""

from __future__ import annotations

import time

import pytest

from insightrepo.search.whoosh.index import WhooshIndex
from insightrepo.workspaces import workspaces
from tests.database_backends import BACKENDS
from tests.trust.processes import launcher  # noqa: F401  (a fixture)
from tests.trust.processes import Instance, Server, make_instance, remove_instance
from tests.trust.test_crash_safety import _csv

ROWS = 3_000
DEADLINE = 300  # seconds for the index to catch up before the test fails


@pytest.fixture(params=BACKENDS)
def instance(request, tmp_path, launcher):
    instance = make_instance(request.param, tmp_path / "site", launcher)
    yield instance
    remove_instance(instance)


def _import(server: Server, instance: Instance, k: int) -> dict:
    status, body = server.call(instance.members["lena@example.org"], "POST", "/api/v1/workspaces/lab/quotes/import",
                               raw=_csv(k, ROWS), content_type="text/csv; charset=utf-8")
    assert status in (200, 201), body
    return body


def _searchable(server: Server, instance: Instance, k: int) -> dict:
    status, body = server.call(instance.members["lena@example.org"], "GET",
                               f"/api/v1/workspaces/lab/search?tag=attempt-{k}&per_page=1")
    assert status == 200, body
    return body


def _wait_until_searchable(server: Server, instance: Instance, k: int) -> dict:
    deadline = time.monotonic() + DEADLINE
    seen = []
    while True:
        body = _searchable(server, instance, k)
        seen.append(body["indexing"])
        if body["total"] == ROWS and body["indexing"] is None:
            return {"answers": seen}
        assert time.monotonic() < deadline, f"import {k} not searchable in {DEADLINE} s: {body['total']} of {ROWS}"
        time.sleep(0.2)


def _segments(instance: Instance) -> list[int]:
    with instance.database() as database, database.session() as session:
        workspace_id = workspaces.find_workspace(session, "lab").id
    index = WhooshIndex(instance.data_dir / "search-index")
    try:
        return index.segment_sizes(workspace_id)
    finally:
        index.close()


def test_an_api_import_is_indexed_in_bulk_and_a_kill_9_mid_indexing_leaves_no_drift(instance):
    server = instance.serve()
    _import(server, instance, 0)
    _wait_until_searchable(server, instance, 0)
    assert _segments(instance) == [ROWS], "the import was not written as one bulk segment"
    server.stop()

    # Killed after the bulk segment is committed, before its outbox rows are deleted: the rows
    # are applied again at start-up and replace what they wrote.
    server = instance.serve(tripwire=r"^INSERT INTO quotes\b > ^COMMITTED$ > ^DELETE FROM search_outbox\b")
    _import(server, instance, 1)
    deadline = time.monotonic() + DEADLINE
    while not server.tripped():
        assert time.monotonic() < deadline, "the drainer never reached the outbox's DELETE"
        time.sleep(0.05)
    assert not server.errors(), server.errors()
    server.kill()
    assert instance.outbox() == ROWS  # the index has them; the rows were not yet deleted

    # Killed while the segment is being written (the rows read, the index not committed).
    server = instance.serve(tripwire=r"^INSERT INTO quotes\b > ^COMMITTED$ > ^SELECT search_outbox\.id\b > "
                                     r"^SELECT quotes\.")
    _import(server, instance, 2)
    while not server.tripped():
        assert time.monotonic() < deadline, "the drainer never read the import's quotes"
        time.sleep(0.05)
    server.kill()
    assert instance.outbox() >= ROWS

    server = instance.serve()
    for k in (0, 1, 2):
        _wait_until_searchable(server, instance, k)
    assert _searchable(server, instance, 0)["total"] == ROWS  # nothing doubled by the second application
    assert not server.errors(), server.errors()
    server.stop()
    assert instance.outbox() == 0
    assert "OK: the index matches the database." in instance.search_check()
