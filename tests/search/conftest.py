"""Search fixtures: the app's search bound to a fresh index per test (and per adapter), and
helpers to add evidence through the services, as users do."""

from __future__ import annotations

import pytest

from insightrepo.search.engine import Search
from insightrepo.search.searching import Found, search_request
from insightrepo.search.searching import search as run_search
from tests.search.adapters import ADAPTERS, adapters_for


@pytest.fixture(params=list(ADAPTERS))
def adapter_name(request, engine):
    if request.param not in adapters_for(engine.dialect.name):
        pytest.skip(f"the {request.param} adapter does not run on {engine.dialect.name}")
    return request.param


@pytest.fixture
def search_engine(app, database, adapter_name, tmp_path) -> Search:
    """The app's search, on a fresh index of ``adapter_name``; closed after the test."""
    search: Search = app.extensions["insightrepo.search"]
    previous = search.index
    search.rebind(ADAPTERS[adapter_name](tmp_path, database))
    yield search
    search.index.close()
    search.index = previous
    search.sync.index = previous


@pytest.fixture
def find(session, search_engine, team):
    """``find("växter", slug="alpha", actor=None, **args)`` → Found, as alpha's viewer by default."""

    def do(text: str = "", slug: str = "alpha", actor=None, **args) -> Found:
        request = search_request({"q": text, **args})
        return run_search(session, actor or (team.viewer if slug == "alpha" else team.outsider), search_engine,
                          slug, request)

    return do


@pytest.fixture
def add(session, team):
    """``add("quote", "text", slug="alpha", **fields)`` → the new item, created through the
    services by the workspace's admin and committed (so the outbox is drained)."""
    from insightrepo.evidence import evidence

    def do(kind: str, slug: str = "alpha", **fields):
        actor = team.admin if slug == "alpha" else team.outsider
        item = evidence.create_item(session, actor, evidence.KINDS[kind + "s"], slug, fields)
        session.commit()
        return item

    return do


def titles(found: Found) -> list[str]:
    return [hit.title for hit in found.results.hits]


def ids(found: Found) -> set[str]:
    return {hit.id for hit in found.results.hits}


def counts(found: Found, facet: str) -> dict[str, int]:
    return {f.value: f.count for f in found.results.facets[facet]}
