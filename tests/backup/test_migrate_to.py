"""`insightrepo migrate-to URL`, end to end on the demo data: an embedded installation (SQLite and
the Whoosh index, made by `insightrepo demo`) moved to PostgreSQL with one command holds the same
rows, answers searches the same, and its snapshots are byte for byte the ones it had."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from insightrepo.backup.backup import dump_document, export_workspace
from insightrepo.backup.migrate_to import LEFT_OUT
from insightrepo.db import Base, Database
from insightrepo.models import Quote, SnapshotObject, Workspace
from insightrepo.search.port import FACETS, Filters, PageRequest, WorkspaceRef
from insightrepo.search.postgresql.index import PostgresIndex
from insightrepo.search.whoosh.index import WhooshIndex
from tests.database_backends import POSTGRES_URL, drop_database, fresh_database_url

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="migrate-to moves an installation to PostgreSQL: "
                                                         "set INSIGHTREPO_TEST_DATABASE_URL")


def _insightrepo(data_dir: Path, *args: str, **settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSIGHTREPO_")}
    env.update(INSIGHTREPO_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), **settings)
    return subprocess.run([sys.executable, "-m", "insightrepo", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """(the embedded installation's data dir and database URL, the PostgreSQL URL it was moved to)"""
    data_dir = tmp_path_factory.mktemp("embedded")
    demo = _insightrepo(data_dir, "demo", "--no-serve")
    assert demo.returncode == 0, demo.stderr
    target = fresh_database_url("postgresql", "migrate_to", data_dir)
    moved = _insightrepo(data_dir, "migrate-to", target)
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert "Search index built in the database" in moved.stdout
    yield data_dir, f"sqlite:///{data_dir / 'insightrepo.sqlite3'}", target
    drop_database(target)


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        counts = {t.name: connection.scalar(select(func.count()).select_from(t))
                  for t in Base.metadata.sorted_tables if t.name not in LEFT_OUT}
    engine.dispose()
    return counts


def test_every_count_is_equal(migrated):
    _, source, target = migrated
    before, after = _counts(source), _counts(target)

    assert after == before
    assert all(before[t] > 0 for t in ("users", "workspaces", "quotes", "steps", "snapshots", "snapshot_objects",
                                       "changes", "experiments", "measurements"))


def _database(url: str) -> Database:
    return Database(create_engine(url))


def test_snapshots_and_everything_else_are_byte_identical(migrated):
    _, source, target = migrated
    a, b = _database(source), _database(target)
    try:
        with a.session() as one, b.session() as other:
            objects = select(SnapshotObject.hash, SnapshotObject.kind, SnapshotObject.data).order_by(SnapshotObject.hash)
            assert one.execute(objects).all() == other.execute(objects).all()
            slugs = sorted(one.scalars(select(Workspace.slug)))
            assert slugs == sorted(other.scalars(select(Workspace.slug)))
            for slug in slugs:  # maps, evidence, experiments, snapshots and change log, as one document each
                assert dump_document(export_workspace(other, None, slug)) == \
                       dump_document(export_workspace(one, None, slug)), slug
    finally:
        a.dispose()
        b.dispose()


def _queries(session, workspace_id: str) -> list[str]:
    """The workspace's own most used words, and a few queries made of them."""
    words = Counter(w for text_ in session.scalars(select(Quote.text).where(Quote.workspace_id == workspace_id))
                    for w in re.findall(r"[^\W\d_]{5,}", text_.lower()))
    common = [w for w, _ in words.most_common(6)]
    return common + [f"{common[0]} {common[1]}", f"{common[2]} OR {common[3]}", f'"{common[0]}"', "*"]


def test_search_answers_the_same(migrated):
    data_dir, source, target = migrated
    embedded, moved = _database(source), _database(target)
    whoosh, postgres = WhooshIndex(data_dir / "search-index"), PostgresIndex(moved)
    try:
        with embedded.session() as session:
            workspaces = session.execute(select(Workspace.id, Workspace.language)).all()
            asked = [(WorkspaceRef(w, language), q) for w, language in workspaces for q in _queries(session, w)]
        found = 0
        for workspace, query in asked:
            for scope in ("live", "history"):
                was, now = (index.query(workspace, query, Filters(scope=scope), FACETS, PageRequest(size=10_000))
                            for index in (whoosh, postgres))
                assert now.total == was.total, (query, scope)
                assert {h.key for h in now.hits} == {h.key for h in was.hits}, (query, scope)
                assert {f: {(c.value, c.count) for c in counts} for f, counts in now.facets.items()} == \
                       {f: {(c.value, c.count) for c in counts} for f, counts in was.facets.items()}, (query, scope)
                found += now.total
        assert found > 100  # the queries find things: equal, not equally empty
    finally:
        whoosh.close()
        embedded.dispose()
        moved.dispose()


def test_the_moved_installation_serves_its_index_and_a_second_move_is_refused(migrated):
    data_dir, source, target = migrated
    check = _insightrepo(data_dir, "search", "check", INSIGHTREPO_DATABASE_URL=target,
                         INSIGHTREPO_SEARCH_BACKEND="postgresql")
    assert check.returncode == 0 and "OK: the index matches the database." in check.stdout, check.stdout + check.stderr
    before = _counts(target)

    again = _insightrepo(data_dir, "migrate-to", target)

    assert again.returncode == 1 and "already holds an installation" in again.stderr
    assert _counts(target) == before
