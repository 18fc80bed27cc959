"""Search in the browser: the header's box on every page, the results page with facets,
removable filter chips, highlighted snippets, links into maps and snapshots — and nothing a user
typed ever runs as script."""

from __future__ import annotations

import pytest

from insightrepo.timeline import snapshots
from tests.evidence.test_pages_xss import _inert
from tests.html_tree import page

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("path", ["/workspaces/new", "/w/alpha/", "/w/alpha/journeys", "/w/alpha/quotes", "/tokens/"])
def test_the_header_search_box_works_on_every_page(login, team, path):
    client = login(team.viewer)
    client.get("/w/alpha/")  # remembers alpha as the current workspace
    box = page(client.get(path)).find("form", cls="search")
    field = box.find("input", name="q")
    assert "disabled" not in field.attrs
    assert box.attrs["action"] == "/w/alpha/search"


def test_outside_a_workspace_the_box_searches_the_last_one_visited(login, team):
    client = login(team.viewer)
    response = client.get("/search?q=parcel")
    assert response.status_code == 302 and response.headers["Location"] == "/w/alpha/search?q=parcel"


def test_the_results_page_shows_facets_chips_snippets_and_links(session, team, add, make_map, login):
    built = make_map({"Delivery": [{"title": "Wait for the parcel"}]})
    quote = add("quote", text="The parcel was late", tags=["delivery"], participant="P07",
                step_ids=[built.step("Wait for the parcel")])
    add("quote", text="Another parcel story", tags=["other"])
    client = login(team.viewer)

    tree = page(client.get("/w/alpha/search?q=parcel&tag=delivery"))
    assert tree.find("h2", id="results-h").text() == "1 result for “parcel”"
    hit = tree.find("li", cls="search-hit")
    assert hit.find("a").attrs["href"] == f"/quotes/{quote.id}"
    assert hit.find("mark").text() == "parcel"
    on_the_map = hit.find("a", cls="search-hit__map")
    assert on_the_map.attrs["href"] == f"/journeys/{built.id}#step-{built.step('Wait for the parcel')}"
    assert on_the_map.text() == "Create a thriving home (on the map)"
    chip = tree.find("li", cls="filter-chip")
    assert chip.text().startswith("Tag: delivery")
    assert chip.find("a").attrs["href"] == "/w/alpha/search?q=parcel"  # removing the chip keeps the query
    tag_facet = {li.find("a").text() if li.find_all("a") else li.find("strong").text(): li.find("span").text()
                 for li in tree.find("ul", id="facet-tag").find_all("li")}
    assert tag_facet == {"delivery": "1", "other": "1"}

    step_hit = page(client.get("/w/alpha/search?q=wait&type=step")).find("li", cls="search-hit")
    assert step_hit.find("a").attrs["href"] == f"/journeys/{built.id}#step-{built.step('Wait for the parcel')}"


def test_history_hits_link_to_the_snapshot_at_that_step(session, team, make_map, login):
    built = make_map({"Delivery": [{"title": "Wait for the frosty parcel"}]})
    taken = snapshots.take_snapshot(session, team.admin, built.id, {"label": "Winter map", "as_of": "2026-01-15"})
    session.commit()
    tree = page(login(team.viewer).get("/w/alpha/search?q=frosty&scope=history"))
    hit = tree.find("li", cls="search-hit")
    assert hit.find("a").attrs["href"] == f"/snapshots/{taken.snapshot.id}#step-{built.step('Wait for the frosty parcel')}"
    assert "in the snapshot “Winter map” of 2026-01-15" in hit.text()


def test_a_misspelling_offers_a_did_you_mean_link(team, add, login):
    add("quote", text="The courier was friendly")
    tree = page(login(team.viewer).get("/w/alpha/search?q=curier"))
    link = tree.find("a", id="suggestion")
    assert link.text() == "courier" and link.attrs["href"] == "/w/alpha/search?q=courier"


def test_nothing_typed_runs_as_script(team, add, make_map, login):
    built = make_map({"Phase": [{"title": f"Step {SCRIPT}", "thoughts": f"thinks {SCRIPT}"}]})
    add("quote", text=f"parcel {SCRIPT}", tags=[f"tag{SCRIPT}"[:60]], participant="P<b>1</b>",
        step_ids=[built.step(f"Step {SCRIPT}")])
    client = login(team.viewer)
    for url in (f"/w/alpha/search?q=parcel", f"/w/alpha/search?q={SCRIPT}", "/w/alpha/search?q=alert",
                f"/w/alpha/search?q=step&tag={SCRIPT}&participant={SCRIPT}", "/w/alpha/search?q=onerror"):
        response = client.get(url)
        assert response.status_code == 200, url
        _inert(response.get_data(as_text=True), url)
    assert SCRIPT in page(client.get("/w/alpha/search?q=parcel")).find("li", cls="search-hit").text()


def test_another_workspaces_search_page_is_a_404(login, team):
    assert login(team.outsider).get("/w/alpha/search?q=x").status_code == 404


def test_a_quote_hit_is_titled_by_its_first_words_and_its_details_have_no_dangling_separator(team, add, login):
    add("quote", text="Runs small, and the fabric feels thinner than the photos on the product page suggest")
    tree = page(login(team.viewer).get("/w/alpha/search?q=fabric"))

    hit = tree.find("li", cls="search-hit")
    assert hit.find("h3").text() == "“Runs small, and the fabric feels thinner than the photos on…”"
    meta = hit.find("p", cls="search-hit__meta").text()
    assert meta and not meta.startswith("·") and "·" not in meta  # only the date: nothing to separate


def test_a_quote_hit_is_linked_to_a_chosen_step_without_javascript(session, team, add, make_map, login, app):
    from insightrepo.models import Quote
    from tests.conftest import csrf_token_from, sign_in

    built = make_map({"Delivery": ["Wait for the parcel", "Unpack the plants"]})
    quote = add("quote", text="The parcel arrived crushed")
    unpack = built.step("Unpack the plants")
    editor, results = login(team.editor), "/w/alpha/search?q=crushed"

    hit = page(editor.get(results)).find("li", cls="search-hit")
    form = hit.find("form", method="post")
    steps = {o.text(): o.attrs["value"] for o in form.find("select", name="step_id").find_all("option")}
    assert steps["Unpack the plants"] == unpack
    assert form.find("input", name="next").attrs["value"] == results
    token = csrf_token_from(editor.get(results).get_data(as_text=True))
    response = editor.post(form.attrs["action"], data={"step_id": unpack, "next": results, "csrf_token": token})

    assert response.status_code == 302 and response.headers["Location"] == results
    session.expire_all()
    assert [s.title for s in session.get(Quote, quote.id).steps] == ["Unpack the plants"]
    after = page(editor.get(results))
    assert "Linked “The parcel arrived crushed” to “Unpack the plants”." in after.text()
    assert after.find("a", cls="search-hit__map").text() == "Create a thriving home (on the map)"
    viewer = app.test_client()
    sign_in(viewer, team.viewer.email)
    assert not page(viewer.get(results)).find("li", cls="search-hit").find_all("form")  # viewers cannot link
