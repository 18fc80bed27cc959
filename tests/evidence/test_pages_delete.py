"""Deleting evidence and participants asks first, on the one confirmation page, naming what goes
and what is unlinked; only that page's form (``confirmed=yes``) deletes, and the steps stay."""

from __future__ import annotations

import pytest

from insightrepo.models import Job, Participant, Quote, Step
from tests.evidence.page_helpers import main, main_text, ok, post, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def test_deleting_an_unlinked_quote_asks_too(editor_web, session, add):
    quote_id = add("quotes", text="Nothing special")

    asked = post(editor_web, f"/quotes/{quote_id}/delete", token_from=f"/quotes/{quote_id}")

    assert asked.status_code == 200
    assert main(asked).find("h1").text() == "Delete “Nothing special”?"
    assert stored(session, Quote, quote_id) is not None

    response = post(editor_web, f"/quotes/{quote_id}/delete", {"confirmed": "yes"}, token_from=f"/quotes/{quote_id}")

    assert response.status_code == 302 and response.headers["Location"] == "/w/alpha/quotes"
    assert stored(session, Quote, quote_id) is None
    assert "Deleted “Nothing special”." in main_text(editor_web.get("/w/alpha/quotes"))


def test_deleting_a_linked_quote_asks_first_naming_the_steps_it_supports(editor_web, session, add, plant_map):
    chat, pay = plant_map.step("Ask in the chat"), plant_map.step("Pay")
    quote_id = add("quotes", text="The chat saved me", step_ids=[chat, pay])

    asked = post(editor_web, f"/quotes/{quote_id}/delete", {"force": "yes"}, token_from=f"/quotes/{quote_id}")

    tree = main(asked)
    assert asked.status_code == 200
    assert tree.find("h1").text() == "Delete “The chat saved me”?"
    assert "It is linked to 2 steps, which lose it:" in tree.text()
    assert [a.text() for a in tree.find("ul", "supports").find_all("a")] == ["Ask in the chat", "Pay"]
    assert stored(session, Quote, quote_id) is not None

    confirmed = post(editor_web, f"/quotes/{quote_id}/delete", {"force": "yes", "confirmed": "yes"},
                     token_from=f"/quotes/{quote_id}/delete")

    assert confirmed.status_code == 302
    assert stored(session, Quote, quote_id) is None
    assert stored(session, Step, chat) is not None and stored(session, Step, pay) is not None
    assert "No quote supports this step yet" in main_text(editor_web.get(f"/steps/{chat}/evidence"))


def test_the_confirmation_page_can_be_opened_directly_and_kept(editor_web, session, add, plant_map):
    quote_id = add("quotes", text="Keep me", step_ids=[plant_map.step("Pay")])

    tree = ok(editor_web, f"/quotes/{quote_id}/delete")

    assert "It is linked to 1 step, which loses it:" in tree.text()
    assert [a.attrs["href"] for a in tree.find_all("a") if a.text() == "Cancel"] == [f"/quotes/{quote_id}"]
    assert stored(session, Quote, quote_id) is not None


def test_a_job_linked_only_to_a_phase_asks_too(editor_web, session, add, plant_map):
    job_id = add("jobs", situation="s", motivation="m", outcome="o", phase_ids=[plant_map.phase("Get the plants home")])

    asked = post(editor_web, f"/jobs/{job_id}/delete", token_from=f"/jobs/{job_id}")

    assert asked.status_code == 200
    assert "It is linked to 1 phase, which loses it:" in main_text(asked)
    assert "Get the plants home" in main(asked).find("ul", "supports").text()
    post(editor_web, f"/jobs/{job_id}/delete", {"force": "yes", "confirmed": "yes"}, token_from=f"/jobs/{job_id}")
    assert stored(session, Job, job_id) is None


def test_deleting_a_quoted_participant_asks_and_keeps_their_words_unattributed(editor_web, session, add, add_participant):
    participant_id = add_participant("P11")
    quote_id = add("quotes", text="I love the app", participant="P11")

    asked = post(editor_web, f"/participants/{participant_id}/delete", token_from=f"/participants/{participant_id}")

    assert asked.status_code == 200
    assert main(asked).find("h1").text() == "Delete participant P11?"
    assert "P11 is quoted 1 time; these stay, unattributed:" in main_text(asked)
    assert "I love the app" in main_text(asked)
    assert stored(session, Participant, participant_id) is not None

    post(editor_web, f"/participants/{participant_id}/delete", {"force": "yes", "confirmed": "yes"},
         token_from=f"/participants/{participant_id}")

    assert stored(session, Participant, participant_id) is None
    assert stored(session, Quote, quote_id).participant_id is None
    assert "— unattributed" in main_text(editor_web.get(f"/quotes/{quote_id}"))


def test_deleting_a_participant_nobody_quotes_asks_too(editor_web, session, add_participant):
    participant_id = add_participant("P12")

    asked = post(editor_web, f"/participants/{participant_id}/delete", token_from=f"/participants/{participant_id}")

    assert asked.status_code == 200 and "Delete participant P12?" in main_text(asked)
    assert stored(session, Participant, participant_id) is not None

    response = post(editor_web, f"/participants/{participant_id}/delete", {"confirmed": "yes"},
                    token_from=f"/participants/{participant_id}")

    assert response.headers["Location"] == "/w/alpha/participants"
    assert stored(session, Participant, participant_id) is None
