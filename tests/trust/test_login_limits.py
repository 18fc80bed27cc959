"""The login limits and the per-user search slots hold under a real server: `insightrepo serve` in
production mode (gunicorn, 4 workers) with the default rate-limit storage (the database), on SQLite
and on PostgreSQL. Each worker used to count alone ("10 per 5 minutes" let 40 failures through);
now the count is shared."""

from __future__ import annotations

import http.client
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import select

from insightrepo.models import User
from insightrepo.rate_limit_storage import DatabaseStorage, running_work_storage
from tests.conftest import csrf_token_from
from tests.database_backends import BACKENDS
from tests.trust.processes import PASSWORD, launcher  # noqa: F401  (a fixture)
from tests.trust.processes import make_instance, remove_instance

LIMIT, ATTEMPTS = 5, 16


@pytest.fixture(params=BACKENDS)
def server(request, tmp_path, launcher):
    instance = make_instance(request.param, tmp_path / "site", launcher)
    instance.add_member("guessed@example.org")
    server = instance.serve(workers=4, INSIGHTREPO_LOGIN_RATE_LIMIT=f"{LIMIT} per 5 minutes",
                            INSIGHTREPO_LOGIN_ADDRESS_RATE_LIMIT="40 per 5 minutes")
    server.instance = instance
    yield server
    server.stop()
    remove_instance(instance)
    assert not server.errors(), server.errors()


def _sign_in(url: str, email: str, password: str) -> http.client.HTTPResponse:
    """The login form as a browser sends it, each request on a connection of its own (so any worker
    may take it). The session cookie is Secure in production: it is sent back by hand."""
    parts = urlsplit(url)

    def request(method: str, body: str | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        connection.request(method, "/login", body=body, headers=headers or {})
        response = connection.getresponse()
        response.text = response.read().decode()
        connection.close()
        return response

    page = request("GET")
    cookie = page.getheader("Set-Cookie").split(";")[0]
    form = urlencode({"email": email, "password": password, "csrf_token": csrf_token_from(page.text)})
    return request("POST", form, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})


def test_failed_sign_ins_are_counted_once_across_every_worker(server):
    statuses = [_sign_in(server.url, "guessed@example.org", "guessing wrong").status for _ in range(ATTEMPTS)]

    assert statuses == [401] * LIMIT + [429] * (ATTEMPTS - LIMIT)
    refused = _sign_in(server.url, "guessed@example.org", PASSWORD)
    assert refused.status == 429 and int(refused.getheader("Retry-After")) > 0
    assert _sign_in(server.url, "lena@example.org", PASSWORD).status == 302  # another account: not locked out


def test_a_users_running_searches_are_counted_across_every_worker(server, tmp_path):
    """Two searches of lena's running (held in the shared count, as any worker would hold them): a third
    gets 429 with Retry-After whichever worker takes it, and other requests of hers go on."""
    instance = server.instance
    with instance.database() as database:
        with database.session() as session:
            lena = session.scalar(select(User.id).where(User.email == "lena@example.org"))
        key = f"insightrepo/running/searches/{lena}"
        # where the server counts them: the database (PostgreSQL) or the file beside it (SQLite)
        storage = running_work_storage(DatabaseStorage(database=database), database)
        storage.incr(key, 120, 2)
        try:
            answers = [server.call(instance.members["lena@example.org"], "GET",
                                   "/api/v1/workspaces/lab/search?q=fern") for _ in range(6)]
            assert {status for status, _ in answers} == {429}
            assert server.call(instance.members["lena@example.org"], "GET", "/api/v1/me")[0] == 200
        finally:
            storage.clear(key)
    assert server.call(instance.members["lena@example.org"], "GET", "/api/v1/workspaces/lab/search?q=fern")[0] == 200


def test_a_search_slot_given_back_is_one_transaction_and_the_last_one_leaves_no_row(database):
    from insightrepo.models import RateLimitCounter

    storage = DatabaseStorage(database=database)
    key = "insightrepo/running/searches/someone"
    assert storage.incr(key, 120) == 1 and storage.incr(key, 120) == 2
    storage.release(key)
    assert storage.get(key) == 1
    storage.release(key)
    assert storage.get(key) == 0
    with database.session() as session:
        assert session.scalar(select(RateLimitCounter).where(RateLimitCounter.key == key)) is None
    storage.release(key)  # nothing left to give back: nothing happens
    assert storage.get(key) == 0
