"""On SQLite, pages and API reads are answered while another transaction holds the write lock (a
big import writing for many seconds): reading requests begin DEFERRED and read their snapshot
instead of queueing behind the writer (and failing with "database is locked" after the busy
timeout, as they did)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from insightrepo import create_app
from insightrepo.db import utcnow
from tests.conftest import sign_in
from tests.trust.processes import PASSWORD, make_instance


@pytest.fixture
def lab(tmp_path) -> tuple[Path, str]:
    """A file database with workspace "lab" and its admin (as the trust tests make one), whose API
    token was last used an hour ago: (the database file, the token)."""
    instance = make_instance("sqlite", tmp_path / "site", None)
    database_file = Path(instance.database_url.removeprefix("sqlite:///"))
    with sqlite3.connect(database_file) as connection:
        connection.execute("UPDATE api_tokens SET last_used_at = ?",
                           ((utcnow() - timedelta(hours=1)).isoformat(sep=" "),))
    return database_file, instance.members["lena@example.org"].token


@pytest.fixture
def writer(lab):
    """Another connection to the same database, for a long write."""
    connection = sqlite3.connect(lab[0], isolation_level=None, timeout=0)
    yield connection
    if connection.in_transaction:
        connection.rollback()
    connection.close()


def token_last_used(database_file: Path):
    with sqlite3.connect(database_file) as connection:
        return connection.execute("SELECT last_used_at FROM api_tokens").fetchone()[0]


def test_pages_and_api_reads_are_answered_while_another_transaction_writes(lab, writer):
    database_file, secret = lab
    app = create_app({"env": "testing", "data_dir": str(database_file.parent / "data"),
                      "database_url": f"sqlite:///{database_file}"})
    browser = app.test_client()
    assert sign_in(browser, "lena@example.org", PASSWORD).status_code == 302
    writer.execute("BEGIN IMMEDIATE")  # in the middle of a long write: it holds SQLite's write lock
    writer.execute("UPDATE workspaces SET name = 'Lab (renaming)'")

    page = browser.get("/w/lab/")
    assert page.status_code == 200
    assert "Lab" in page.get_data(as_text=True) and "renaming" not in page.get_data(as_text=True)

    before = token_last_used(database_file)
    answer = app.test_client().get("/api/v1/workspaces", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    assert [w["slug"] for w in answer.get_json()["items"]] == ["lab"]
    assert token_last_used(database_file) == before  # the "last used" hint waits for a free moment

    writer.rollback()
    assert app.test_client().get("/api/v1/workspaces", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert token_last_used(database_file) != before  # …and is written once the lock is free


def test_a_search_is_answered_while_another_transaction_writes(lab, writer):
    """A search holds one of the user's running-search slots, which is a write: on SQLite it waited behind
    an import's write transaction (up to the 30 s busy timeout). The slots are kept beside the database."""
    database_file, secret = lab
    app = create_app({"env": "testing", "data_dir": str(database_file.parent / "data"),
                      "database_url": f"sqlite:///{database_file}"})
    api = app.test_client()
    token = {"Authorization": f"Bearer {secret}"}
    assert api.post("/api/v1/workspaces/lab/quotes", json={"text": "The fern dried out in a week"},
                    headers=token).status_code == 201
    browser = app.test_client()
    assert sign_in(browser, "lena@example.org", PASSWORD).status_code == 302
    writer.execute("BEGIN IMMEDIATE")  # in the middle of a long write: it holds SQLite's write lock
    writer.execute("UPDATE workspaces SET name = 'Lab (renaming)'")

    for _ in range(3):  # more than the user's two slots: each one is given back
        answer = api.get("/api/v1/workspaces/lab/search?q=fern", headers=token)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert [hit["title"] for hit in answer.get_json()["items"]] == ["“The fern dried out in a week”"]
    page = browser.get("/w/lab/search?q=fern")
    assert page.status_code == 200
    assert "The fern dried out in a week" in page.get_data(as_text=True)
