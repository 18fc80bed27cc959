"""The library pages: one per kind, with filters as a GET form, counts per tag and sentiment,
and paging; the Library entry in the navigation."""

from __future__ import annotations

import pytest

from tests.evidence.page_helpers import main, main_text, ok, page, quotes_shown

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases

PAGES = ["/w/alpha/quotes", "/w/alpha/narratives", "/w/alpha/jobs", "/w/alpha/participants", "/w/alpha/tags"]


@pytest.fixture
def library(add, add_participant, plant_map):
    """Quotes from two participants with tags, sentiments, dates and steps; a narrative; a job."""
    add_participant("P01", segment="First-time owner")
    add_participant("P02", segment="Plant nerd")
    search, chat, pay = plant_map.step("Search for easy plants"), plant_map.step("Ask in the chat"), plant_map.step("Pay")
    add("quotes", text="I had no idea which plant survives in a dark flat", participant="P01",
        collected_on="2026-03-04", sentiment="negative", tags=["light", "advice"], step_ids=[search])
    add("quotes", text="The chat answered in a minute, brilliant", participant="P02",
        collected_on="2026-03-20", sentiment="positive", tags=["advice"], step_ids=[chat])
    add("quotes", text="Paying was fine", participant="P01", collected_on="2026-04-02", sentiment="neutral",
        tags=["checkout"], step_ids=[pay])
    add("narratives", title="The dark flat", body="She moved into a flat facing north.", participant="P01",
        told_on="2026-03-04", tags=["light"], step_ids=[search])
    add("jobs", situation="my flat is dark", motivation="find plants that cope", outcome="enjoy green without worry",
        importance=5, satisfaction=2, tags=["light"], step_ids=[search])
    return plant_map


@pytest.mark.parametrize("url", PAGES)
def test_every_library_page_renders_with_its_tab_marked(viewer_web, library, url):
    tree = page(viewer_web.get(url))

    current = tree.find("nav", aria_label="Library").find("a", aria_current="page")
    assert current.attrs["href"] == url
    assert tree.find("h1").text() == "Library"


def test_the_navigation_has_a_library_entry_for_the_current_workspace(viewer_web, library):
    viewer_web.get("/w/alpha/")

    nav = page(viewer_web.get("/w/alpha/journeys")).find("nav", "topnav")

    assert [a.attrs["href"] for a in nav.find_all("a") if a.text() == "Library"] == ["/w/alpha/quotes"]


def test_quotes_are_listed_in_quotation_marks_attributed_to_the_participant(viewer_web, library):
    shown = quotes_shown(ok(viewer_web, "/w/alpha/quotes"))

    assert shown == [
        "“Paying was fine” — P01, 2026-04-02",
        "“The chat answered in a minute, brilliant” — P02, 2026-03-20",
        "“I had no idea which plant survives in a dark flat” — P01, 2026-03-04",
    ]


@pytest.mark.parametrize("query, expected", [
    ("tag=advice", ["The chat answered", "I had no idea"]),
    ("tag=ADVICE", ["The chat answered", "I had no idea"]),
    ("participant=P01", ["Paying was fine", "I had no idea"]),
    ("sentiment=positive", ["The chat answered"]),
    ("from=2026-03-10&to=2026-03-31", ["The chat answered"]),
    ("from=2026-03-10", ["Paying was fine", "The chat answered"]),
    ("tag=advice&participant=P01", ["I had no idea"]),
])
def test_filters_narrow_the_quotes(viewer_web, library, query, expected):
    shown = quotes_shown(ok(viewer_web, f"/w/alpha/quotes?{query}"))

    assert [next(e for e in expected if e in s) for s in shown] == expected
    assert len(shown) == len(expected)


def test_filtering_by_journey_and_by_step(viewer_web, library, make_map, add):
    other = make_map({"Pay the invoice": ["Open the invoice"]}, title="Pay without stress")
    add("quotes", text="The invoice was confusing", step_ids=[other.step("Open the invoice")])

    by_journey = quotes_shown(ok(viewer_web, f"/w/alpha/quotes?journey={other.id}"))
    by_step = quotes_shown(ok(viewer_web, f"/w/alpha/quotes?step={library.step('Ask in the chat')}"))
    all_of_plants = quotes_shown(ok(viewer_web, f"/w/alpha/quotes?journey={library.id}"))

    assert by_journey == ["“The invoice was confusing” — unattributed"]
    assert [s.split("”")[0] for s in by_step] == ["“The chat answered in a minute, brilliant"]
    assert len(all_of_plants) == 3


