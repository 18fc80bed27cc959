"""The tags page: every tag with its counts per kind, renaming one everywhere and merging several."""

from __future__ import annotations

import pytest

from insightrepo.models import Quote
from tests.evidence.page_helpers import main, ok, post, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def _rows(tree) -> dict[str, list[str]]:
    return {row.find("th").text(): [td.text() for td in row.find_all("td") if not td.find_all("input")]
            for row in tree.find("table", id="tags").find("tbody").find_all("tr")}


def test_tags_are_listed_with_counts_per_kind(viewer_web, add):
    add("quotes", text="a", tags=["Delivery", "price"])
    add("quotes", text="b", tags=["delivery"])
    add("narratives", title="c", tags=["price"])
    add("jobs", situation="s", motivation="m", outcome="o", tags=["delivery"])

    tree = ok(viewer_web, "/w/alpha/tags")

    assert _rows(tree) == {"Delivery": ["2", "0", "1", "3"], "price": ["1", "1", "0", "2"]}
    links = [a.attrs["href"] for a in tree.find("table", id="tags").find_all("a")]
    assert "/w/alpha/quotes?tag=Delivery" in links


def test_renaming_a_tag_renames_it_everywhere(editor_web, session, add):
    quote_id = add("quotes", text="a", tags=["delivry"])

    response = post(editor_web, "/w/alpha/tags/rename", {"old": "delivry", "name": "delivery"}, token_from="/w/alpha/tags")

    assert response.headers["Location"] == "/w/alpha/tags"
    tree = ok(editor_web, "/w/alpha/tags")
    assert "Renamed “delivry” to “delivery” everywhere." in tree.text()
    assert list(_rows(tree)) == ["delivery"]
    assert stored(session, Quote, quote_id).tag_names == ["delivery"]


def test_renaming_onto_an_existing_tag_says_to_merge_instead(editor_web, add):
    add("quotes", text="a", tags=["price", "cost"])

    post(editor_web, "/w/alpha/tags/rename", {"old": "cost", "name": "Price"}, token_from="/w/alpha/tags")

    tree = ok(editor_web, "/w/alpha/tags")
    assert "A tag “price” already exists: merge the two instead." in tree.find("div", "alert--error").text()
    assert list(_rows(tree)) == ["cost", "price"]


def test_merging_tags_moves_their_uses_onto_one(editor_web, session, add):
    first = add("quotes", text="a", tags=["cost"])
    second = add("quotes", text="b", tags=["price", "expensive"])

    post(editor_web, "/w/alpha/tags/merge", {"sources": ["cost", "expensive"], "into": "price"}, token_from="/w/alpha/tags")

    tree = ok(editor_web, "/w/alpha/tags")
    assert "Merged “cost”, “expensive” into “price”." in tree.text()
    assert _rows(tree) == {"price": ["2", "0", "0", "2"]}
    assert stored(session, Quote, first).tag_names == ["price"] and stored(session, Quote, second).tag_names == ["price"]


def test_merging_without_ticking_a_tag_explains_what_is_missing(editor_web, add):
    add("quotes", text="a", tags=["cost"])

    post(editor_web, "/w/alpha/tags/merge", {"into": "price"}, token_from="/w/alpha/tags")

    assert "Tags to merge: This field is required." in ok(editor_web, "/w/alpha/tags").text()


def test_tag_forms_need_their_csrf_token(editor_web, add):
    add("quotes", text="a", tags=["cost"])

    response = editor_web.post("/w/alpha/tags/rename", data={"old": "cost", "name": "price"})

    assert response.status_code == 400
    assert list(_rows(ok(editor_web, "/w/alpha/tags"))) == ["cost"]


def test_the_tags_page_has_rename_and_merge_forms_only_for_editors(editor_web, viewer_web, add):
    add("quotes", text="a", tags=["cost"])

    mine, theirs = ok(editor_web, "/w/alpha/tags"), ok(viewer_web, "/w/alpha/tags")

    assert [f.attrs["action"] for f in mine.find_all("form")] == ["/w/alpha/tags/rename", "/w/alpha/tags/merge"]
    assert theirs.find_all("form") == []
    assert main(editor_web.get("/w/alpha/tags")).find("input", form="merge-form").attrs["value"] == "cost"
