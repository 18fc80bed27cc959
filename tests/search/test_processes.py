"""Real processes: several gunicorn workers writing at once lose no update and show no lock
error; a process killed between the database commit and the index update leaves work that the
next start applies."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from insightrepo import create_app, open_database, schema_migrations
from insightrepo.db import Database, make_engine
from insightrepo.models import SearchOutbox
from insightrepo.search import maintenance
from insightrepo.search.port import Filters, PageRequest, WorkspaceRef
from insightrepo.search.whoosh.index import WhooshIndex
from insightrepo.accounts import users, api_tokens
from insightrepo.workspaces import workspaces
from tests.servers import start_serving

PASSWORD = "a long enough password"


def _env(data_dir: Path, **extra: str) -> dict:
    env = {**os.environ, "INSIGHTREPO_DATA_DIR": str(data_dir), **extra}
    env.pop("INSIGHTREPO_DATABASE_URL", None)
    return env


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A migrated SQLite database with workspace "lab" and its admin."""
    engine = make_engine(f"sqlite:///{tmp_path / 'insightrepo.sqlite3'}")
    schema_migrations.upgrade(engine)
    database = open_database(engine)
    with database.session() as session:
        admin = users.create_user(session, "lena@example.org", PASSWORD)
        workspaces.create_workspace(session, admin, "Lab", "lab")
        session.commit()
    engine.dispose()
    return tmp_path


def _lab(data_dir: Path) -> tuple[Database, str]:
    database = open_database(make_engine(f"sqlite:///{data_dir / 'insightrepo.sqlite3'}"))
    with database.session() as session:
        return database, workspaces.find_workspace(session, "lab").id


def _found(data_dir: Path, workspace_id: str, text: str) -> int:
    index = WhooshIndex(data_dir / "search-index")
    try:
        return index.query(WorkspaceRef(workspace_id, "en"), text, Filters(), (), PageRequest()).total
    finally:
        index.close()


def _outbox(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(SearchOutbox))


# The script a doomed process runs: it adds a quote through the services, with search wired to the
# database as create_app wires it, and dies at `stage` of the drain that follows the commit.
DOOMED = textwrap.dedent("""
    import os, signal, sys
    from insightrepo import open_database
    from insightrepo.config import load_config
    from insightrepo.search.engine import install
    from insightrepo.search.whoosh.index import WhooshIndex
    from insightrepo.accounts import users as accounts
    from insightrepo.evidence import evidence

    stage = sys.argv[1]
    real_apply = WhooshIndex.apply

    def die_before(self, docs, keys):
        os.kill(os.getpid(), signal.SIGKILL)

    def die_after(self, docs, keys):
        real_apply(self, docs, keys)  # the index has it; the outbox row is not deleted yet
        os.kill(os.getpid(), signal.SIGKILL)

    settings = load_config({"env": "testing"})
    database = open_database(settings.sqlalchemy_url)
    install(database, settings)
    WhooshIndex.apply = die_before if stage == "before-index" else die_after
    session = database.session()
    admin = accounts.authenticate(session, "lena@example.org", "a long enough password")
    evidence.create_item(session, admin, evidence.QUOTES, "lab", {"text": "The frost killed my fern"})
    session.commit()  # the after-commit drain dies
    print("survived")
""")


@pytest.mark.parametrize("stage", ["before-index", "after-index"])
def test_a_process_killed_between_commit_and_index_leaves_work_the_next_start_applies(data_dir, stage):
    result = subprocess.run([sys.executable, "-c", DOOMED, stage], env=_env(data_dir), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    database, workspace_id = _lab(data_dir)
    assert _outbox(database) == 1  # the quote is committed, its index work is not done
    assert _found(data_dir, workspace_id, "fern") == (0 if stage == "before-index" else 1)

    app = create_app({"env": "testing", "data_dir": str(data_dir)})  # the next start drains what it left
    assert _outbox(database) == 0
    assert _found(data_dir, workspace_id, "fern") == 1  # whole, and not twice
    assert maintenance.check(app.extensions["insightrepo.search"].sync).ok
    app.extensions["insightrepo.search"].close()
    app.extensions["insightrepo.db"].dispose()
    database.dispose()


@pytest.fixture
def gunicorn(data_dir, tmp_path):
    """`insightrepo serve` in production mode: gunicorn with three workers on the scratch database."""
    env = _env(data_dir, INSIGHTREPO_ENV="production", INSIGHTREPO_SECRET_KEY=secrets.token_hex(32),
               INSIGHTREPO_WORKERS="3")
    database, _ = _lab(data_dir)
    with database.session() as session:
        _, token = api_tokens.create_token(session, users.authenticate(session, "lena@example.org", PASSWORD), "test")
        session.commit()
    database.dispose()
    process, url = start_serving(env, tmp_path / "server.log")
    yield url, token
    process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # a loaded machine: stop it, and reap it (an unreaped child is a warning)
        process.kill()
        process.wait()


def _call(url: str, token: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_several_workers_writing_at_once_lose_no_update_and_show_no_lock_error(gunicorn, data_dir):
    url, token = gunicorn
    writers, each = 6, 8

    def write(writer: int) -> list[int]:
        statuses = []
        for n in range(each):
            status, body = _call(f"{url}/api/v1/workspaces/lab/quotes", token, "POST",
                                 {"text": f"concurrent quote {writer}-{n} about zucchini", "tags": [f"w{writer}"]})
            statuses.append(status)
            if n == each // 2:  # edit one while the others write: the edit must win in the index
                status, _ = _call(f"{url}/api/v1/quotes/{body['id']}", token, "PATCH",
                                  {"version": body["version"], "text": f"edited quote {writer} about pumpkins"})
                statuses.append(status)
        return statuses

    with ThreadPoolExecutor(writers) as pool:
        statuses = [s for batch in pool.map(write, range(writers)) for s in batch]
    assert set(statuses) <= {200, 201}, statuses  # no lock error reached anyone

    deadline = time.monotonic() + 20
    while True:
        _, zucchini = _call(f"{url}/api/v1/workspaces/lab/search?q=zucchini&per_page=1", token)
        _, pumpkins = _call(f"{url}/api/v1/workspaces/lab/search?q=pumpkins&per_page=1", token)
        if (zucchini["total"], pumpkins["total"]) == (writers * (each - 1), writers) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert (zucchini["total"], pumpkins["total"]) == (writers * (each - 1), writers)
    assert {f["value"]: f["count"] for f in zucchini["facets"]["tag"]} == {f"w{w}": each - 1 for w in range(writers)}
    database, _ = _lab(data_dir)
    assert _outbox(database) == 0
    database.dispose()
