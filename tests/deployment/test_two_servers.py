"""Several app servers, one truth: two `insightrepo serve` processes in production mode (gunicorn),
on different ports and with different data directories, on one PostgreSQL database, searching with
the PostgreSQL backend and counting rate limits in Redis — the layout of docs/deployment.md.

Needs PostgreSQL (INSIGHTREPO_TEST_DATABASE_URL) and Redis (INSIGHTREPO_TEST_REDIS_URL, default
redis://127.0.0.1:6379/0); CI has both, elsewhere the tests skip and say which is missing."""

from __future__ import annotations

import http.client
import os
import random
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import csrf_token_from
from tests.database_backends import POSTGRES_URL
from tests.trust.processes import (PASSWORD, Instance, Server, launcher, make_instance, remove_instance,  # noqa: F401
                                   scaled)

REDIS_URL = os.environ.get("INSIGHTREPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LOGIN_LIMIT = 6
# Quotes created over both servers (a third also edited on the other): 320 writes in CI, well under a
# minute of CPU; INSIGHTREPO_TRUST_SCALE=4 makes it the 1,000 and more.
WRITES = scaled(240)
IMPORT_ROWS = 2_500  # three batches of quotes


def _redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not POSTGRES_URL, reason="two app servers need PostgreSQL: set INSIGHTREPO_TEST_DATABASE_URL"),
    pytest.mark.skipif(not _redis_answers(REDIS_URL), reason=f"two app servers need Redis: none answers at {REDIS_URL} "
                                                              "(set INSIGHTREPO_TEST_REDIS_URL)"),
]


@dataclass
class Cluster:
    """One database, two installations (data directories) and a server on each."""

    a: Server
    b: Server
    site_a: Instance
    site_b: Instance

    @property
    def lena(self):
        return self.site_a.members["lena@example.org"]


class _Site(Instance):
    """An installation configured for several servers: PostgreSQL search, rate limits in Redis."""

    def env(self, **extra: str) -> dict[str, str]:
        return super().env(INSIGHTREPO_SEARCH_BACKEND="postgresql", INSIGHTREPO_RATE_LIMIT_STORAGE_URI=REDIS_URL,
                           INSIGHTREPO_LOGIN_RATE_LIMIT=f"{LOGIN_LIMIT} per 5 minutes",
                           INSIGHTREPO_LOGIN_ADDRESS_RATE_LIMIT="1000 per 5 minutes", **extra)


def _site(instance: Instance, directory: Path) -> _Site:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "data").mkdir(exist_ok=True)
    return _Site(instance.backend, directory, instance.database_url, instance.launcher, instance.members)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, launcher):
    base = tmp_path_factory.mktemp("cluster")
    instance = make_instance("postgresql", base / "shared", launcher)
    site_a, site_b = _site(instance, base / "host-a"), _site(instance, base / "host-b")
    a, b = site_a.serve(workers=2), site_b.serve(workers=2)
    cluster = Cluster(a, b, site_a, site_b)
    yield cluster
    for server in (cluster.a, cluster.b):
        server.stop()
    errors = cluster.a.errors() + cluster.b.errors()
    remove_instance(instance)
    assert not errors, errors


def _search(server: Server, member, query: str) -> dict:
    status, body = server.call(member, "GET", f"/api/v1/workspaces/lab/search?{query}")
    assert status == 200, body
    return body


def _new_quote(server: Server, member, text: str, **fields) -> dict:
    status, body = server.call(member, "POST", "/api/v1/workspaces/lab/quotes", {"text": text, **fields})
    assert status == 201, body
    return body


def test_a_quote_created_on_a_is_found_by_search_on_b_at_once(cluster):
    word = f"fernwort{uuid.uuid4().hex[:8]}"
    quote = _new_quote(cluster.a, cluster.lena, f"The {word} arrived wilted", tags=["delivery"])

    found = _search(cluster.b, cluster.lena, f"q={word}")
    assert found["total"] == 1 and found["items"][0]["id"] == quote["id"]


def _request(url: str, method: str, path: str, body: str | None = None, headers: dict | None = None):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.text = response.read().decode()
    connection.close()
    return response


def _sign_in(url: str, email: str, password: str):
    """The login form as a browser sends it (the Secure session cookie sent back by hand): the answer
    and the cookie it sets."""
    page = _request(url, "GET", "/login")
    cookie = page.getheader("Set-Cookie").split(";")[0]
    form = urlencode({"email": email, "password": password, "csrf_token": csrf_token_from(page.text)})
    answer = _request(url, "POST", "/login", form, {"Cookie": cookie,
                                                    "Content-Type": "application/x-www-form-urlencoded"})
    signed_in = (answer.getheader("Set-Cookie") or cookie).split(";")[0]
    return answer, signed_in


def test_a_session_cookie_from_a_works_on_b(cluster):
    answer, cookie = _sign_in(cluster.a.url, "lena@example.org", PASSWORD)
    assert answer.status == 302

    me = _request(cluster.b.url, "GET", "/api/v1/me", headers={"Cookie": cookie})
    assert me.status == 200 and "lena@example.org" in me.text
    assert _request(cluster.b.url, "GET", "/api/v1/me").status == 401  # the cookie is what signs in


