"""A query only ever sees its own workspace: not in hits, totals, facet counts or suggestions."""

from __future__ import annotations

import pytest

from tests.search.conftest import counts, ids

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter


@pytest.fixture
def two_workspaces(add, make_map):
    make_map({"Beta phase": ["Beta secret step"]}, title="Beta journey", slug="beta")
    theirs = [add("quote", slug="beta", text=f"delivery complaint number {n} zanzibarian", tags=["secret-tag"],
                  participant="P99", sentiment="negative", collected_on="2019-05-05") for n in range(5)]
    ours = add("quote", text="delivery was fine", tags=["ours"], participant="P01", collected_on="2026-01-01")
    return ours, theirs


def test_another_workspaces_documents_never_reach_hits_or_facet_counts(two_workspaces, find):
    ours, _ = two_workspaces
    for query in ("delivery", "", "*", "delivery OR complaint", "tag:secret-tag", "participant:P99", "zanzib*"):
        found = find(query)
        assert ids(found) <= {ours.id} and found.results.total == len(ids(found)), query
        for facet in ("type", "journey", "phase", "tag", "participant", "sentiment", "marker", "year"):
            values = set(counts(found, facet))
            assert not values & {"secret-tag", "p99", "negative", "2019"}, (query, facet)
    assert counts(find("delivery"), "type") == {"quote": 1}
    assert ids(find("delivery", slug="beta")) == {q.id for q in two_workspaces[1]}


def test_suggestions_come_only_from_the_workspaces_own_words(two_workspaces, find):
    assert find("zanzibarien").results.suggestion is None  # only beta says "zanzibarian"
    assert find("zanzibarien", slug="beta").results.suggestion == "zanzibarian"


def test_a_non_member_cannot_search_a_workspace_and_learns_nothing_of_it(two_workspaces, api_as, team):
    outsider = api_as(team.outsider)
    for slug in ("alpha", "no-such-workspace"):
        response = outsider.get(f"/api/v1/workspaces/{slug}/search?q=delivery")
        assert response.status_code == 404 and response.get_json()["error"]["message"] == "No such workspace."
    assert api_as(None).get("/api/v1/workspaces/alpha/search?q=delivery").status_code == 401


def test_scores_do_not_depend_on_another_workspaces_documents(add, find):
    ours = add("quote", text="the courier rang twice")
    before = find("courier").results.hits[0].score
    for n in range(10):
        add("quote", slug="beta", text=f"courier courier number {n}")
    assert find("courier").results.hits[0].id == ours.id
    assert find("courier").results.hits[0].score == before
