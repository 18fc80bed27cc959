"""The authorisation matrix: every route of the app (from its own URL map), each of its methods,
asked by everyone who could ask — signed out, a revoked API token, alpha's viewer, editor and admin,
and beta's admin; on the API with a token and with the browser session, on the pages with the
session (and with a token where a page takes one) — gets the answer docs/architecture.md promises (the
policy and the classification of each route: tests/trust/matrix_routes.py). A route missing from
the table fails the suite.

Beyond the status, every answer to someone outside alpha is searched for alpha's marker word and
its ids (a leak), a 404 to beta's admin must equal the 404 for something that does not exist at all,
and a write that is refused must leave the database and the data directory exactly as they were —
while an allowed one must change them (so a success is not a no-op that happens to redirect).

    pytest tests/trust/test_authorization_matrix.py -n 0
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from itertools import product
from typing import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import Flask, session as flask_session
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Connection
from sqlalchemy import text as text_sql
from werkzeug.routing import Rule

from insightrepo.search.whoosh.index import WhooshIndex
from tests.trust.matrix_routes import LOGIN, TABLE, Entry, expected, is_read
from tests.trust.matrix_world import BETA_MARKER, MARKER, World, build_world, files, fingerprint

pytestmark = pytest.mark.sqlite_only  # who may do what and what a browser is sent; the queries are the services', tested on both databases

API_ROLES = ("anonymous", "revoked", "viewer", "editor", "admin", "outsider")
HTML_ROLES = ("anonymous", "viewer", "editor", "admin", "outsider")
SESSION_ROLES = ("session:viewer", "session:outsider")  # the API with the browser session instead of a token
STRANGERS = {"anonymous", "revoked", "outsider"}  # none of them may learn anything about alpha

# <variable> → the World.ids name it is filled from (slug, name, filename, item_id, upload_id: below)
VARIABLES = {
    "journey_id": "journey", "phase_id": "phase", "step_id": "step", "participant_id": "participant",
    "experiment_id": "experiment", "measurement_id": "measurement", "snapshot_id": "snapshot", "a": "snapshot",
    "b": "snapshot2", "token_id": "token", "user_id": "member", "invitation_id": "invitation",
    "secret": "invitation_secret", "link_id": "share_link", "token": "share_token",
}
LITERALS = {"slug": "alpha", "name": "price", "filename": "app.css", "rest": "journeys", "field": "title"}
ITEMS = {"quotes": "quote", "narratives": "narrative", "jobs": "job"}


@dataclass
class Matrix:
    app: Flask
    connection: Connection
    world: World
    csrf: tuple[str, str]  # (what the session holds, what the form sends)
    data_dir: str
    baseline: list  # fingerprint(connection) of the world: what every request starts from

    def rule(self, key: str) -> Rule:
        method, path = key.split(" ", 1)
        for rule in self.app.url_map.iter_rules():
            if rule.rule == path and method in rule.methods:
                return rule
        raise AssertionError(f"{key} is in the matrix table but not among the app's routes: remove it")


@pytest.fixture(scope="module")
def matrix(engine, shared_app, tmp_path_factory) -> Iterator[Matrix]:
    """The world, built once for this module on a connection of its own (rolled back at the end),
    with a search index of its own. Once it is built, commits no longer drain the search outbox
    into the index: every request's writes are rolled back, outbox rows included, so the index
    keeps showing the world (and a drain per write would cost a quarter of a second)."""
    database = shared_app.extensions["insightrepo.db"]
    search = shared_app.extensions["insightrepo.search"]
    hooks, bind = list(database.after_commit), database.bind
    with engine.connect() as connection:
        outer = connection.begin()
        database.rebind(connection)
        previous = search.index
        search.rebind(WhooshIndex(tmp_path_factory.mktemp("matrix") / "search-index"))
        try:
            session = database.session()
            world = build_world(shared_app, session)
            session.close()
            database.after_commit[:] = [hook for hook in hooks if hook != search.after_commit]
            with shared_app.test_request_context():
                signed = generate_csrf()
                raw = flask_session["csrf_token"]
            yield Matrix(shared_app, connection, world, (raw, signed),
                         shared_app.extensions["insightrepo.settings"].data_dir, fingerprint(connection))
        finally:
            database.after_commit[:] = hooks
            database.rebind(bind)
            search.index.close()
            search.index = previous
            search.sync.index = previous
            outer.rollback()


@pytest.fixture
def bound(matrix) -> Matrix:
    """The app on the matrix's connection again (a test of another module may have rebound it),
    with fresh rate-limit counts."""
    matrix.app.extensions["insightrepo.db"].rebind(matrix.connection)
    matrix.app.extensions["insightrepo.limiter"].reset()
    return matrix


# ---- filling in a route ---------------------------------------------------------------------

def variants(rule: Rule) -> list[dict[str, str]]:
    """One set of values per choice of each <any(…)> part of the rule."""
    choices = {name: sorted(conv.items) for name, conv in rule._converters.items() if hasattr(conv, "items")}
    return [dict(zip(choices, combo)) for combo in product(*choices.values())] or [{}]


def fill(matrix: Matrix, rule: Rule, entry: Entry, chosen: dict[str, str], role: str) -> dict[str, str]:
    world = matrix.world
    values = dict(chosen)
    for name in rule.arguments:
        if name in values:
            continue
        if name in entry.url:
            values[name] = world[entry.url[name]]
        elif name in LITERALS:
            values[name] = LITERALS[name]
        elif name == "item_id":
            plural = values.get("kind") or rule.rule.split("/<item_id>")[0].rsplit("/", 1)[-1]
            values[name] = world[ITEMS[plural]]
        elif name == "upload_id":
            values[name] = world.uploads.get(person(role), world.uploads["admin"])
        else:
            assert name in VARIABLES, f"{rule.rule}: nothing in the matrix's world fills <{name}>; add it"
            values[name] = world[VARIABLES[name]]
    return values


def url_for_case(matrix: Matrix, rule: Rule, method: str, entry: Entry, values: dict[str, str]) -> str:
    adapter = matrix.app.url_map.bind("localhost")
    path = adapter.build(rule.endpoint, values, method=method, append_unknown=False)
    query = entry.query.format(**matrix.world.ids)
    return f"{path}?{query}" if query else path


# ---- asking ---------------------------------------------------------------------------------

def person(role: str) -> str:
    """``token:viewer`` (an API token on an HTML route), ``session:viewer`` (the browser session on
    the API) and ``viewer`` are all alpha's viewer."""
    return role.rpartition(":")[2]


