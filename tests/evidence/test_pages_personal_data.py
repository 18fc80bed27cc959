"""Personal data in customer words: saving warns first and offers to mask it or keep it; the
quote's (and narrative's) page shows the same warning."""

from __future__ import annotations

import pytest

from sqlalchemy import select

from insightrepo.models import Narrative, Quote
from tests.evidence.page_helpers import main, main_text, ok, post, quotes_shown, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases

WORDS = "Mail me at anna.svensson@example.se or call 070-123 45 67, my number is 19900101-1234"


def _quotes(session) -> list[str]:
    session.expire_all()
    return [q.text for q in session.scalars(select(Quote))]


def test_saving_a_quote_with_personal_data_warns_first_and_saves_nothing(editor_web, session):
    response = post(editor_web, "/w/alpha/quotes/new", {"text": WORDS, "language": "en", "participant": "P01"})

    warning = main(response).find("div", id="personal-data")
    assert response.status_code == 200
    assert ("looks like it contains personal data: an e-mail address, a personal identity number, a phone number"
            in warning.text())
    assert [b.text() for b in warning.find_all("button")] == ["Mask and save", "Save as it is"]
    assert _quotes(session) == []


def test_mask_and_save_replaces_each_finding(editor_web, session):
    response = post(editor_web, "/w/alpha/quotes/new", {"text": WORDS, "language": "en", "personal_data": "mask"})

    assert response.status_code == 302
    assert _quotes(session) == ["Mail me at [removed] or call [removed], my number is [removed]"]
    assert "personal data" not in main_text(editor_web.get(response.headers["Location"]))


def test_save_as_it_is_keeps_the_words_and_the_quote_page_still_warns(editor_web, session):
    response = post(editor_web, "/w/alpha/quotes/new", {"text": "Write to me: bo@example.org", "language": "en",
                                                    "personal_data": "keep"})

    assert _quotes(session) == ["Write to me: bo@example.org"]
    tree = ok(editor_web, response.headers["Location"])
    assert "This quote looks like it contains personal data: an e-mail address." in tree.find("div", id="personal-data").text()


def test_the_quote_page_offers_editors_to_mask_it_there(editor_web, viewer_web, session, add):
    quote_id = add("quotes", text="Call me on +46 70 123 45 67 please")

    assert "Mask it now" not in ok(viewer_web, f"/quotes/{quote_id}").text()
    assert "a phone number" in ok(viewer_web, f"/quotes/{quote_id}").find("div", id="personal-data").text()
    response = post(editor_web, f"/quotes/{quote_id}/mask", {"version": "1"}, token_from=f"/quotes/{quote_id}")

    assert response.headers["Location"] == f"/quotes/{quote_id}"
    assert stored(session, Quote, quote_id).text == "Call me on [removed] please"
    tree = ok(editor_web, f"/quotes/{quote_id}")
    assert quotes_shown(tree) == ["“Call me on [removed] please” — unattributed"]
    assert not tree.find_all("div", id="personal-data")


def test_editing_into_personal_data_warns_too_and_keeps_the_edit_in_the_form(editor_web, session, add):
    quote_id = add("quotes", text="Clean words")

    response = post(editor_web, f"/quotes/{quote_id}/edit", {"text": "Clean words, anna@example.se", "language": "en",
                                                         "version": "1"})

    assert "an e-mail address" in main(response).find("div", id="personal-data").text()
    assert main(response).find("textarea", id="text").text() == "Clean words, anna@example.se"
    assert stored(session, Quote, quote_id).text == "Clean words"


def test_a_narrative_body_with_personal_data_warns_and_can_be_masked(editor_web, session):
    form = {"title": "A hard week", "body": "She gave me her number, 08-123 456 78, and asked for a call back."}

    warned = post(editor_web, "/w/alpha/narratives/new", form)
    masked = post(editor_web, "/w/alpha/narratives/new", {**form, "personal_data": "mask"})

    assert "a phone number" in main(warned).find("div", id="personal-data").text()
    assert masked.status_code == 302
    session.expire_all()
    assert [n.body for n in session.scalars(select(Narrative))] == [
        "She gave me her number, [removed], and asked for a call back."]


def test_dates_and_prices_are_not_taken_for_personal_data(editor_web, session):
    response = post(editor_web, "/w/alpha/quotes/new", {"text": "On 2026-03-04 I paid 1 299 kr for three plants",
                                                    "language": "en"})

    assert response.status_code == 302
    assert _quotes(session) == ["On 2026-03-04 I paid 1 299 kr for three plants"]
