"""One user cannot monopolise the server with searches: a query's content is bounded (422 naming the
limit), a query over its time budget answers 503 with Retry-After, and each user may run only a few
searches at once (429 with Retry-After; counted in the shared rate-limit storage, so across
workers). On every adapter."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from insightrepo.search.engine import Search
from tests.api.helpers import assert_error
from tests.conftest import sign_in

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter

API = "/api/v1/workspaces/alpha/search?"


def _prefixes(n: int) -> str:
    return " ".join(f"{chr(97 + i % 26)}{i}*" for i in range(n))


def test_a_query_with_too_many_prefixes_is_refused_with_422(team, api_as, search_engine: Search):
    api = api_as(team.viewer)
    most = search_engine.max_prefixes

    assert api.get(API + urlencode({"q": _prefixes(most)})).status_code == 200
    error = assert_error(api.get(API + urlencode({"q": _prefixes(most + 1)})), 422, "invalid")
    assert f"at most {most}" in error["details"]["fields"]["q"]


def test_a_query_with_too_many_terms_is_refused_with_422(team, api_as, search_engine: Search):
    api = api_as(team.viewer)
    most = search_engine.max_terms
    words = [f"word{i}" for i in range(most + 1)]

    assert api.get(API + urlencode({"q": " ".join(words[:most])})).status_code == 200
    error = assert_error(api.get(API + urlencode({"q": " ".join(words)})), 422, "invalid")
    assert f"at most {most}" in error["details"]["fields"]["q"]


def test_the_results_page_says_why_a_prefix_storm_is_refused(client, team, search_engine: Search):
    sign_in(client, team.viewer.email)

    page = client.get("/w/alpha/search?" + urlencode({"q": _prefixes(search_engine.max_prefixes + 1)}))

    assert page.status_code == 422 and page.mimetype == "text/html"
    assert f"at most {search_engine.max_prefixes}" in page.get_data(as_text=True)


def test_a_query_over_its_time_budget_answers_503_with_retry_after(team, api_as, add, search_engine: Search,
                                                                   monkeypatch):
    add("quote", text="The parcel was late")
    api = api_as(team.viewer)
    monkeypatch.setattr(search_engine, "time_budget", 0.0)  # every query is over it at its first step

    response = api.get(API + urlencode({"q": "parcel p*"}))

    error = assert_error(response, 503, "timeout")
    assert "took too long" in error["message"]
    assert int(response.headers["Retry-After"]) >= 1


def test_a_user_running_as_many_searches_as_allowed_gets_429_for_one_more(team, api_as, search_engine: Search):
    viewer = api_as(team.viewer)
    running = [search_engine.concurrency.slot(team.viewer.id) for _ in range(search_engine.concurrency.most)]
    for slot in running:
        slot.__enter__()  # searches of theirs still running (in this worker or any other)
    try:
        response = viewer.get(API + "q=parcel")
        error = assert_error(response, 429, "rate_limited")
        assert "searches running" in error["message"]
        assert int(response.headers["Retry-After"]) >= 1
        assert api_as(team.editor).get(API + "q=parcel").status_code == 200  # others are not held up
    finally:
        for slot in running:
            slot.__exit__(None, None, None)

    assert viewer.get(API + "q=parcel").status_code == 200  # and once theirs end, so are they
