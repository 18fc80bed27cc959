"""Creating and editing quotes, narratives, jobs and participants in the browser, and what a
stale edit shows: the other person's version beside your kept changes."""

from __future__ import annotations

import pytest

from sqlalchemy import select

from insightrepo.models import Job, Narrative, Participant, Quote
from insightrepo.evidence import evidence, participants
from tests.evidence.page_helpers import main, main_text, ok, post, quotes_shown, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def quote_form(**fields) -> dict:
    return {"text": "", "participant": "", "collected_on": "", "source": "", "language": "en", "sentiment": "",
            "tags": "", **fields}


def _only(session, model):
    session.expire_all()
    [item] = session.scalars(select(model)).all()
    return item


def _value(tree, name: str) -> str | None:
    [control] = [n for n in tree.iter() if n.attrs.get("name") == name and n.tag in ("input", "textarea", "select")]
    if control.tag == "textarea":
        return control.text()
    if control.tag == "select":
        chosen = [o.attrs["value"] for o in control.find_all("option") if "selected" in o.attrs]
        return chosen[0] if chosen else None
    return control.attrs.get("value")


def _ticked(tree, name: str) -> list[str]:
    return [i.attrs["value"] for i in tree.find_all("input", type="checkbox") if i.attrs.get("name") == name
            and "checked" in i.attrs]


# ---- quotes ------------------------------------------------------------------------------

def test_a_new_quote_is_saved_and_its_page_shows_everything_about_it(editor_web, session, plant_map):
    chat, pay = plant_map.step("Ask in the chat"), plant_map.step("Pay")
    response = post(editor_web, "/w/alpha/quotes/new", quote_form(
        text="I just want someone to tell me it will live", participant="P07", collected_on="2026-03-04",
        source="interview 2026-03-04", sentiment="mixed", tags="advice, Trust", step_ids=[chat, pay]))

    quote = _only(session, Quote)
    assert response.status_code == 302 and response.headers["Location"] == f"/quotes/{quote.id}"
    tree = ok(editor_web, f"/quotes/{quote.id}")
    assert quotes_shown(tree) == ["“I just want someone to tell me it will live” — P07, 2026-03-04, interview 2026-03-04"]
    facts = dict(zip([d.text() for d in tree.find_all("dt")], [d.text() for d in tree.find_all("dd")]))
    assert facts["Participant"] == "P07" and facts["Sentiment"] == "mixed" and facts["Tags"] == "advice Trust"
    supports = tree.find("ul", "supports")
    links = [(a.text(), a.attrs["href"]) for li in supports.find_all("li") for a in li.find_all("a")[:1]]
    assert links == [("Ask in the chat", f"/journeys/{plant_map.id}#step-{chat}"),
                     ("Pay", f"/journeys/{plant_map.id}#step-{pay}")]
    assert "Create a thriving home › Find plants that suit me" in supports.text()
    assert session.scalar(select(Participant.code)) == "P07"  # a new code adds a participant


def test_the_quote_form_offers_the_steps_grouped_by_journey_and_phase(editor_web, plant_map, make_map):
    make_map({"Get the invoice": ["Open the e-mail"]}, title="Pay without stress")

    tree = ok(editor_web, "/w/alpha/quotes/new")

    picker = tree.find("fieldset", id="step-picker")
    groups = {d.find("summary").text().split(" ·")[0]: {f.find("legend").text(): [lab.text() for lab in f.find_all("label")]
                                                       for f in d.find_all("fieldset")}
              for d in picker.find_all("details")}
    assert groups == {
        "Create a thriving home": {"Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
                                   "Get the plants home": ["Pay", "Unpack the plants"]},
        "Pay without stress": {"Get the invoice": ["Open the e-mail"]},
    }
    assert _value(tree, "language") == "en"  # the workspace's language


def test_a_quote_without_words_is_refused_next_to_the_field(editor_web, session, plant_map):
    response = post(editor_web, "/w/alpha/quotes/new", quote_form(text="   ", participant="P01"))

    tree = main(response)
    assert response.status_code == 200
    assert tree.find("p", "error", id="text-error").text() == "This field is required."
    assert _value(tree, "participant") == "P01"
    assert session.scalars(select(Quote)).all() == []


def test_a_date_that_is_not_one_is_refused(editor_web, session):
    response = post(editor_web, "/w/alpha/quotes/new", quote_form(text="Fine", collected_on="31/02/2026"))

    assert main(response).find("p", "error", id="collected_on-error").text() == "Not a date: write it as 2026-12-07."
    assert session.scalars(select(Quote)).all() == []