def test_the_filter_form_shows_the_chosen_filters_and_offers_a_way_back(viewer_web, library):
    tree = ok(viewer_web, "/w/alpha/quotes?tag=advice&sentiment=positive")

    form = tree.find("form", method="get")
    selected = {s.attrs["name"]: [o.attrs["value"] for o in s.find_all("option") if "selected" in o.attrs]
                for s in form.find_all("select")}
    assert selected["tag"] == ["advice"] and selected["sentiment"] == ["positive"]
    assert [a.attrs["href"] for a in tree.find_all("a") if a.text() == "Clear filters"] == ["/w/alpha/quotes"]
    assert "1 quote matches the filters" in tree.text()


def test_counts_per_tag_and_sentiment_follow_the_other_filters(viewer_web, library):
    everything = ok(viewer_web, "/w/alpha/quotes")
    of_p01 = ok(viewer_web, "/w/alpha/quotes?participant=P01")

    def counts(tree, list_id):
        return {li.find("a").text(): int(li.find("span", "count").text()) for li in tree.find("ul", id=list_id).find_all("li")}

    assert counts(everything, "tag-counts") == {"advice": 2, "checkout": 1, "light": 1}
    assert counts(everything, "sentiment-counts") == {"positive": 1, "negative": 1, "neutral": 1}
    assert counts(of_p01, "tag-counts") == {"advice": 1, "checkout": 1, "light": 1}
    assert "positive" not in counts(of_p01, "sentiment-counts")
    options = [o.text() for o in everything.find("select", id="tag").find_all("option")]
    assert options == ["Any tag", "advice (2)", "checkout (1)", "light (1)"]


def test_a_date_that_is_not_one_is_pointed_out_and_ignored(viewer_web, library):
    response = viewer_web.get("/w/alpha/quotes?from=yesterday")

    assert response.status_code == 200
    assert main(response).find("p", "error", id="from-error").text() == "Not a date: write it as 2026-12-07."
    assert len(quotes_shown(main(response))) == 3


def test_long_lists_are_paged_and_the_pages_keep_the_filters(viewer_web, add_many, team):
    add_many("quotes", [{"text": f"Quote number {n:02d}", "collected_on": f"2026-01-{n + 1:02d}", "tags": ["bulk"]}
                        for n in range(30)])

    first = ok(viewer_web, "/w/alpha/quotes?tag=bulk")
    next_link = first.find("a", rel="next").attrs["href"]
    second = ok(viewer_web, next_link)

    assert len(quotes_shown(first)) == 25 and len(quotes_shown(second)) == 5
    assert "tag=bulk" in next_link and "page=2" in next_link
    assert "Page 2 of 2" in second.text()
    assert quotes_shown(second)[-1].startswith("“Quote number 00”")


def test_narratives_and_jobs_have_their_own_lists(viewer_web, library):
    narratives = ok(viewer_web, "/w/alpha/narratives")
    jobs = ok(viewer_web, "/w/alpha/jobs")

    assert [h.text() for h in narratives.find_all("h2") if h.find_all("a")] == ["The dark flat"]
    assert "Told by P01, 2026-03-04" in narratives.text()
    job = jobs.find("li", "evidence-item").text()
    assert "When my flat is dark, I want to find plants that cope, so I can enjoy green without worry." in job
    assert "opportunity 8" in job


def test_an_empty_library_invites_an_editor_to_add_the_first_item(editor_web, viewer_web, team):
    assert "No quotes yet. Add the first one." in main_text(editor_web.get("/w/alpha/quotes"))
    assert "Add the first one" not in main_text(viewer_web.get("/w/alpha/quotes"))
    assert "No jobs to be done yet." in main_text(viewer_web.get("/w/alpha/jobs"))


