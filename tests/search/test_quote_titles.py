"""A quote is titled by its first words wherever search shows it — live or only in a snapshot, on
the results page and in the API, from either adapter — as the quote's own page titles it."""

from __future__ import annotations

import pytest

from insightrepo.evidence import evidence
from insightrepo.timeline import snapshots
from tests.html_tree import page
from tests.search.conftest import titles

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter

LONG = ("The parcel with the monstera sat in the frost outside the neighbour's door for hours, "
        "and the leaves went black before anyone noticed it")
FIRST_WORDS = "“The parcel with the monstera sat in the frost outside the…”"  # ≤ 60 characters, cut between words


@pytest.fixture
def gone(session, team, add, make_map):
    """A long quote on a step, kept in a snapshot, then deleted from the live library."""
    built = make_map({"Delivery": ["Wait for the parcel"]})
    quote = add("quote", text=LONG, participant="P07", step_ids=[built.step("Wait for the parcel")])
    snapshots.take_snapshot(session, team.admin, built.id, {"label": "Winter", "as_of": "2026-01-15"})
    session.commit()
    evidence.delete_item(session, team.admin, evidence.QUOTES, quote.id, force=True)
    session.commit()
    return quote


def test_the_quote_page_and_the_rule_agree(add):
    assert evidence.quote_title(LONG) == FIRST_WORDS


def test_a_live_quote_hit_is_titled_by_its_first_words(add, find):
    add("quote", text=LONG, participant="P07")

    found = find("monstera")

    assert [hit.title for hit in found.results.hits] == [FIRST_WORDS]  # what the adapter answers
    assert titles(found) == [FIRST_WORDS]
    assert [found.title(hit) for hit in found.results.hits] == [FIRST_WORDS]  # what the page shows


def test_a_quote_only_in_a_snapshot_is_titled_by_its_first_words_not_quote(gone, find):
    found = find("monstera", scope="history")

    assert [(hit.type, hit.scope) for hit in found.results.hits] == [("quote", "history")]
    assert [hit.title for hit in found.results.hits] == [FIRST_WORDS]
    assert [found.title(hit) for hit in found.results.hits] == [FIRST_WORDS]


def test_the_results_page_titles_a_snapshot_quote_by_its_first_words(gone, login, team):
    response = login(team.viewer).get("/w/alpha/search?q=monstera&scope=history")

    assert response.status_code == 200
    headings = [h.text() for h in page(response).find_all("h3", "search-hit__title")]
    assert headings == [FIRST_WORDS]


@pytest.mark.parametrize("scope", ["live", "history"])
def test_the_api_titles_quote_hits_by_their_first_words(session, team, add, make_map, api_as, scope):
    if scope == "history":
        built = make_map({"Delivery": ["Wait for the parcel"]})
        quote = add("quote", text=LONG, step_ids=[built.step("Wait for the parcel")])
        snapshots.take_snapshot(session, team.admin, built.id, {"label": "Winter", "as_of": "2026-01-15"})
        session.commit()
        evidence.delete_item(session, team.admin, evidence.QUOTES, quote.id, force=True)
        session.commit()
    else:
        add("quote", text=LONG)

    body = api_as(team.viewer).get(f"/api/v1/workspaces/alpha/search?q=monstera&scope={scope}").get_json()

    assert [(item["type"], item["title"]) for item in body["items"]] == [("quote", FIRST_WORDS)]