def test_editing_a_quote_starts_from_what_is_stored_and_saves_the_changes(editor_web, session, add, plant_map):
    chat = plant_map.step("Ask in the chat")
    quote_id = add("quotes", text="Slow chat", participant="P02", tags=["chat"], step_ids=[chat], sentiment="negative")

    form = ok(editor_web, f"/quotes/{quote_id}/edit")
    assert (_value(form, "text"), _value(form, "participant"), _value(form, "tags"), _value(form, "sentiment")) == \
        ("Slow chat", "P02", "chat", "negative")
    assert _ticked(form, "step_ids") == [chat]

    response = post(editor_web, f"/quotes/{quote_id}/edit", quote_form(
        text="The chat was slow, so I gave up", participant="P02", tags="chat, waiting", sentiment="negative",
        step_ids=[chat, plant_map.step("Pay")], version=_value(form, "version")))

    assert response.headers["Location"] == f"/quotes/{quote_id}"
    quote = stored(session, Quote, quote_id)
    assert quote.text == "The chat was slow, so I gave up" and quote.tag_names == ["chat", "waiting"]
    assert {s.title for s in quote.steps} == {"Ask in the chat", "Pay"}
    assert "Quote saved." in main_text(editor_web.get(f"/quotes/{quote_id}"))


def test_a_stale_edit_shows_their_version_and_keeps_mine(editor_web, session, team, add):
    quote_id = add("quotes", text="Original words", participant="P01")
    form = ok(editor_web, f"/quotes/{quote_id}/edit")
    evidence.update_item(session, team.admin, evidence.QUOTES, quote_id, 1, {"text": "Their correction"})
    session.commit()

    response = post(editor_web, f"/quotes/{quote_id}/edit", quote_form(text="My correction", participant="P01",
                                                                  version=_value(form, "version")))

    tree = main(response)
    assert response.status_code == 409
    assert "Someone changed this quote while you were editing" in tree.find("div", id="stale").text()
    assert "“Their correction”" in tree.find("dl", "theirs").text()
    assert _value(tree, "text") == "My correction"
    assert stored(session, Quote, quote_id).text == "Their correction"

    again = post(editor_web, f"/quotes/{quote_id}/edit", quote_form(text="My correction", participant="P01",
                                                               version=_value(tree, "version")))
    assert again.status_code == 302
    assert stored(session, Quote, quote_id).text == "My correction"


def test_a_new_quote_from_a_step_is_already_linked_and_leads_back_to_the_step(editor_web, session, plant_map):
    chat = plant_map.step("Ask in the chat")

    form = ok(editor_web, f"/w/alpha/quotes/new?step={chat}")
    response = post(editor_web, f"/w/alpha/quotes/new?step={chat}",
                    quote_form(text="Nobody answered", participant="P03", step_ids=_ticked(form, "step_ids")))

    assert _ticked(form, "step_ids") == [chat]
    assert response.headers["Location"] == f"/steps/{chat}/evidence"
    assert quotes_shown(ok(editor_web, f"/steps/{chat}/evidence")) == ["“Nobody answered” — P03"]


# ---- narratives ---------------------------------------------------------------------------

def test_a_narrative_is_written_in_markdown_and_shown_rendered(editor_web, session, plant_map):
    response = post(editor_web, "/w/alpha/narratives/new", {
        "title": "Moving north", "participant": "P04", "told_on": "2026-02-01", "tags": "light",
        "body": "She moved **north**.\n\n- a fern\n- a cactus\n\n> It just died.",
        "step_ids": [plant_map.step("Search for easy plants")]})

    narrative = _only(session, Narrative)
    assert response.headers["Location"] == f"/narratives/{narrative.id}"
    tree = ok(editor_web, f"/narratives/{narrative.id}")
    body = tree.find("article", "narrative-body")
    assert body.find("strong").text() == "north"
    assert [li.text() for li in body.find_all("li")] == ["a fern", "a cactus"]
    assert body.find("blockquote").text() == "It just died."
    assert tree.find("h1").text() == "Moving north"
    assert "Told by P04 on 2026-02-01" in tree.text()


