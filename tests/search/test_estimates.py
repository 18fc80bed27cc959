"""Above the setting search_estimate_above, the PostgreSQL search estimates the total from a sample
of the hits and says so: "about N results" on the page, ``total_is_estimate`` in the API, and facet
counts from the same sample. Below it every count is exact (the other search tests rely on that)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from insightrepo import formats
from insightrepo.config import current_settings
from insightrepo.imports import quotes_csv
from insightrepo.search.engine import make_index
from tests.html_tree import page

LIMIT = 20  # search_estimate_above, lowered so that a test's few hundred quotes are "many"
ROWS = 400


@pytest.fixture
def estimating(app, database, search_engine, adapter_name):
    """The app's search built from its settings with search_backend = "postgresql" and
    search_estimate_above = LIMIT."""
    if adapter_name != "postgresql":
        pytest.skip("only the PostgreSQL adapter estimates (Whoosh counts every hit)")
    settings = replace(current_settings(app), search_backend="postgresql", search_estimate_above=LIMIT)
    search_engine.rebind(make_index(settings, database))
    return search_engine


def _import(session, team, rows: int) -> None:
    lines = ["text;participant;tags;sentiment"] + [
        f"The parcel number {i} arrived late;P{i % 9};{'late' if i % 4 else 'damaged'};"
        f"{'negative' if i % 3 else 'mixed'}" for i in range(rows)]
    assert quotes_csv.import_quotes(session, team.admin, "alpha", ("\r\n".join(lines) + "\r\n").encode()).imported \
        == rows
    session.commit()


def test_many_hits_are_about_n_on_the_page_and_an_estimate_in_the_api(estimating, session, team, login, api_as):
    _import(session, team, ROWS)

    body = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=parcel").get_json()
    assert body["total_is_estimate"] is True
    estimate = body["total"]
    assert ROWS / 2 <= estimate <= ROWS * 2  # a sample's estimate, not a count
    assert len(body["items"]) == 20
    for name, values in body["facets"].items():
        assert all(0 < value["count"] <= estimate for value in values), name
    assert {v["value"] for v in body["facets"]["tag"]} <= {"late", "damaged"}
    assert {v["value"] for v in body["facets"]["sentiment"]} <= {"negative", "mixed"}

    heading = page(login(team.viewer).get("/w/alpha/search?q=parcel")).find(id="results-h")
    assert re.match(r"^about [\d,]+ results for “parcel”$", " ".join(heading.text().split()))
    assert f"{estimate:,}" in heading.text()


def test_every_page_of_an_estimated_result_holds_different_hits(estimating, session, team, api_as):
    _import(session, team, ROWS)
    client = api_as(team.viewer)
    seen = []
    for sort in ("relevance", "date"):
        seen = []
        for number in range(1, 5):
            body = client.get(f"/api/v1/workspaces/alpha/search?q=parcel&sort={sort}&page={number}").get_json()
            assert body["total_is_estimate"] is True
            seen += [item["id"] for item in body["items"]]
        assert len(seen) == len(set(seen)) == 80, sort


def test_the_swedish_page_says_cirka_with_the_number_written_the_swedish_way(estimating, session, team, login,
                                                                            api_as):
    _import(session, team, ROWS)
    estimate = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=parcel").get_json()["total"]
    client = login(team.viewer)
    heading = page(client.get("/w/alpha/search?q=parcel", headers={"Accept-Language": "sv"})).find(id="results-h")
    assert " ".join(heading.text().split()).startswith(f"cirka {formats.count(estimate, 'sv')} träffar")


def test_fewer_hits_than_the_setting_are_counted_exactly(estimating, session, team, api_as):
    _import(session, team, 12)
    body = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=parcel").get_json()
    assert body["total"] == 12 and body["total_is_estimate"] is False
    assert {v["value"]: v["count"] for v in body["facets"]["tag"]} == {"late": 9, "damaged": 3}