def by_token(role: str, api: bool) -> bool:
    """Whether ``role`` asks with an API token (or with nothing), rather than the browser session."""
    return role.startswith("token:") or (api and not role.startswith("session:"))


def client_for(matrix: Matrix, role: str, token: bool) -> FlaskClient:
    client = matrix.app.test_client(use_cookies=not token)
    if not token:
        with client.session_transaction() as session:
            session["csrf_token"] = matrix.csrf[0]
            if person(role) != "anonymous":
                session["_user_id"] = matrix.world.sign_ins[person(role)]
                session["_fresh"] = True
    return client


def ask(matrix: Matrix, role: str, api: bool, method: str, url: str, entry: Entry, values: dict):
    """``api``: an /api/v1 route (JSON bodies) rather than an HTML one (forms)."""
    body = entry.body(matrix.world, values) if entry.body is not None else None
    token = by_token(role, api)
    client = client_for(matrix, role, token)
    headers = {}
    if token and person(role) != "anonymous":
        headers["Authorization"] = f"Bearer {matrix.world.tokens[person(role)]}"
    if not api:
        if is_read(method):
            return client.open(url, method=method, headers=headers)
        return client.open(url, method=method, data={**(body or {}), "csrf_token": matrix.csrf[1]}, headers=headers)
    if not token and not is_read(method):
        headers["X-CSRFToken"] = matrix.csrf[1]  # session-authenticated API writes send the form's token
    if entry.content_type:
        return client.open(url, method=method, data=body, content_type=entry.content_type, headers=headers)
    return client.open(url, method=method, json=body, headers=headers)


def lands_well(entry: Entry, location: str) -> bool:
    """A successful redirect goes where the entry says, and never to sign in unless it says so."""
    if entry.lands is not None:
        return location.startswith(entry.lands)
    return not location.startswith("/login")


