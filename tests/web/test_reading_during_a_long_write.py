"""On SQLite, pages and API reads are answered while another transaction holds the write lock (a
big import writing for many seconds): reading requests begin DEFERRED and read their snapshot
instead of queueing behind the writer (and failing with "database is locked" after the busy
timeout, as they did)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from insightrepo import create_app, open_database, schema_migrations
from insightrepo.accounts import api_tokens, users
from insightrepo.db import make_engine, utcnow
from insightrepo.models import ApiToken
from insightrepo.workspaces import workspaces
from tests.conftest import PASSWORD, sign_in


@pytest.fixture
def lab(tmp_path) -> tuple[Path, str]:
    """A file database with workspace "lab", its admin, and an API token last used an hour ago."""
    engine = make_engine(f"sqlite:///{tmp_path / 'insightrepo.sqlite3'}")
    schema_migrations.upgrade(engine)
    database = open_database(engine)
    with database.session() as session:
        admin = users.create_user(session, "lena@example.org", PASSWORD)
        workspaces.create_workspace(session, admin, "Lab", "lab")
        _, secret = api_tokens.create_token(session, admin, "reader")
        session.execute(update(ApiToken).values(last_used_at=utcnow() - timedelta(hours=1)))
        session.commit()
    engine.dispose()
    return tmp_path, secret


@pytest.fixture
def writer(lab):
    """Another connection to the same database, for a long write."""
    connection = sqlite3.connect(lab[0] / "insightrepo.sqlite3", isolation_level=None, timeout=0)
    yield connection
    if connection.in_transaction:
        connection.rollback()
    connection.close()


def token_last_used(data_dir: Path):
    with sqlite3.connect(data_dir / "insightrepo.sqlite3") as connection:
        return connection.execute("SELECT last_used_at FROM api_tokens").fetchone()[0]


def test_pages_and_api_reads_are_answered_while_another_transaction_writes(lab, writer):
    data_dir, secret = lab
    app = create_app({"env": "testing", "data_dir": str(data_dir)})
    browser = app.test_client()
    assert sign_in(browser, "lena@example.org").status_code == 302
    writer.execute("BEGIN IMMEDIATE")  # in the middle of a long write: it holds SQLite's write lock
    writer.execute("UPDATE workspaces SET name = 'Lab (renaming)'")

    page = browser.get("/w/lab/")
    assert page.status_code == 200
    assert "Lab" in page.get_data(as_text=True) and "renaming" not in page.get_data(as_text=True)

    before = token_last_used(data_dir)
    answer = app.test_client().get("/api/v1/workspaces", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    assert [w["slug"] for w in answer.get_json()["items"]] == ["lab"]
    assert token_last_used(data_dir) == before  # the "last used" hint waits for a free moment

    writer.rollback()
    assert app.test_client().get("/api/v1/workspaces", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert token_last_used(data_dir) != before  # …and is written once the lock is free
