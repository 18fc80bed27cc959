"""Shared fixtures: a migrated database per backend, a connection rolled back after each
test, the app bound to it, a client, a CLI runner, factories, the plant maps most tests start from, and per-role
API clients (`<role>_api`) and signed-in web clients (`<role>_web`)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient

from insightrepo import create_app, schema_migrations
from insightrepo.options import InsightRepoFlask
from insightrepo.db import Database, make_engine
from insightrepo.models import ApiToken, Membership, User, Workspace
from insightrepo.journeys import journeys, phases, steps
from insightrepo.accounts import passwords
from insightrepo.accounts.passwords import hash_password
from insightrepo.accounts.api_tokens import create_token
from insightrepo.timeline.change_context import opened
from tests.browser_fixtures import (browser, chromium_path, demo_reading_server, demo_server, live_server,  # noqa: F401
                                     page, prepared_data)
from tests.database_backends import BACKENDS, drop_database, fresh_database_url



class EnglishReader(FlaskClient):
    """The suite's test clients ask for English pages (Accept-Language), as an English browser
    does: the suite reads the source text. tests/i18n asks for the other languages, or for none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", "en")


InsightRepoFlask.test_client_class = EnglishReader

# Argon2id at a test cost: the same algorithm and code path (hash, verify, needs_rehash), with the
# cheapest parameters argon2-cffi takes instead of RFC 9106's low-memory profile (64 MiB, 3 passes,
# 4 lanes), which is slow on purpose and was most of what a page test's sign-in cost (measured in
# docs/benchmarks.md). In this process only: servers and commands the tests start hash as production does.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("not-a-real-password-but-costs-the-same")

PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashed once for every user the factories make


# ---- which tests run on PostgreSQL too ------------------------------------------------------
#
# The rule: a test runs on both databases only if it touches SQL behaviour that can differ between
# them — the queries, constraints and locking of the services (uniqueness, foreign keys, positions,
# concurrency, rollback), how values are stored and read back (dates and times, JSON, long text,
# case and accents), migrations, backups and restores, the change log and snapshots' storage, the
# search outbox and the PostgreSQL search adapter. A test of what is rendered (pages, forms, SVG,
# headers, escaping), of the HTTP contract (envelopes, status codes, CSRF, sign-in, rate limits), of
# input refused before any SQL runs, of who may do what, or of pure computation is marked
# ``sqlite_only``: on PostgreSQL it would run the same Python over the same ORM queries again.
# In search, ``sqlite_only`` keeps the PostgreSQL backend for the PostgreSQL adapter only (the
# Whoosh adapter behaves the same over either database); an adapter that cannot run on a
# backend is left out instead of skipped. INSIGHTREPO_TEST_EVERY_BACKEND=1 runs the ``sqlite_only``
# tests on PostgreSQL too (to check the rule, or for a full run).

def pytest_collection_modifyitems(config, items):
    from tests.search.adapters import adapters_for

    every_backend = os.environ.get("INSIGHTREPO_TEST_EVERY_BACKEND") == "1"
    kept, left_out = [], []
    for item in items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        backend, adapter = params.get("engine"), params.get("adapter_name")
        redundant = (backend == "postgresql" and item.get_closest_marker("sqlite_only") is not None
                     and adapter != "postgresql" and not every_backend)
        impossible = backend is not None and adapter is not None and adapter not in adapters_for(backend)
        (left_out if redundant or impossible else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request, tmp_path_factory):
    url = fresh_database_url(request.param, "suite", tmp_path_factory.mktemp("db"))
    engine = make_engine(url)
    schema_migrations.upgrade(engine)
    yield engine
    engine.dispose()
    drop_database(url)


@pytest.fixture
def connection(engine):
    with engine.connect() as connection:
        outer = connection.begin()
        yield connection
        outer.rollback()


@pytest.fixture(scope="session")
def shared_app(engine, tmp_path_factory):
    """One app per backend and worker (building one costs ~130 ms); each test rebinds its database."""
    return create_app({"env": "testing", "data_dir": str(tmp_path_factory.mktemp("data"))},
                      database=Database(engine))


@pytest.fixture
def database(shared_app, connection) -> Database:
    database = shared_app.extensions["insightrepo.db"]
    database.rebind(connection)
    return database