def stranger_url(matrix: Matrix, url: str) -> str:
    """The same URL naming nothing that exists: alpha's ids replaced by unknown ones."""
    for name, value in matrix.world.ids.items():
        if not name.startswith("beta") and len(value) >= 16:
            url = url.replace(value, uuid.uuid4().hex)
    return url.replace("/alpha", "/no-such-team")


def check(matrix: Matrix, key: str, entry: Entry, role: str, values: dict) -> Iterator[str]:
    """Ask as ``role`` inside a savepoint that is rolled back; yield what is wrong."""
    method, rule_text = key.split(" ", 1)
    api = rule_text.startswith("/api/")
    rule = matrix.rule(key)
    url = url_for_case(matrix, rule, method, entry, fill(matrix, rule, entry, values, role))
    want = expected(entry, method, api or role.startswith("token:"), person(role))
    writes = not is_read(method)
    savepoint = matrix.connection.begin_nested()
    try:
        before = files(matrix.data_dir) if writes else None
        response = ask(matrix, role, api, method, url, entry, values)
        # the map's PNG and PDF are not text: read as text only for the leak checks
        status, text = response.status_code, response.get_data().decode("utf-8", "replace")
        location = response.headers.get("Location", "")
        response.close()
        where = f"{role} {method} {url}"
        if want == LOGIN:
            if status != 302 or not location.startswith("/login?next="):
                yield f"{where}: expected a redirect to sign in, got {status} {location} {text[:200]!r}"
        elif status != want:
            yield f"{where}: expected {want}, got {status} {location} {excerpt(text)!r}"
        elif status == 302 and not lands_well(entry, location):
            yield f"{where}: expected success, was sent to {location}"
        if person(role) in STRANGERS and not entry.shows_alpha:
            yield from leaks(matrix, where, url, text + location)
        if writes:
            after, changed = fingerprint(matrix.connection), []
            changed = [b[0] for b, a in zip(matrix.baseline, after) if a != b]
            changed += ["files"] if files(matrix.data_dir) != before else []
            succeeded = want not in (LOGIN, 401, 403, 404)
            should_change = succeeded and (role in entry.changes if isinstance(entry.changes, tuple) else
                                           entry.changes is not False)
            if should_change and not changed:
                yield f"{where}: answered {status} but changed nothing"
            if not should_change and changed:
                yield f"{where}: answered {status} and must change nothing, but changed {changed}"
        if person(role) == "outsider" and want == 404 and status == 404:
            nowhere = ask(matrix, role, api, method, stranger_url(matrix, url), entry, values)
            other, text = without_csrf(nowhere.get_data(as_text=True)), without_csrf(text)
            nowhere.close()
            if (nowhere.status_code, other) != (status, text):
                yield (f"{where}: the 404 differs from the one for something that does not exist "
                       f"({nowhere.status_code}): {first_difference(text, other)}")
    finally:
        savepoint.rollback()


CSRF = re.compile(r'name="csrf_token" value="[^"]*"')
ERRORS = re.compile(r'<(?:p|div) class="(?:error|alert alert--error)"[^>]*>(.*?)</(?:p|div)>', re.S)


def without_csrf(html: str) -> str:
    """A page without its CSRF tokens (signed with the second they were made in)."""
    return CSRF.sub('name="csrf_token" value=""', html)


def excerpt(text: str) -> str:
    """What a page says went wrong (its form errors), or the start of the answer."""
    problems = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m)).strip() for m in ERRORS.findall(text)]
    return "; ".join(problems) if problems else text[:300]


def first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"…{a[max(at - 60, 0):at + 60]!r}… ≠ …{b[max(at - 60, 0):at + 60]!r}…"


def leaks(matrix: Matrix, where: str, url: str, text: str) -> Iterator[str]:
    for _, asked in parse_qsl(urlsplit(url).query):
        if asked:  # what was asked is echoed (the search box, a redirect): it is not a leak
            text = re.sub(re.escape(asked), "", text, flags=re.I)
    if MARKER.casefold() in text.casefold():
        at = text.casefold().index(MARKER.casefold())
        yield f"{where}: the answer shows alpha's data: …{text[max(at - 80, 0):at + 40]!r}…"
    for name, value in matrix.world.ids.items():
        if name.startswith("beta") or len(value) < 16 or value in url:
            continue
        if value in text:
            yield f"{where}: the answer holds the id of alpha's {name}"