def test_participants_are_listed_with_how_often_they_are_quoted(viewer_web, library):
    rows = ok(viewer_web, "/w/alpha/participants").find("table", id="participants").find("tbody").find_all("tr")

    assert [[c.text() for c in r.find_all("th") + r.find_all("td")] for r in rows] == [
        ["P01", "First-time owner", "interview", "", "2", "1"],
        ["P02", "Plant nerd", "interview", "", "1", "0"],
    ]
    assert rows[0].find_all("td")[3].find("a").attrs["href"] == "/w/alpha/quotes?participant=P01"


def test_participants_can_be_filtered_by_method(viewer_web, add_participant, team):
    add_participant("P01", method="survey")
    add_participant("P02", method="diary")

    rows = ok(viewer_web, "/w/alpha/participants?method=diary").find("tbody").find_all("tr")

    assert [r.find("th").text() for r in rows] == ["P02"]


def test_a_quote_s_page_is_titled_by_its_first_words(viewer_web, add):
    quote_id = add("quotes", text="Runs small, and the fabric feels thinner than the photos on the product page")
    tree = page(viewer_web.get(f"/quotes/{quote_id}"))
    assert tree.find("title").text() == "“Runs small, and the fabric feels thinner than the photos on…” · Alpha CX · InsightRepo"


def test_tags_without_items_in_scope_are_not_offered_as_filters(viewer_web, editor_web, library, add, session, team):
    from insightrepo.evidence import evidence
    gone = add("quotes", text="Size M was far too big", tags=["storlek"])
    evidence.delete_item(session, team.admin, evidence.KINDS["quotes"], gone)
    session.commit()

    def tag_options(tree):
        return [o.text() for o in tree.find("select", id="tag").find_all("option")]

    assert tag_options(ok(viewer_web, "/w/alpha/quotes")) == ["Any tag", "advice (2)", "checkout (1)", "light (1)"]
    assert tag_options(ok(viewer_web, "/w/alpha/quotes?sentiment=positive")) == ["Any tag", "advice (1)"]
    step = library.step("Search for easy plants")
    picker = ok(editor_web, f"/steps/{step}/evidence/link?kind=quotes&participant=P02")
    assert tag_options(picker) == ["Any tag", "advice (1)"]
    # a tag chosen by an old link stays chosen, so the form says what the list is filtered by
    assert tag_options(ok(viewer_web, "/w/alpha/quotes?tag=storlek")) == ["Any tag", "advice (2)", "checkout (1)",
                                                                      "light (1)", "storlek (0)"]


def test_the_library_numbers_its_pages_and_jumps_to_one(viewer_web, add_many):
    add_many("quotes", [{"text": f"Quote number {n:03d}", "collected_on": f"2026-01-{n % 28 + 1:02d}", "tags": ["bulk"]}
                        for n in range(130)])

    pager = ok(viewer_web, "/w/alpha/quotes?tag=bulk&page=3").find("nav", cls="pager")

    assert [li.text() for li in pager.find("ol").find_all("li")] == ["1", "2", "3", "4", "5", "6"]
    assert pager.find("a", aria_current="page").text() == "3"
    assert pager.find("a", aria_label="Page 6").attrs["href"] == "/w/alpha/quotes?tag=bulk&page=6"
    jump = pager.find("form", method="get")
    assert jump.attrs["action"] == "/w/alpha/quotes"
    assert [(i.attrs["name"], i.attrs["value"]) for i in jump.find_all("input", type="hidden")] == [("tag", "bulk")]
    assert jump.find("input", name="page").attrs["max"] == "6"
    last = ok(viewer_web, "/w/alpha/quotes?tag=bulk&page=6")
    assert len(quotes_shown(last)) == 5 and last.find("nav", cls="pager").find("a", aria_current="page").text() == "6"


def test_a_page_past_the_end_or_a_huge_one_says_so_and_links_to_the_last(viewer_web, add_many):
    add_many("quotes", [{"text": f"Quote number {n:03d}", "tags": ["bulk"]} for n in range(30)])

    for number in ("9", "99999999999999999999999"):
        response = viewer_web.get(f"/w/alpha/quotes?tag=bulk&page={number}")
        assert response.status_code == 200
        past = main(response).find("p", id="past-the-end")
        assert "past the last page (2)" in past.text()
        assert past.find("a").attrs["href"] == "/w/alpha/quotes?tag=bulk&page=2"
