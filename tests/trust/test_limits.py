"""Limits: each one is a setting (config/default.toml; INSIGHTREPO_<KEY>; create_app(overrides)),
and going over it gets a clear answer — 413 or 422 with the JSON error envelope under /api, a page
or the form with a message in the browser — never a hang, a 500 or data silently cut short.

| setting                   | what it limits            | over it: API              | over it: browser            |
|---------------------------|---------------------------|---------------------------|-----------------------------|
| max_content_length        | a request body            | 413 `too_large`           | 413 page                    |
| quote_import_max_bytes    | a CSV file of quotes      | 413 `too_large`           | 413 page                    |
| quote_import_max_rows     | rows of one CSV file      | 422, the first line over  | the form, naming that line  |
| search_max_query_length   | a search's text `q`       | 422, field `q`            | 422, the page says so       |
| api_max_page_size         | `per_page` of any list    | 422, field `per_page`     | (API only)                  |

This file shows them together, each at its boundary with small configured values: in-process on
every database the suite runs on, then against `insightrepo serve` (gunicorn) configured through
environment variables — where the HTTP server itself takes part: a body far over the limit is
refused without being read, a chunked body (no Content-Length) is held to the same limit, and a
search text within its limit fits in the request line whatever its alphabet. Last, time: a request
waits for the search index work it committed at most a few seconds (sync.INLINE_SECONDS).

The messages in detail: tests/api/test_errors.py (bodies, paging), tests/imports/ (CSV),
tests/search/test_garbage_input.py (queries)."""

from __future__ import annotations

import http.client
import io
import json
import socket
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode, urlsplit

import pytest

from insightrepo import create_app, open_database, schema_migrations
from insightrepo.db import Database, make_engine
from insightrepo.models import Journey, Quote
from insightrepo.search import sync
from insightrepo.search.whoosh.index import WhooshIndex
from insightrepo.accounts import users, api_tokens
from insightrepo.journeys import journeys
from insightrepo.workspaces import workspaces
from tests.api.helpers import field_errors
from tests.conftest import ApiClient, csrf_token_from, sign_in
from tests.trust.processes import launcher  # noqa: F401  (a fixture)
from tests.trust.processes import Server, make_instance, remove_instance

LIMITS = {"max_content_length": 4_096, "quote_import_max_bytes": 2_000, "quote_import_max_rows": 5,
          "search_max_query_length": 40, "api_max_page_size": 7, "api_page_size": 5}


def _csv(rows: int, width: int = 10) -> bytes:
    return ("text\n" + "".join(f"Quote {n:03d} {'w' * width}\n" for n in range(rows))).encode()


# ---- in-process, on every database -------------------------------------------------------------

@pytest.fixture
def small(database, tmp_path):
    """The app with small limits, on the test's database."""
    app = create_app({"env": "testing", "data_dir": str(tmp_path), **LIMITS}, database=Database(database.bind))
    app.extensions["insightrepo.limiter"].reset()
    return app


@pytest.fixture
def api(small, session, team) -> ApiClient:
    _, secret = api_tokens.create_token(session, team.editor, "limits")
    session.commit()
    return ApiClient(small.test_client(), secret)


@pytest.fixture
def browser(small, team):
    client = small.test_client()
    assert sign_in(client, team.editor.email).status_code == 302
    return client


def _count(session, model, **where) -> int:
    session.expire_all()
    return session.query(model).filter_by(**where).count()


@dataclass(frozen=True)
class Case:
    name: str
    within: Callable  # (api, browser) → response that must succeed
    over: Callable  # (api, browser) → response that must be refused
    status: int
    field: str | None = None  # API: the field the 422 names
    page: bool = False  # a browser answer (HTML), not the API's envelope


def _journey(api, size: int):
    return api.post("/api/v1/workspaces/alpha/journeys", json={"title": "Keep a fern", "description": "d" * size})


def _journey_form(browser, size: int):
    page = browser.get("/w/alpha/journeys/new").get_data(as_text=True)
    return browser.post("/w/alpha/journeys/new", data={"csrf_token": csrf_token_from(page), "title": "Keep a fern",
                                                      "description": "d" * size, "scope": "whole",
                                                      "kind": "hypothesis"})