@pytest.fixture
def session(database):
    session = database.session()
    yield session
    session.close()


@pytest.fixture
def app(shared_app, database):
    """The app on the test's database, with fresh rate-limit counts. No app context is held
    open: each test-client request gets a fresh one (and a fresh ``g``), as in production."""
    shared_app.extensions["insightrepo.limiter"].reset()
    return shared_app


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def new_client(app):
    """Another browser: ``new_client()`` → a client with no cookies."""
    return app.test_client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ---- factories -------------------------------------------------------------------------

@pytest.fixture
def make_user(session):
    counter = iter(range(1, 10_000))

    def make(email: str | None = None, name: str = "", workspace: Workspace | None = None,
             role: str = "editor") -> User:
        user = User(email=email or f"user{next(counter)}@example.org", display_name=name,
                    password_hash=_PASSWORD_HASH)
        session.add(user)
        if workspace is not None:
            session.add(Membership(workspace=workspace, user=user, role=role))
        session.commit()
        return user

    return make


@pytest.fixture
def make_workspace(session):
    counter = iter(range(1, 10_000))

    def make(slug: str | None = None, name: str | None = None, language: str = "en") -> Workspace:
        n = next(counter)
        workspace = Workspace(slug=slug or f"team-{n}", name=name or f"Team {n}", language=language)
        session.add(workspace)
        session.commit()
        return workspace

    return make


@dataclass
class Team:
    """Workspace A with one member per role, and workspace B with its own admin."""

    a: Workspace
    b: Workspace
    viewer: User
    editor: User
    admin: User
    outsider: User  # admin of B, no role in A


@pytest.fixture
def team(make_workspace, make_user) -> Team:
    a = make_workspace("alpha", "Alpha CX")
    b = make_workspace("beta", "Beta CX", language="sv")
    return Team(
        a=a, b=b,
        viewer=make_user("viewer@example.org", "Vera Viewer", a, "viewer"),
        editor=make_user("editor@example.org", "Eddie Editor", a, "editor"),
        admin=make_user("admin@example.org", "Ada Admin", a, "admin"),
        outsider=make_user("outsider@example.org", "Otto Outsider", b, "admin"),
    )


@dataclass
class BuiltMap:
    """A journey built for a test; ``phase(title)`` and ``step(title)`` give ids."""

    id: str
    phase_ids: dict[str, str] = field(default_factory=dict)
    step_ids: dict[str, str] = field(default_factory=dict)

    def phase(self, title: str) -> str:
        return self.phase_ids[title]

    def step(self, title: str) -> str:
        return self.step_ids[title]


@pytest.fixture
def make_map(session, team):
    """``make_map({"Phase": ["Step", {"title": "Step 2", "emotion": 1}], ...}, title=..., slug=..., **journey)``
    builds a journey through the services — as alpha's admin, or beta's for ``slug="beta"`` — and commits it."""

    def make(layout: dict[str, list[str | dict[str, Any]]] | None = None, title: str = "Create a thriving home",
             slug: str = "alpha", actor=None, **journey_fields) -> BuiltMap:
        actor = actor or (team.admin if slug == "alpha" else team.outsider)
        with opened(session, actor):  # the change log names the builder, as for a request of theirs
            journey = journeys.create_journey(session, actor, slug, {"title": title, **journey_fields})
            built = BuiltMap(journey.id)
            for phase_title, step_specs in (layout or {}).items():
                phase = phases.add_phase(session, actor, journey.id, {"title": phase_title})
                built.phase_ids[phase_title] = phase.id
                for spec in step_specs:
                    spec = {"title": spec} if isinstance(spec, str) else spec
                    built.step_ids[spec["title"]] = steps.add_step(session, actor, phase.id, spec).id
            session.commit()
        return built

    return make


@pytest.fixture
def plant_map(make_map) -> BuiltMap:
    """Alpha's plant journey, the map the evidence and experiment tests start from: two phases,
    four steps; unpacking is a thundercloud and a moment of truth."""
    return make_map({
        "Find plants that suit me": [{"title": "Search for easy plants", "emotion": -1}, "Ask in the chat"],
        "Get the plants home": [{"title": "Pay", "emotion": 0},
                                {"title": "Unpack the plants", "emotion": -2, "marker": "thundercloud",
                                 "moment_of_truth": {"title": "Half-good quality!"}}],
    })


