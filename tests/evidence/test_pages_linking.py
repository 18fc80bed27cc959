"""Linking evidence and steps from both sides, the step's evidence page with its unlink buttons,
and the evidence count on each step card of the map."""

from __future__ import annotations

import pytest

from insightrepo.models import Quote
from insightrepo.evidence import evidence
from tests.evidence.page_helpers import main, main_text, ok, post, quotes_shown, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def test_the_step_evidence_page_lists_quotes_narratives_and_jobs(viewer_web, add, add_participant, plant_map):
    chat = plant_map.step("Ask in the chat")
    add_participant("P03")
    add("quotes", text="The chat answered at once", participant="P03", collected_on="2026-03-01", step_ids=[chat])
    add("quotes", text="Nobody answered on Sunday", step_ids=[chat])
    add("quotes", text="Not about the chat", step_ids=[plant_map.step("Pay")])
    add("narratives", title="A Sunday without help", participant="P03", step_ids=[chat])
    add("jobs", situation="a plant looks ill", motivation="ask an expert", outcome="save it", step_ids=[chat])

    tree = ok(viewer_web, f"/steps/{chat}/evidence")

    assert tree.find("h1").text() == "Evidence for “Ask in the chat”"
    assert tree.find("p", id="evidence-summary").text() == "2 quotes · 1 narrative · 1 job to be done · 0 experiments"
    assert quotes_shown(tree.find("section", id="quotes")) == [
        "“The chat answered at once” — P03, 2026-03-01", "“Nobody answered on Sunday” — unattributed"]
    assert "A Sunday without help — told by P03" in tree.find("section", id="narratives").text()
    assert "When a plant looks ill, I want to ask an expert, so I can save it." in tree.find("section", id="jobs").text()
    back = tree.find("p", "breadcrumb").find("a").attrs["href"]
    assert back == f"/journeys/{plant_map.id}#step-{chat}"


def test_linking_existing_quotes_from_a_step(editor_web, session, add, plant_map):
    pay = plant_map.step("Pay")
    first = add("quotes", text="Card payment failed twice")
    second = add("quotes", text="Klarna was easy")
    add("quotes", text="Something else")

    picker = ok(editor_web, f"/steps/{pay}/evidence/link")
    shown = [label.text() for label in picker.find_all("label", "pick")]
    response = post(editor_web, f"/steps/{pay}/evidence/link?kind=quotes", {"item_ids": [first, second]},
                    token_from=f"/steps/{pay}/evidence/link")

    assert len(shown) == 3 and "“Klarna was easy” — unattributed" in shown
    assert response.headers["Location"] == f"/steps/{pay}/evidence"
    page = ok(editor_web, f"/steps/{pay}/evidence")
    assert "Linked to “Pay”: 2 quotes." in page.text()
    assert sorted(quotes_shown(page)) == ["“Card payment failed twice” — unattributed", "“Klarna was easy” — unattributed"]
    assert [s.title for s in stored(session, Quote, first).steps] == ["Pay"]


def test_what_is_already_linked_is_marked_in_the_picker(editor_web, add, plant_map):
    pay = plant_map.step("Pay")
    add("quotes", text="Already here", step_ids=[pay])

    label = ok(editor_web, f"/steps/{pay}/evidence/link").find("label", "pick")

    box = label.find("input")
    assert "already linked" in label.text()
    assert "checked" in box.attrs and "disabled" in box.attrs


def test_the_picker_filters_and_offers_narratives_and_jobs(editor_web, add, plant_map):
    pay = plant_map.step("Pay")
    add("quotes", text="About price", tags=["price"])
    add("quotes", text="About plants", tags=["plants"])
    add("narratives", title="Paying in a shop")
    job = add("jobs", situation="I pay", motivation="be quick", outcome="get on with my day")

    by_tag = ok(editor_web, f"/steps/{pay}/evidence/link?tag=price")
    narratives = ok(editor_web, f"/steps/{pay}/evidence/link?kind=narratives")
    post(editor_web, f"/steps/{pay}/evidence/link?kind=jobs", {"item_ids": [job]}, token_from=f"/steps/{pay}/evidence/link")

    assert [label.text() for label in by_tag.find_all("label", "pick")] == ["“About price” — unattributed"]
    assert [label.text() for label in narratives.find_all("label", "pick")] == ["Paying in a shop — told by unattributed"]
    assert "When I pay, I want to be quick" in ok(editor_web, f"/steps/{pay}/evidence").find("section", id="jobs").text()