def _import(api, data: bytes):
    return api.post("/api/v1/workspaces/alpha/quotes/import", data=data, content_type="text/csv", json=None)


def _upload(browser, data: bytes):
    page = browser.get("/w/alpha/quotes/import").get_data(as_text=True)
    return browser.post("/w/alpha/quotes/import", content_type="multipart/form-data",
                        data={"csrf_token": csrf_token_from(page), "file": (io.BytesIO(data), "quotes.csv")})


def _search(api, length: int):
    return api.get("/api/v1/workspaces/alpha/search?" + urlencode({"q": "ö" * length}))


CASES = [
    Case("request body, API", lambda api, _: _journey(api, 3_800), lambda api, _: _journey(api, 4_100), 413),
    Case("request body, browser", lambda _, browser: _journey_form(browser, 3_500),
         lambda _, browser: _journey_form(browser, 4_100), 413, page=True),
    Case("CSV file size, API", lambda api, _: _import(api, _csv(5, 300)), lambda api, _: _import(api, _csv(5, 400)),
         413),
    Case("CSV file size, browser", lambda _, browser: _upload(browser, _csv(5, 300)),
         lambda _, browser: _upload(browser, _csv(5, 400)), 413, page=True),
    Case("CSV rows, API", lambda api, _: _import(api, _csv(5)), lambda api, _: _import(api, _csv(6)), 422),
    Case("search text, API", lambda api, _: _search(api, 40), lambda api, _: _search(api, 41), 422, "q"),
    Case("page size, API", lambda api, _: api.get("/api/v1/workspaces/alpha/quotes?per_page=7"),
         lambda api, _: api.get("/api/v1/workspaces/alpha/quotes?per_page=8"), 422, "per_page"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_limit_is_a_clear_answer_at_its_boundary(api, browser, case):
    within = case.within(api, browser)
    assert within.status_code < 400, within.get_data(as_text=True)[:500]

    over = case.over(api, browser)

    if case.page:
        assert over.status_code == case.status and over.mimetype == "text/html", over.get_data(as_text=True)[:300]
    elif case.field:
        assert case.field in field_errors(over, case.status)
    else:
        assert over.status_code == case.status and over.get_json()["error"]["code"] in ("too_large", "invalid")


def test_over_the_limits_nothing_is_written(api, browser, session, team):
    journeys, quotes = _count(session, Journey), _count(session, Quote)

    assert _journey(api, 5_000).status_code == 413
    assert _journey_form(browser, 5_000).status_code == 413
    assert _import(api, _csv(5, 400)).status_code == 413
    rows = _import(api, _csv(6))

    assert rows.status_code == 422 and rows.get_json()["errors"][0]["line"] == 7, rows.get_json()
    assert (_count(session, Journey), _count(session, Quote)) == (journeys, quotes)


def test_the_browser_search_page_says_when_the_text_is_too_long(browser):
    page = browser.get("/w/alpha/search?" + urlencode({"q": "ö" * 41}))

    assert page.status_code == 422 and page.mimetype == "text/html"
    assert "at most 40" in page.get_data(as_text=True)  # the results page names the limit


# ---- against a real server (gunicorn), configured through the environment -------------------------

SERVER_LIMITS = {"INSIGHTREPO_MAX_CONTENT_LENGTH": "4096", "INSIGHTREPO_QUOTE_IMPORT_MAX_BYTES": "2000",
                 "INSIGHTREPO_QUOTE_IMPORT_MAX_ROWS": "5", "INSIGHTREPO_SEARCH_MAX_QUERY_LENGTH": "600",
                 "INSIGHTREPO_API_MAX_PAGE_SIZE": "7", "INSIGHTREPO_API_PAGE_SIZE": "5"}


@pytest.fixture(scope="module")
def served(tmp_path_factory, launcher):
    """`insightrepo serve` (production: gunicorn, 2 workers) on SQLite, with the small limits."""
    instance = make_instance("sqlite", tmp_path_factory.mktemp("limits") / "site", launcher)
    server = instance.serve(**SERVER_LIMITS)
    yield server, instance.members["lena@example.org"]
    server.stop()
    remove_instance(instance)
    assert not server.errors(), server.errors()


def _envelope(answer: tuple[int, object], status: int, code: str) -> dict:
    got, body = answer
    assert got == status and isinstance(body, dict) and body["error"]["code"] == code, answer
    return body["error"]


def test_the_server_answers_each_limit_with_the_envelope(served):
    server, lena = served

    assert server.call(lena, "POST", "/api/v1/workspaces", {"name": "L", "slug": "big", "x": "y" * 5000})[0] == 413
    _envelope(server.call(lena, "POST", "/api/v1/workspaces/lab/quotes/import", raw=_csv(5, 400),
                          content_type="text/csv"), 413, "too_large")
    _envelope(server.call(lena, "POST", "/api/v1/workspaces/lab/quotes/import", raw=_csv(6),
                          content_type="text/csv"), 422, "invalid")
    _envelope(server.call(lena, "GET", "/api/v1/workspaces/lab/quotes?per_page=8"), 422, "invalid")
    _envelope(server.call(lena, "GET", "/api/v1/workspaces/lab/search?" + urlencode({"q": "x" * 601})), 422,
              "invalid")


@pytest.mark.parametrize("letter", ["x", "ö", "ツ", "🌱"])
def test_a_search_text_within_its_limit_fits_the_request_line_whatever_its_alphabet(served, letter):
    """600 characters of a 4-byte letter are 7,200 bytes in the address: more than gunicorn's default
    request line (4,094 bytes, answered with its own 414 page) — the server allows 8,190."""
    server, lena = served
    status, body = server.call(lena, "GET", "/api/v1/workspaces/lab/search?" + urlencode({"q": letter * 600}))

    assert status == 200, body


def test_gunicorn_refuses_a_request_with_more_header_fields_than_any_browser_sends(served):
    """Its limits are the reverse proxy's to enforce first (docs/security.md): gunicorn's own refusal
    has no security headers."""
    server, lena = served
    many = {f"X-Filler-{n}": "x" for n in range(55)}

    assert server.call(lena, "GET", "/api/v1/me", headers=dict(list(many.items())[:40]))[0] == 200
    status, body = server.call(lena, "GET", "/api/v1/me", headers=many)
    assert status == 431 and "<html>" in body  # gunicorn's own page: the proxy should have refused it


def test_a_body_far_over_the_limit_is_refused_before_it_is_sent(served):
    """Only the headers go: the 413 comes back at once, without the server waiting for 50 MB."""
    server, lena = served
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(f"POST /api/v1/workspaces HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {lena.token}"
                     f"\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65_536):  # the server answers and closes: no body is waited for
            answer += chunk
        answer = answer.decode("latin-1")

    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert '"too_large"' in answer


def _chunked(server: Server, token: str | None, path: str, body: bytes, content_type: str) -> tuple[int, str]:
    """``body`` sent in chunks, without a Content-Length, as some clients and proxies do."""
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Content-Type": content_type, **({"Authorization": f"Bearer {token}"} if token else {})}
    try:
        connection.request("POST", path, body=iter([body[i:i + 1000] for i in range(0, len(body), 1000)]),
                           headers=headers, encode_chunked=True)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_a_chunked_body_is_held_to_the_same_limit(served):
    """Werkzeug cuts a body without a Content-Length at max_content_length and reads on as if it had
    ended: JSON became a 400 "not valid JSON", and a form field silently lost its end."""
    server, lena = served
    small = json.dumps({"name": "Chunked", "slug": "chunked"}).encode()
    large = json.dumps({"name": "Chunked", "slug": "chunked-2", "x": "y" * 5000}).encode()

    assert _chunked(server, lena.token, "/api/v1/workspaces", small, "application/json")[0] == 201
    status, body = _chunked(server, lena.token, "/api/v1/workspaces", large, "application/json")
    assert status == 413 and json.loads(body)["error"]["code"] == "too_large", body
    status, _ = _chunked(server, None, "/login", b"email=a%40b.c&password=" + b"p" * 5000,
                         "application/x-www-form-urlencoded")
    assert status == 413


# ---- time: index work never holds a request for long ----------------------------------------------

def _app_with_drainer_thread(tmp_path, journey_title: str | None = None):
    """An app on its own SQLite file (not bound to one connection), so it drains the index on its
    drainer thread as a server does; returns it, an API client, and the journey's id."""
    url = f"sqlite:///{tmp_path / 'insightrepo.sqlite3'}"
    engine = make_engine(url)
    schema_migrations.upgrade(engine)
    journey_id = None
    with open_database(engine).session() as session:
        lena = users.create_user(session, "lena@example.org", "a long enough password")
        workspaces.create_workspace(session, lena, "Lab", "lab")
        if journey_title:
            journey_id = journeys.create_journey(session, lena, "lab", {"title": journey_title}).id
        _, secret = api_tokens.create_token(session, lena, "limits")
        session.commit()
    engine.dispose()
    app = create_app({"env": "testing", "data_dir": str(tmp_path), "database_url": url})
    return app, ApiClient(app.test_client(), secret), journey_id


def test_a_request_waits_for_its_index_work_only_a_few_seconds(tmp_path, monkeypatch):
    """A large import's index work goes on after its answer (in the process's drainer thread):
    it used to run inside the request until gunicorn's worker timeout killed it, answering 500
    for data that was saved. Small work is still searchable when the answer arrives."""
    app, client, _ = _app_with_drainer_thread(tmp_path)
    search = app.extensions["insightrepo.search"]
    monkeypatch.setattr(sync, "INLINE_SECONDS", 0.5)
    slow, real_apply = threading.Event(), WhooshIndex.apply

    def held_apply(index, docs, keys):
        slow.wait(60)  # the index is slow (a large import) until the test lets it go
        real_apply(index, docs, keys)

    def found(word: str) -> int:
        return client.get(f"/api/v1/workspaces/lab/search?q={word}").get_json()["total"]

    try:
        monkeypatch.setattr(WhooshIndex, "apply", held_apply)
        answer = client.post("/api/v1/workspaces/lab/quotes", json={"text": "The frost took my fern"})
        assert answer.status_code == 201, answer.get_json()
        assert found("fern") == 0  # answered while its index work still waits
        slow.set()
        deadline = time.monotonic() + 60
        while search.sync.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert found("fern") == 1

        monkeypatch.setattr(WhooshIndex, "apply", real_apply)
        assert client.post("/api/v1/workspaces/lab/quotes", json={"text": "Repotting the monstera"}).status_code == 201
        assert found("monstera") == 1  # small work: searchable with the answer
    finally:
        slow.set()
        search.close()
        app.extensions["insightrepo.db"].dispose()


def test_taking_a_snapshot_does_not_wait_for_its_history_in_the_search(tmp_path, monkeypatch):
    """A snapshot's history documents are indexed after its answer: taking one waited up to
    INLINE_SECONDS for them (re-reading every snapshot of the journey), seconds on a large map.
    History search finds the snapshot a moment later; an edit is still searchable with its answer."""
    app, client, journey_id = _app_with_drainer_thread(tmp_path, "Frost on the fern")
    search = app.extensions["insightrepo.search"]
    monkeypatch.setattr(sync, "INLINE_SECONDS", 60.0)
    slow, real_apply = threading.Event(), WhooshIndex.apply

    def held_apply(index, docs, keys):
        slow.wait(20)  # the index is slow until the test lets it go (or 20 s pass)
        real_apply(index, docs, keys)

    def found(word: str, scope: str) -> int:
        return client.get(f"/api/v1/workspaces/lab/search?q={word}&scope={scope}").get_json()["total"]

    try:
        monkeypatch.setattr(WhooshIndex, "apply", held_apply)
        answer = client.post(f"/api/v1/journeys/{journey_id}/snapshots", json={"label": "Winter"})
        assert answer.status_code == 201, answer.get_json()
        assert search.sync.pending() == 1  # answered before the index took the snapshot's history
        slow.set()
        deadline = time.monotonic() + 60
        while search.sync.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert found("frost", "history") == 1

        monkeypatch.setattr(WhooshIndex, "apply", real_apply)
        assert client.post("/api/v1/workspaces/lab/quotes", json={"text": "Repotting the monstera"}).status_code == 201
        assert found("monstera", "live") == 1  # an edit: searchable with the answer
    finally:
        slow.set()
        search.close()
        app.extensions["insightrepo.db"].dispose()