def test_editing_a_narrative_and_a_stale_one(editor_web, session, team, add):
    narrative_id = add("narratives", title="Old title", body="Body")
    form = ok(editor_web, f"/narratives/{narrative_id}/edit")
    assert (_value(form, "title"), _value(form, "body")) == ("Old title", "Body")
    evidence.update_item(session, team.admin, evidence.NARRATIVES, narrative_id, 1, {"title": "Their title"})
    session.commit()

    stale = post(editor_web, f"/narratives/{narrative_id}/edit", {"title": "My title", "body": "Body", "version": "1"})

    assert stale.status_code == 409 and "Their title" in main(stale).find("dl", "theirs").text()
    saved = post(editor_web, f"/narratives/{narrative_id}/edit",
                 {"title": "My title", "body": "Body", "version": _value(main(stale), "version")})
    assert saved.status_code == 302 and stored(session, Narrative, narrative_id).title == "My title"


# ---- jobs ---------------------------------------------------------------------------------

def test_a_job_reads_as_when_i_want_to_so_i_can_with_its_opportunity_score(editor_web, session, plant_map):
    response = post(editor_web, "/w/alpha/jobs/new", {
        "situation": "I move to a darker flat", "motivation": "know which plants will cope",
        "outcome": "keep my home green", "importance": "5", "satisfaction": "2", "tags": "light",
        "step_ids": [plant_map.step("Search for easy plants")],
        "phase_ids": [plant_map.phase("Find plants that suit me")]})

    job = _only(session, Job)
    assert response.headers["Location"] == f"/jobs/{job.id}"
    tree = ok(editor_web, f"/jobs/{job.id}")
    assert tree.find("p", "job-statement").text() == \
        "When I move to a darker flat, I want to know which plants will cope, so I can keep my home green."
    assert tree.find("dd", id="opportunity").text().startswith("8 ")
    assert "Find plants that suit me" in [a.text() for a in tree.find_all("a")]


def test_a_job_without_ratings_has_no_opportunity_score_and_bad_ratings_are_refused(editor_web, session):
    post(editor_web, "/w/alpha/jobs/new", {"situation": "s", "motivation": "m", "outcome": "o",
                                       "importance": "", "satisfaction": ""})
    job = _only(session, Job)
    assert "needs importance and satisfaction" in main_text(editor_web.get(f"/jobs/{job.id}"))

    refused = post(editor_web, f"/jobs/{job.id}/edit", {"situation": "s", "motivation": "m", "outcome": "o",
                                                    "importance": "9", "version": "1"})
    assert main(refused).find("p", "error", id="importance-error").text() == "Not a valid choice."
    assert stored(session, Job, job.id).importance is None


def test_editing_a_job_keeps_its_phases_ticked(editor_web, session, add, plant_map):
    phase = plant_map.phase("Get the plants home")
    job_id = add("jobs", situation="s", motivation="m", outcome="o", importance=3, phase_ids=[phase])

    form = ok(editor_web, f"/jobs/{job_id}/edit")

    assert _ticked(form, "phase_ids") == [phase]
    assert _value(form, "importance") == "3"


# ---- participants -------------------------------------------------------------------------

def test_adding_editing_and_a_duplicate_participant(editor_web, session):
    response = post(editor_web, "/w/alpha/participants/new", {"code": "P09", "segment": "Student", "method": "diary",
                                                          "interviewed_on": "2026-01-15", "note": ""})
    participant = _only(session, Participant)
    assert response.headers["Location"] == f"/participants/{participant.id}"
    assert "Student" in main_text(editor_web.get(f"/participants/{participant.id}"))

    duplicate = post(editor_web, "/w/alpha/participants/new", {"code": "p09", "method": "interview"})
    assert main(duplicate).find("p", "error", id="code-error").text() == "already exists"

    post(editor_web, f"/participants/{participant.id}/edit", {"code": "P09", "segment": "Retired", "method": "survey",
                                                          "version": "1"})
    assert stored(session, Participant, participant.id).segment == "Retired"


def test_a_stale_participant_edit_shows_their_version(editor_web, session, team, add_participant):
    participant_id = add_participant("P10", segment="A")
    participants.update_participant(session, team.admin, participant_id, 1, {"segment": "Theirs"})
    session.commit()

    response = post(editor_web, f"/participants/{participant_id}/edit",
                    {"code": "P10", "segment": "Mine", "method": "interview", "version": "1"})

    assert response.status_code == 409
    assert "Theirs" in main(response).find("dl", "theirs").text()
    assert _value(main(response), "segment") == "Mine"


def test_a_participant_page_lists_their_quotes_and_stories(viewer_web, add):
    add("quotes", text="Too expensive", participant="P05")
    add("narratives", title="A long week", participant="P05")

    tree = ok(viewer_web, "/w/alpha/participants")
    link = tree.find("tbody").find("a").attrs["href"]
    person = ok(viewer_web, link)

    assert quotes_shown(person) == ["“Too expensive” — P05"]
    assert "A long week" in person.text()