def test_unlinking_from_the_step_keeps_the_quote_in_the_library(editor_web, session, add, plant_map):
    chat, pay = plant_map.step("Ask in the chat"), plant_map.step("Pay")
    quote_id = add("quotes", text="Slow answers", step_ids=[chat, pay])

    response = post(editor_web, f"/steps/{chat}/evidence/unlink", {"kind": "quotes", "item_id": quote_id},
                    token_from=f"/steps/{chat}/evidence")

    assert response.headers["Location"] == f"/steps/{chat}/evidence"
    page = ok(editor_web, f"/steps/{chat}/evidence")
    assert "it stays in the library" in page.text()
    assert quotes_shown(page) == []
    assert [s.title for s in stored(session, Quote, quote_id).steps] == ["Pay"]
    assert quotes_shown(ok(editor_web, "/w/alpha/quotes")) == ["“Slow answers” — unattributed"]


def test_every_kind_has_an_unlink_button_on_the_step_page(editor_web, add, plant_map):
    chat = plant_map.step("Ask in the chat")
    add("quotes", text="q", step_ids=[chat])
    add("narratives", title="n", step_ids=[chat])
    add("jobs", situation="s", motivation="m", outcome="o", step_ids=[chat])

    tree = ok(editor_web, f"/steps/{chat}/evidence")

    kinds = [f.find("input", type="hidden", name="kind").attrs["value"] for f in tree.find_all("form")
             if f.attrs.get("action") == f"/steps/{chat}/evidence/unlink"]
    assert kinds == ["quotes", "narratives", "jobs"]


def test_linking_steps_from_the_quote_edit_form_and_unticking_one(editor_web, session, add, plant_map):
    search, pay = plant_map.step("Search for easy plants"), plant_map.step("Pay")
    quote_id = add("quotes", text="Which plant is easy?", step_ids=[search])

    post(editor_web, f"/quotes/{quote_id}/edit", {"text": "Which plant is easy?", "language": "en",
                                              "step_ids": [pay], "version": "1"})

    assert [s.title for s in stored(session, Quote, quote_id).steps] == ["Pay"]
    assert quotes_shown(ok(editor_web, f"/steps/{search}/evidence")) == []
    assert quotes_shown(ok(editor_web, f"/steps/{pay}/evidence")) == ["“Which plant is easy?” — unattributed"]


def test_each_step_card_on_the_map_shows_its_evidence_count_linking_to_its_page(viewer_web, add, plant_map):
    chat, pay = plant_map.step("Ask in the chat"), plant_map.step("Pay")
    add("quotes", text="one", step_ids=[chat, pay])
    add("quotes", text="two", step_ids=[chat])
    add("narratives", title="three", step_ids=[chat])
    add("jobs", situation="s", motivation="m", outcome="o", step_ids=[chat])

    tree = ok(viewer_web, f"/journeys/{plant_map.id}")

    links = {th.find("span", "step__title").text(): (th.find("a", "evidence-count").text(),
                                                   th.find("a", "evidence-count").attrs["href"])
             for th in tree.find_all("th", "step") if th.find_all("a", "evidence-count")}
    assert links == {"Ask in the chat": ("4 evidence for Ask in the chat", f"/steps/{chat}/evidence"),
                     "Pay": ("1 evidence for Pay", f"/steps/{pay}/evidence")}
    # a step without evidence says so, with nothing to follow in read mode (issue 22: a 300-step map
    # carried 300 links to empty pages); edit mode links it, for adding some
    search = tree.find("th", id=f"step-{plant_map.step('Search for easy plants')}")
    assert search.find("span", "evidence-count").text() == "0 evidence"
    assert not search.find_all("a", "evidence-count")


def test_the_map_counts_follow_links_made_and_removed_elsewhere(editor_web, session, team, add, plant_map):
    pay = plant_map.step("Pay")
    quote_id = add("quotes", text="Expensive shipping")
    evidence.update_item(session, team.admin, evidence.QUOTES, quote_id, 1, {"step_ids": [pay]})
    session.commit()

    def pay_count():
        tree = ok(editor_web, f"/journeys/{plant_map.id}")
        return tree.find("th", id=f"step-{pay}").find(cls="evidence-count").text()

    assert pay_count() == "1 evidence for Pay"
    post(editor_web, f"/steps/{pay}/evidence/unlink", {"kind": "quotes", "item_id": quote_id}, token_from=f"/steps/{pay}/evidence")
    assert pay_count() == "0 evidence"


