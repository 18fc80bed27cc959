"""Whatever is typed, search answers with results or none: never an error, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter

NASTY = ['"', '"unbalanced quote', 'unbalanced quote"', "*", "**", "*delivery", "deliv*ery", "?", "???", "(", ")",
         "((delivery", "delivery))", "AND", "OR OR", "NOT", "NOT NOT delivery", "delivery AND", "tag:", "tag:*",
         ":", "::", "type:nonsense", "workspace_id:anything", "key:quote", "date:[2020 TO 2030]", "[a TO b]",
         "{x TO}", "delivery^100", "'single", "don't", "e-mail", "x" * 500, "ä" * 499 + "*", "\x00", "\x1f",
         "<script>alert(1)</script>", "%00", "\\", "/", "title_en:delivery", "-delivery", "+delivery",
         "year:abc", "participant:", 'tag:"two words"', "🙂 delivery 🌱", "\u202e\u200b", "AND OR NOT ( ) * ?"]


@pytest.fixture
def some_data(add):
    add("quote", text="The delivery was late, don't ask", tags=["two words"])


@pytest.mark.parametrize("text", NASTY)
def test_nasty_input_gives_results_or_none(some_data, find, text):
    found = find(text)
    assert found.results.total >= 0
    assert all(hit.snippet is not None for hit in found.results.hits)


def test_syntax_characters_keep_their_words(some_data, find):
    assert find('"unbalanced delivery').results.total == 0
    assert find('delivery"').results.total == 1
    assert find("delivery?").results.total == 1  # a question mark is not a wildcard
    assert find("((delivery").results.total == 1
    assert find("don't").results.total == 1
    assert find('tag:"two words"').results.total == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120))
def test_random_strings_never_raise(some_data, find, text):
    assert find(text).results.total >= 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(list('"*?()[]{}:^~-+\\/') + [" ", "AND", "OR", "NOT", "tag:", "delivery",
                                                                       "late", "type:", "participant:"]),
                      max_size=25))
def test_random_query_syntax_never_raises(some_data, find, parts):
    assert find("".join(parts)).results.total >= 0


def test_over_long_queries_are_a_clear_422_in_the_api_and_a_message_in_the_browser(api_as, login, team):
    response = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=" + "x" * 501)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["fields"]["q"] == "q must be at most 500 characters"
    page = login(team.viewer).get("/w/alpha/search?q=" + "x" * 501)
    assert page.status_code == 422 and "searches can be at most 500" in page.get_data(as_text=True)


@pytest.mark.parametrize("query", ["type=nonsense", "sort=sideways", "scope=future", "from=yesterday",
                                   "page=0", "page=-1", "year=abc", "per_page=1000", "from=2026-02-01&to=2026-01-01"])
def test_bad_filters_are_422_in_the_api(api_as, team, query):
    response = api_as(team.viewer).get(f"/api/v1/workspaces/alpha/search?q=x&{query}")
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("query", ["type=nonsense", "sort=sideways", "scope=future", "from=yesterday", "page=zero",
                                   "year=abc", "to=2026-13-45", "sentiment=angry"])
def test_bad_filters_are_left_out_with_a_message_in_the_browser(login, team, query):
    page = login(team.viewer).get(f"/w/alpha/search?q=x&{query}")
    assert page.status_code == 200
