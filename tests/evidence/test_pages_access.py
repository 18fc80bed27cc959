"""Who sees and changes what: viewers read everything but see no edit controls and get 403 on
every change; a member of another workspace learns nothing (404); strangers must sign in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from insightrepo.models import Job, Narrative, Participant, Quote, Tag
from tests.conftest import csrf_token_from
from tests.evidence.page_helpers import main, ok, post_forms

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


@pytest.fixture
def things(add, add_participant, plant_map):
    """One of everything in alpha, linked to a step."""
    chat = plant_map.step("Ask in the chat")
    participant = add_participant("P01")
    return {
        "quote": add("quotes", text="Lovely", participant="P01", tags=["joy"], step_ids=[chat]),
        "narrative": add("narratives", title="Story", participant="P01", step_ids=[chat]),
        "job": add("jobs", situation="s", motivation="m", outcome="o", step_ids=[chat]),
        "participant": participant, "step": chat, "journey": plant_map.id,
    }


def _pages(t) -> list[str]:
    return ["/w/alpha/quotes", "/w/alpha/narratives", "/w/alpha/jobs", "/w/alpha/participants", "/w/alpha/tags",
            f"/quotes/{t['quote']}", f"/narratives/{t['narrative']}", f"/jobs/{t['job']}",
            f"/participants/{t['participant']}", f"/steps/{t['step']}/evidence"]


def _edit_pages(t) -> list[str]:
    return ["/w/alpha/quotes/new", "/w/alpha/narratives/new", "/w/alpha/jobs/new", "/w/alpha/participants/new",
            f"/quotes/{t['quote']}/edit", f"/narratives/{t['narrative']}/edit", f"/jobs/{t['job']}/edit",
            f"/participants/{t['participant']}/edit", f"/quotes/{t['quote']}/delete",
            f"/participants/{t['participant']}/delete", f"/steps/{t['step']}/evidence/link"]


def _posts(t) -> list[tuple[str, dict]]:
    return [
        ("/w/alpha/quotes/new", {"text": "Sneaky", "language": "en"}),
        ("/w/alpha/narratives/new", {"title": "Sneaky"}),
        ("/w/alpha/jobs/new", {"situation": "s", "motivation": "m", "outcome": "Sneaky"}),
        ("/w/alpha/participants/new", {"code": "P99", "method": "interview"}),
        (f"/quotes/{t['quote']}/edit", {"text": "Sneaky", "language": "en", "version": "1"}),
        (f"/narratives/{t['narrative']}/edit", {"title": "Sneaky", "version": "1"}),
        (f"/jobs/{t['job']}/edit", {"situation": "s", "motivation": "m", "outcome": "Sneaky", "version": "1"}),
        (f"/participants/{t['participant']}/edit", {"code": "P98", "method": "interview", "version": "1"}),
        (f"/quotes/{t['quote']}/delete", {"force": "yes", "confirmed": "yes"}),
        (f"/narratives/{t['narrative']}/delete", {"force": "yes", "confirmed": "yes"}),
        (f"/jobs/{t['job']}/delete", {"force": "yes", "confirmed": "yes"}),
        (f"/participants/{t['participant']}/delete", {"force": "yes", "confirmed": "yes"}),
        (f"/quotes/{t['quote']}/mask", {"version": "1"}),
        (f"/steps/{t['step']}/evidence/unlink", {"kind": "quotes", "item_id": t["quote"]}),
        (f"/steps/{t['step']}/evidence/link?kind=quotes", {"item_ids": [t["quote"]]}),
        ("/w/alpha/tags/rename", {"old": "joy", "name": "Sneaky"}),
        ("/w/alpha/tags/merge", {"sources": ["joy"], "into": "Sneaky"}),
    ]


def _unchanged(session) -> None:
    session.expire_all()
    assert [q.text for q in session.scalars(select(Quote))] == ["Lovely"]
    assert [n.title for n in session.scalars(select(Narrative))] == ["Story"]
    assert [j.outcome for j in session.scalars(select(Job))] == ["o"]
    assert [p.code for p in session.scalars(select(Participant))] == ["P01"]
    assert [t.name for t in session.scalars(select(Tag))] == ["joy"]
    assert len(session.scalars(select(Quote)).one().steps) == 1


def test_a_viewer_reads_every_page_but_sees_no_edit_controls(viewer_web, things):
    for url in _pages(things):
        tree = ok(viewer_web, url)
        assert post_forms(tree) == [], url
        edit_links = ("New ", "Edit", "Link existing", "Import")
        assert not [a for a in tree.find_all("a") if a.text().startswith(edit_links)], url
    assert ok(viewer_web, f"/journeys/{things['journey']}").find("a", "evidence-count")  # the count is for everyone


def test_a_viewer_gets_403_on_the_edit_pages(viewer_web, things):
    for url in _edit_pages(things):
        assert viewer_web.get(url).status_code == 403, url


def test_a_viewer_gets_403_on_every_change_and_nothing_changes(viewer_web, session, things):
    token = csrf_token_from(viewer_web.get("/w/alpha/quotes").get_data(as_text=True))
    for url, data in _posts(things):
        response = viewer_web.post(url, data={**data, "csrf_token": token})
        assert response.status_code == 403, url
    _unchanged(session)


def test_an_editor_sees_the_edit_controls(editor_web, things):
    quote = ok(editor_web, f"/quotes/{things['quote']}")
    step = ok(editor_web, f"/steps/{things['step']}/evidence")
    library = ok(editor_web, "/w/alpha/quotes")

    assert {a.text(): a.attrs["href"] for a in library.find("header").find_all("a", "button")} == {
        "Import from CSV": "/w/alpha/quotes/import", "New quote": "/w/alpha/quotes/new"}

    assert post_forms(quote) == [f"/quotes/{things['quote']}/delete"]
    assert [a.attrs["href"] for a in quote.find_all("a", "button")] == [f"/quotes/{things['quote']}/edit"]
    assert len(post_forms(step)) == 3


def test_a_member_of_another_workspace_gets_404_everywhere(outsider_web, things):
    for url in _pages(things) + _edit_pages(things):
        response = outsider_web.get(url)
        assert response.status_code == 404, url
        assert "Lovely" not in response.get_data(as_text=True)


def test_a_member_of_another_workspace_changes_nothing(outsider_web, session, things):
    token = csrf_token_from(outsider_web.get("/w/beta/").get_data(as_text=True))
    for url, data in _posts(things):
        response = outsider_web.post(url, data={**data, "csrf_token": token})
        assert response.status_code == 404, url
    _unchanged(session)


def test_evidence_of_another_workspace_cannot_be_linked_to_my_step(editor_web, session, add, make_map, things):
    foreign = make_map({"Beställ": ["Betala"]}, title="Skapa ett grönt hem", slug="beta")
    theirs = add("quotes", slug="beta", text="Hemligt", step_ids=[foreign.step("Betala")])

    token = csrf_token_from(editor_web.get("/w/alpha/quotes").get_data(as_text=True))
    response = editor_web.post(f"/steps/{things['step']}/evidence/link?kind=quotes",
                           data={"item_ids": [theirs], "csrf_token": token})

    assert response.status_code in (403, 404)
    assert "Hemligt" not in ok(editor_web, f"/steps/{things['step']}/evidence").text()


def test_the_step_picker_never_offers_another_workspaces_steps(editor_web, make_map, things):
    make_map({"Beställ": ["Betala"]}, title="Skapa ett grönt hem", slug="beta")

    picker = ok(editor_web, "/w/alpha/quotes/new").find("fieldset", id="step-picker")

    assert "Betala" not in picker.text() and "Ask in the chat" in picker.text()


def test_strangers_are_sent_to_sign_in(client, things):
    for url in _pages(things)[:6]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_the_library_of_another_workspace_is_not_found(outsider_web, things):
    assert outsider_web.get("/w/alpha/quotes").status_code == 404
    assert main(outsider_web.get("/w/alpha/quotes")).find("h1").text() == "Not found"