def test_a_step_without_evidence_invites_an_editor_to_add_some(editor_web, viewer_web, plant_map):
    pay = plant_map.step("Pay")

    mine = ok(editor_web, f"/steps/{pay}/evidence")
    theirs = ok(viewer_web, f"/steps/{pay}/evidence")

    assert [a.attrs["href"] for a in mine.find_all("a") if a.text() == "New quote for this step"] == \
        [f"/w/alpha/quotes/new?step={pay}"]
    assert "New quote for this step" not in theirs.text() and "Link existing evidence" not in theirs.text()
    assert "No quote supports this step yet" in main_text(editor_web.get(f"/steps/{pay}/evidence"))
    assert main(editor_web.get(f"/steps/{pay}/evidence/link")).find("h1").text() == "Link evidence to “Pay”"


def test_the_picker_finds_quotes_by_their_words_with_the_other_filters(editor_web, add, add_participant, plant_map):
    pay = plant_map.step("Pay")
    add_participant("P01")
    add("quotes", text="Card payment FAILED twice", participant="P01")
    add("quotes", text="The card was charged, then the payment failed", tags=["checkout"])
    add("quotes", text="Klarna was easy", participant="P01")

    def picked(query):
        return [label.text() for label in ok(editor_web, f"/steps/{pay}/evidence/link?kind=quotes&{query}")
                .find_all("label", "pick")]

    assert picked("q=failed+card") == ["“The card was charged, then the payment failed” — unattributed",
                                       "“Card payment FAILED twice” — P01"]
    assert picked("q=Failed&participant=P01") == ["“Card payment FAILED twice” — P01"]
    assert picked("q=50%25") == []  # a % is a character to find, not a wildcard
    form = ok(editor_web, f"/steps/{pay}/evidence/link?kind=quotes&q=klarna").find("form", method="get")
    assert form.find("input", name="q").attrs["value"] == "klarna"


def test_the_picker_has_numbered_pages_that_keep_the_search(editor_web, add_many, plant_map):
    pay = plant_map.step("Pay")
    add_many("quotes", [{"text": f"Parcel story {n:02d}", "collected_on": f"2026-01-{n % 28 + 1:02d}"} for n in range(60)]
             + [{"text": "Not about it"}])

    tree = ok(editor_web, f"/steps/{pay}/evidence/link?kind=quotes&q=parcel")
    pager = tree.find("nav", cls="pager")

    numbers = {a.text(): a.attrs["href"] for a in pager.find("ol").find_all("a")}
    assert list(numbers) == ["1", "2", "3"]
    assert "q=parcel" in numbers["3"] and "page=3" in numbers["3"] and "kind=quotes" in numbers["3"]
    assert pager.find("a", aria_current="page").text() == "1"
    assert not [f for f in tree.find_all("form", method="post") if f.find_all("nav")]  # no form inside a form
    jump = pager.find("form", method="get")
    assert {i.attrs["name"]: i.attrs.get("value") for i in jump.find_all("input", type="hidden")} == {
        "kind": "quotes", "q": "parcel"}
    third = ok(editor_web, numbers["3"])
    assert len(third.find_all("label", "pick")) == 10
    assert third.find("nav", cls="pager").find("a", aria_current="page").text() == "3"


def test_linking_from_a_search_hit_to_no_step_or_a_foreign_one_changes_nothing(editor_web, session, add, plant_map):
    quote = add("quotes", text="The parcel arrived crushed")
    action = f"/quotes/{quote}/link-to-step"

    empty = post(editor_web, action, {"step_id": "", "next": "/w/alpha/quotes"}, token_from="/w/alpha/quotes")
    assert empty.status_code == 302 and empty.headers["Location"] == "/w/alpha/quotes"
    assert "Choose a step to link it to." in main_text(editor_web.get("/w/alpha/quotes"))
    wrong = post(editor_web, action, {"step_id": "nope", "next": "https://evil.example/"}, token_from="/w/alpha/quotes")
    assert wrong.status_code == 302 and "evil" not in wrong.headers["Location"]
    assert "Not a valid choice" in main_text(editor_web.get(wrong.headers["Location"], follow_redirects=True))
    assert stored(session, Quote, quote).steps == []