# ---- the tests ------------------------------------------------------------------------------

def test_every_route_is_in_the_table(matrix):
    routes = {f"{method} {rule.rule}" for rule in matrix.app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    missing = sorted(routes - TABLE.keys())
    stale = sorted(TABLE.keys() - routes)
    assert not missing, ("routes the authorisation matrix does not know; classify each in "
                         "tests/trust/matrix_routes.py (who may, what success is):\n  " + "\n  ".join(missing))
    assert not stale, "routes in tests/trust/matrix_routes.py that the app no longer has:\n  " + "\n  ".join(stale)


def roles_for(key: str, entry: Entry) -> tuple[str, ...]:
    """Everyone on an API route (with a token, and the browser session of a viewer and of an
    outsider), everyone on an HTML route (with the session; and with a token where it takes one)."""
    if key.split(" ", 1)[1].startswith("/api/"):
        return API_ROLES + SESSION_ROLES
    return HTML_ROLES + (tuple(f"token:{role}" for role in API_ROLES) if entry.tokens else ())


@pytest.mark.parametrize("key", sorted(TABLE))
def test_route(bound, key):
    entry = TABLE[key]
    problems = []
    for values in variants(bound.rule(key)):
        for role in roles_for(key, entry):
            problems += check(bound, key, entry, role, values)
    assert not problems, f"{key} ({entry.who} may, success is {entry.ok}):\n  " + "\n  ".join(problems)


# ---- beta's own answers -----------------------------------------------------------------------
# Beta's admin asks about beta — searches, facet counts, "did you mean", filters naming alpha's
# steps, tags and snapshots, lists, exports: the answers are beta's and hold nothing of alpha's.

BETA_PROBES = [
    ("GET /api/v1/workspaces/beta/search?q={marker}", 200),
    ("GET /api/v1/workspaces/beta/search?q={marker}&scope=history", 200),
    ("GET /api/v1/workspaces/beta/search?q=Quokkafjrd", 200),  # "did you mean" knows only beta's words
    ("GET /api/v1/workspaces/beta/search?q=", 200),  # everything beta holds, with every facet counted
    ("GET /api/v1/workspaces/beta/search?q=&tag=price", 200),
    ("GET /api/v1/workspaces/beta/search?q=&step={step}", 200),
    ("GET /api/v1/workspaces/beta/search?q=&journey={journey}&scope=history", 200),
    ("GET /api/v1/workspaces/beta/tags", 200),
    ("GET /api/v1/workspaces/beta/quotes?step={step}", 200),
    ("GET /api/v1/workspaces/beta/quotes?journey={journey}", 200),
    ("GET /api/v1/workspaces/beta/narratives?tag={marker}-delivery", 200),
    ("GET /api/v1/workspaces/beta/participants", 200),
    ("GET /api/v1/workspaces/beta/experiments?step={step_unpack}", 200),
    ("GET /api/v1/workspaces/beta/journeys", 200),
    ("GET /api/v1/workspaces/beta/export", 200),
    ("GET /api/v1/workspaces/beta/members", 200),
    ("GET /api/v1/journeys/{beta_journey}/changes?entity_id={step}", 200),
    ("GET /api/v1/journeys/{beta_journey}/compare?from={snapshot}&to=live", 404),
    ("GET /api/v1/snapshots/{beta_snapshot}/compare/{snapshot}", 404),
    ("GET /api/v1/me", 200),
    ("GET /api/v1/workspaces", 200),
    ("GET /api/v1/tokens", 200),
    ("GET /w/beta/search?q={marker}", 200),
    ("GET /w/beta/search?q=", 200),
    ("GET /w/beta/quotes?tag=price", 200),
    ("GET /w/beta/quotes?step={step}", 200),
    ("GET /w/beta/tags", 200),
    ("GET /w/beta/", 200),
    ("GET /w/beta/experiments?journey={journey}", 200),
    ("GET /journeys/{beta_journey}/compare?from={snapshot}&to=live", 302),  # back to beta's timeline
    ("GET /steps/{beta_step}/evidence/link?kind=quotes", 200),
    ("GET /tokens/", 200),
    ("GET /profile/", 200),
]


@pytest.mark.parametrize(("probe", "status"), BETA_PROBES, ids=[p for p, _ in BETA_PROBES])
def test_betas_answers_hold_nothing_of_alphas(bound, probe, status):
    method, template = probe.split(" ", 1)
    url = template.format(marker=MARKER, **bound.world.ids)
    api = url.startswith("/api/")
    response = ask(bound, "outsider", api, method, url, Entry("user", status), {})
    text = response.get_data(as_text=True) + response.headers.get("Location", "")
    response.close()

    assert response.status_code == status, text[:500]
    assert not list(leaks(bound, f"outsider {url}", url, text))


def test_each_workspace_finds_its_own_data_and_nothing_of_the_others(bound):
    """The other side of the coin: the index does hold alpha's words (so beta's empty answers mean
    something): alpha's viewer finds them, counted in alpha's facets only; beta finds its own."""
    response = ask(bound, "viewer", True, "GET", f"/api/v1/workspaces/alpha/search?q={MARKER}&per_page=100",
                   Entry("viewer", 200), {})
    found = response.json

    assert response.status_code == 200 and found["total"] >= 5
    assert {item["id"] for item in found["items"]} & {bound.world["quote"], bound.world["narrative"]}
    tags = {facet["value"] for facet in found["facets"].get("tag", [])}
    assert not [t for t in tags if BETA_MARKER.casefold() in t.casefold()]
    assert BETA_MARKER not in response.get_data(as_text=True) and bound.world["beta_quote"] not in str(found)
    theirs = ask(bound, "outsider", True, "GET", "/api/v1/workspaces/beta/search?q=leveransen", Entry("user", 200), {})
    assert [item["id"] for item in theirs.json["items"]] == [bound.world["beta_quote"]]


# ---- alpha's people naming beta's things -------------------------------------------------------
# Alpha's admin (no role in beta) puts beta's ids in what they send alpha — links in bodies,
# filters, comparisons, forms: refused or ignored, never linked, never shown.

def _form(**fields):
    return lambda w: {name: (value.format(**w.ids) if isinstance(value, str) else [v.format(**w.ids) for v in value])
                      for name, value in fields.items()}


CROSS = [  # (method, URL, body, the answer, whether it may change alpha)
    ("POST", "/api/v1/workspaces/alpha/quotes", _form(text="x", step_ids=["{beta_step}"]), 422, False),
    ("PATCH", "/api/v1/quotes/{quote}", lambda w: {"step_ids": [w["beta_step"]], "version": w.version("quote")},
     422, False),
    ("POST", "/api/v1/workspaces/alpha/jobs", _form(situation="s", motivation="m", outcome="o",
                                                    phase_ids=["{beta_phase}"]), 422, False),
    ("POST", "/api/v1/workspaces/alpha/experiments", lambda w: {
        "title": "x", "step_ids": [w["beta_step"]], "metric": {"name": "m"}}, 422, False),
    ("PATCH", "/api/v1/experiments/{experiment}", lambda w: {
        "quote_ids": [w["beta_quote"]], "version": w.version("experiment")}, 422, False),
    ("PATCH", "/api/v1/experiments/{experiment}", lambda w: {
        "job_id": w["beta_job"], "version": w.version("experiment")}, 422, False),
    ("POST", "/api/v1/experiments/{experiment}/measurements", lambda w: {
        "group": "baseline", "successes": 1, "trials": 2, "measured_on": "2026-01-01", "quote_ids": [w["beta_quote"]]},
     422, False),
    ("PATCH", "/api/v1/steps/{step}", lambda w: {"phase_id": w["beta_phase"], "version": w.version("step")},
     422, False),
    ("POST", "/api/v1/workspaces/alpha/tags/merge", lambda w: {"tags": [f"{BETA_MARKER}-leverans"], "into": "x"},
     404, False),
    ("PATCH", f"/api/v1/workspaces/alpha/tags/{BETA_MARKER}-leverans", lambda w: {"name": "x"}, 404, False),
    ("GET", "/api/v1/workspaces/alpha/quotes?step={beta_step}", None, 200, False),
    ("GET", "/api/v1/workspaces/alpha/experiments?journey={beta_journey}", None, 200, False),
    ("GET", f"/api/v1/workspaces/alpha/search?q={BETA_MARKER}", None, 200, False),
    ("GET", "/api/v1/workspaces/alpha/search?q=&step={beta_step}&scope=history", None, 200, False),
    ("GET", "/api/v1/journeys/{journey}/changes?entity_id={beta_step}", None, 200, False),
    ("GET", "/api/v1/journeys/{journey}/compare?from={beta_snapshot}&to=live", None, 404, False),
    ("GET", "/api/v1/snapshots/{snapshot}/compare/{beta_snapshot}", None, 404, False),
    ("POST", "/api/v1/workspaces/alpha/journeys/import", lambda w: {"as_of": "2026-01-15", "journey": {
        "title": "x", "phases": [{"title": "p", "jobs": [w["beta_job"]], "steps": [
            {"title": "s", "evidence": {"quotes": [w["beta_quote"]], "jobs": [w["beta_job"]]}}]}]}}, 201, True),
    ("POST", "/steps/{step}/evidence/link", _form(item_ids=["{beta_quote}"]), 404, False),
    ("POST", "/steps/{step}/evidence/unlink", _form(kind="quotes", item_id="{beta_quote}"), 404, False),
    ("POST", "/experiments/{experiment}/evidence", lambda w: {
        "quote_ids": [w["beta_quote"]], "version": str(w.version("experiment"))}, 422, False),
    ("POST", "/w/alpha/experiments/new", _form(title="x", step_ids=["{beta_step}"], metric_name="m",
                                              metric_kind="proportion", direction="decrease",
                                              design="before_after"), 200, False),
    ("POST", "/w/alpha/quotes/new", _form(text="x", step_ids=["{beta_step}"]), 200, False),
    ("POST", "/w/alpha/tags/merge", _form(sources=[f"{BETA_MARKER}-leverans"], into="x"), 302, False),
    ("GET", "/w/alpha/quotes?step={beta_step}&tag=" + f"{BETA_MARKER}-leverans", None, 200, False),
    ("GET", "/w/alpha/experiments/new?step={beta_step}", None, 200, False),
    ("GET", "/w/alpha/quotes/new?step={beta_step}", None, 200, False),
    ("GET", "/journeys/{journey}/compare?from={beta_snapshot}&to=live", None, 302, False),
    ("GET", "/journeys/{journey}/compare?from={snapshot}&to={snapshot2}&s={beta_snapshot}", None, 404, False),
]


@pytest.mark.parametrize(("method", "template", "body", "status", "changes"), CROSS,
                         ids=[f"{m} {u}" + (f" #{i}" if [c[1] for c in CROSS].count(u) > 1 else "")
                              for i, (m, u, *_) in enumerate(CROSS)])
def test_alpha_cannot_reach_betas_things_through_the_ids_it_sends(bound, method, template, body, status, changes):
    world = bound.world
    url = template.format(**world.ids)
    entry = Entry("admin", status, (lambda w, v: body(w)) if body else None)
    savepoint = bound.connection.begin_nested()
    try:
        response = ask(bound, "admin", url.startswith("/api/"), method, url, entry, {})
        text = response.get_data(as_text=True) + response.headers.get("Location", "")
        response.close()
        sent = url + repr(body(world) if body else "")

        assert response.status_code == status, excerpt(text)
        shown = re.sub(re.escape(f"{BETA_MARKER}-leverans"), "", text, flags=re.I) if BETA_MARKER in sent else text
        assert BETA_MARKER.casefold() not in shown.casefold(), f"beta's words in alpha's answer: {excerpt(text)}"
        assert not [n for n, v in world.ids.items() if n.startswith("beta") and v in text and v not in sent]
        changed = [b[0] for b, a in zip(bound.baseline, fingerprint(bound.connection)) if a != b]
        if not changes:
            assert not changed, f"changed {changed}"
        links = bound.connection.execute(text_sql("select count(*) from quote_steps where quote_id = :q"),
                                         {"q": world["beta_quote"]}).scalar()
        assert links == 1, "beta's quote got linked to alpha's map"
    finally:
        savepoint.rollback()