@pytest.fixture
def full_plant_map(make_map) -> BuiltMap:
    """The same journey with a first phase before it, as the timeline tests need: three phases, six
    steps, with scores, markers, channels, touchpoints, owners and a moment of truth."""
    return make_map({
        "Dream of a green home": [
            {"title": "See plants at a friend's", "emotion": 2, "marker": "heart", "present": False},
            {"title": "Save pictures", "emotion": 1, "channels": ["Instagram", "Pinterest"]},
        ],
        "Find plants that suit me": [
            {"title": "Search for easy plants", "emotion": -1, "touchpoint": "Web shop", "owner": "Digital"},
            {"title": "Ask in the chat", "emotion": 0, "touchpoint": "Chat", "owner": "Customer service"},
        ],
        "Get the plants home": [
            {"title": "Pay", "emotion": 0, "touchpoint": "Checkout", "owner": "Digital"},
            {"title": "Unpack the plants", "emotion": -2, "marker": "thundercloud", "touchpoint": "Delivery box",
             "owner": "Warehouse", "moment_of_truth": {"title": "Half-good quality!", "description": "Decides it"}},
        ],
    })


@pytest.fixture
def unscored_plant_map(make_map) -> BuiltMap:
    """The three phases and six steps with titles only, for the journey tests that set and check
    scores, markers and positions themselves."""
    return make_map({
        "Dream of a green home": ["See plants at a friend's", "Save pictures"],
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Unpack the plants"],
    })


@pytest.fixture
def beta_map(make_map) -> BuiltMap:
    """A journey of the other workspace, whose steps alpha's data must never reach."""
    return make_map({"Beställ": ["Betala"]}, title="Skapa ett grönt hem", slug="beta")


# ---- signing in ------------------------------------------------------------------------

_CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = _CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, remember: bool = False):
    page = client.get("/login")
    form = {"email": email, "password": password, "csrf_token": csrf_token_from(page.get_data(as_text=True))}
    if remember:
        form["remember"] = "y"
    return client.post("/login", data=form)


@pytest.fixture
def login(client):
    """Sign ``user`` in through the real form; returns the client."""

    def do(user: User) -> FlaskClient:
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do


class ApiClient:
    """A test client that sends a bearer token and JSON."""

    def __init__(self, client: FlaskClient, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, json: Any = None, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(path, method=method, json=json, headers=headers, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.request("POST", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


@pytest.fixture
def api_as(app, session):
    """``api_as(user)`` → an ApiClient with a fresh token of ``user``; ``api_as(None)`` → anonymous."""

    def make(user: User | None) -> ApiClient:
        secret = None
        if user is not None:
            _, secret = create_token(session, user, "tests")
            session.commit()
        return ApiClient(app.test_client(), secret)

    return make


@pytest.fixture
def web_as(app):
    """``web_as(user)`` → a test client of its own (a browser's cookies), signed in as ``user`` through
    the real form. Not Playwright: that is the ``browser`` fixture (tests/browser_fixtures.py)."""

    def make(user: User) -> FlaskClient:
        client = app.test_client()
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return make


# Per role of the Team: ``<role>_api`` is an ApiClient with the user's token, ``<role>_web`` a
# signed-in test client (pages and forms).

@pytest.fixture
def viewer_api(api_as, team) -> ApiClient:
    return api_as(team.viewer)


@pytest.fixture
def editor_api(api_as, team) -> ApiClient:
    return api_as(team.editor)


@pytest.fixture
def admin_api(api_as, team) -> ApiClient:
    return api_as(team.admin)


@pytest.fixture
def outsider_api(api_as, team) -> ApiClient:
    return api_as(team.outsider)


@pytest.fixture
def viewer_web(web_as, team) -> FlaskClient:
    return web_as(team.viewer)


@pytest.fixture
def editor_web(web_as, team) -> FlaskClient:
    return web_as(team.editor)


@pytest.fixture
def admin_web(web_as, team) -> FlaskClient:
    return web_as(team.admin)


@pytest.fixture
def outsider_web(web_as, team) -> FlaskClient:
    return web_as(team.outsider)