def test_optimistic_locking_holds_across_servers(cluster):
    quote = _new_quote(cluster.a, cluster.lena, "Two editors, one version")
    barrier = threading.Barrier(2)

    def patch(server: Server, text: str) -> int:
        barrier.wait()
        return server.call(cluster.lena, "PATCH", f"/api/v1/quotes/{quote['id']}",
                           {"text": text, "version": quote["version"]})[0]

    for round_ in range(3):
        with ThreadPoolExecutor(2) as pool:
            statuses = sorted(pool.map(patch, (cluster.a, cluster.b), (f"A wins {round_}", f"B wins {round_}")))
        assert statuses == [200, 409], statuses
        status, now = cluster.b.call(cluster.lena, "GET", f"/api/v1/quotes/{quote['id']}")
        assert now["version"] == quote["version"] + 1 and now["text"] in (f"A wins {round_}", f"B wins {round_}")
        quote = now


def test_the_outbox_is_drained_exactly_once_from_writes_spread_over_both(cluster):
    """Creates and edits on both servers at once, with new tags and participants both race to create:
    afterwards the outbox is empty, `search check` finds no document missing, stale or extra, and
    search counts every quote once."""
    run = uuid.uuid4().hex[:6]
    rng = random.Random(run)
    shared_tags = [f"race-{run}-{n}" for n in range(4)]
    servers = (cluster.a, cluster.b)

    def write(n: int) -> tuple[int, str | None]:
        server = servers[n % 2]
        status, body = server.call(cluster.lena, "POST", "/api/v1/workspaces/lab/quotes", {
            "text": f"outboxword{run} number {n}", "tags": [rng.choice(shared_tags), f"batch-{run}"],
            "participant": f"R{run}{n % 5}"})
        if status != 201 or n % 3:
            return status, None
        other = servers[(n + 1) % 2]  # edited on the other server: one more outbox row, drained there
        status, body = other.call(cluster.lena, "PATCH", f"/api/v1/quotes/{body['id']}",
                                  {"text": f"outboxword{run} number {n} edited{run}", "version": body["version"]})
        return status, body.get("id")

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(write, range(WRITES)))

    assert {status for status, _ in answers} == {200, 201}, answers
    assert cluster.site_a.outbox() == 0
    assert "OK: the index matches the database." in cluster.site_a.search_check()
    assert _search(cluster.b, cluster.lena, f"q=outboxword{run}&per_page=1")["total"] == WRITES
    assert _search(cluster.a, cluster.lena, f"q=edited{run}&per_page=1")["total"] == len(range(0, WRITES, 3))
    tags = {t["name"]: t["quotes"] for t in cluster.a.call(cluster.lena, "GET", "/api/v1/workspaces/lab/tags")[1]["items"]}
    assert tags[f"batch-{run}"] == WRITES and sum(tags[t] for t in shared_tags) == WRITES


def _csv(run: str, rows: int) -> bytes:
    lines = ["text;participant;tags"]
    lines += [f"importword{run} row {i};I{run}{i % 30};\"import-{run}, kind-{i % 7}\"" for i in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_killing_a_mid_import_leaves_nothing_half_done_for_b(cluster):
    run = uuid.uuid4().hex[:6]
    body = _csv(run, IMPORT_ROWS)
    before = cluster.site_a.row_counts()
    doomed = cluster.site_a.serve(workers=1, tripwire=r"^INSERT INTO quotes\b*2")  # 2 of 3 batches written

    def send():
        try:
            doomed.call(cluster.lena, "POST", "/api/v1/workspaces/lab/quotes/import", raw=body,
                        content_type="text/csv; charset=utf-8")
        except OSError:
            pass  # killed under the request: the point

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    for _ in range(3000):
        if doomed.tripped():
            break
        assert thread.is_alive(), "the import finished without reaching the tripwire"
        thread.join(0.05)
    assert doomed.tripped(), "the import never reached its second batch of quotes"
    doomed.kill()
    thread.join(30)

    assert cluster.site_a.row_counts() == before  # not a tag, participant or quote of it
    assert _search(cluster.b, cluster.lena, f"q=importword{run}&per_page=1")["total"] == 0
    status, answer = cluster.b.call(cluster.lena, "POST", "/api/v1/workspaces/lab/quotes/import", raw=body,
                                    content_type="text/csv; charset=utf-8")
    assert status in (200, 201), answer
    # An import of 1,000 rows or more answers before it is indexed (the bulk path; the search answer
    # says `indexing` meanwhile): A finds the whole file once the drainer has caught up.
    deadline, found = time.monotonic() + 120, {}
    while time.monotonic() < deadline:
        found = _search(cluster.a, cluster.lena, f"q=importword{run}&per_page=1")
        if found["total"] == IMPORT_ROWS and not found.get("indexing"):
            break
        time.sleep(0.5)
    assert found["total"] == IMPORT_ROWS, found.get("indexing")


def test_login_rate_limits_are_counted_across_both_servers(cluster):
    email = f"guessed-{uuid.uuid4().hex[:8]}@example.org"
    cluster.site_a.add_member(email)
    servers = [cluster.a, cluster.b] * (LOGIN_LIMIT + 2)

    statuses = [_sign_in(server.url, email, "guessing wrong")[0].status for server in servers[:LOGIN_LIMIT + 4]]

    assert statuses == [401] * LOGIN_LIMIT + [429] * 4  # half the failures on each: counted once, together
    for server in (cluster.a, cluster.b):
        assert _sign_in(server.url, email, PASSWORD)[0].status == 429
