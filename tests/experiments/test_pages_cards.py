"""What the team writes on an experiment's page after the numbers: the Learning Card, the quotes and
narratives behind it, and a verdict that can still be changed after the conclusion — with a reason
whenever it differs from what the numbers suggest."""

from __future__ import annotations

import pytest

from tests.experiments.page_helpers import definitions, field_error, flashes, main, ok, post_on_page, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def _version(client, experiment_id: str, form_action: str) -> str:
    tree = ok(client, f"/experiments/{experiment_id}")
    anchor = {"learning": "learning", "evidence": "evidence", "verdict": "change-verdict"}.get(form_action, "")
    form = tree.find("form", action=f"/experiments/{experiment_id}#{anchor}")  # the page's forms post back to it
    return form.find("input", name="version").attrs["value"]


# ---- the Learning Card ---------------------------------------------------------------------

def test_the_learning_card_is_saved_and_shown_beside_the_hypothesis(editor_web, session, supported):
    response = post_on_page(editor_web, supported, "learning", {
        "observed": "Complaints fell from 30 % to 10 %.\nMostly about broken pots.",
        "learned": "Seeing the plant first sets expectations.", "next": "Offer the video call to everyone.",
        "version": _version(editor_web, supported, "learning")})

    assert response.status_code == 302
    experiment = stored(session, supported)
    assert experiment.learning_next == "Offer the video call to everyone."
    shown = editor_web.get(f"/experiments/{supported}")
    assert flashes(shown) == ["The Learning Card is saved."]
    card = definitions(main(shown).find("section", "learning-card").find("dl"))
    assert card["We believed"].startswith("We believe that a video call to choose the plant will decrease")
    assert card["We observed"] == "Complaints fell from 30 % to 10 %. Mostly about broken pots."
    assert card["From that we learned"] == "Seeing the plant first sets expectations."
    assert card["Therefore, we will"] == "Offer the video call to everyone."


def test_the_learning_form_is_filled_with_what_is_saved(editor_web, session, log):
    experiment_id = log()
    post_on_page(editor_web, experiment_id, "learning", {"observed": "Calm customers", "learned": "", "next": "",
                                                     "version": _version(editor_web, experiment_id, "learning")})

    form = ok(editor_web, f"/experiments/{experiment_id}").find("form", action=f"/experiments/{experiment_id}#learning")

    assert form.find("textarea", name="observed").text() == "Calm customers"


def test_a_learning_card_from_a_stale_page_keeps_what_was_typed(editor_web, session, log, move):
    experiment_id = log()
    stale = _version(editor_web, experiment_id, "learning")
    move(experiment_id, "running")  # someone else started it meanwhile

    response = post_on_page(editor_web, experiment_id, "learning", {"observed": "My notes", "learned": "", "next": "",
                                                                "version": stale})

    assert response.status_code == 409
    learning = main(response).find("section", "learning-card")
    assert "Someone else changed this since you loaded it." in learning.find("div", "alert--error").text()
    assert learning.find("textarea", name="observed").text() == "My notes"
    assert "open" in learning.find("details").attrs
    assert stored(session, experiment_id).learning_observed == ""
    # saving again from that page (it now carries the current version) works
    again = post_on_page(editor_web, experiment_id, "learning", {
        "observed": "My notes", "learned": "", "next": "",
        "version": learning.find("input", name="version").attrs["value"]})
    assert again.status_code == 302 and stored(session, experiment_id).learning_observed == "My notes"


# ---- evidence ------------------------------------------------------------------------------

def test_quotes_and_narratives_of_the_target_steps_can_be_linked(editor_web, session, log, add_quote, add_narrative,
                                                                 plant_map):
    unpack = plant_map.step("Unpack the plants")
    quote = add_quote("The soil was everywhere", [unpack])
    add_quote("Paying was easy", [plant_map.step("Pay")])  # another step: not offered
    narrative = add_narrative("The unboxing evening", [unpack])
    experiment_id = log()
    form = ok(editor_web, f"/experiments/{experiment_id}").find("form", action=f"/experiments/{experiment_id}#evidence")
    assert [i.attrs["value"] for i in form.find_all("input", name="quote_ids")] == [quote]

    response = post_on_page(editor_web, experiment_id, "evidence", {
        "quote_ids": [quote], "narrative_ids": [narrative], "version": _version(editor_web, experiment_id, "evidence")})

    assert response.status_code == 302
    experiment = stored(session, experiment_id)
    assert experiment.quote_ids == [quote] and experiment.narrative_ids == [narrative]
    evidence = main(editor_web.get(f"/experiments/{experiment_id}")).find("section", id="evidence")
    assert "“The soil was everywhere”" in evidence.text() and "The unboxing evening" in evidence.text()


def test_unticking_every_quote_unlinks_them(editor_web, session, log, add_quote, plant_map):
    quote = add_quote("The soil was everywhere", [plant_map.step("Unpack the plants")])
    experiment_id = log(quote_ids=[quote])

    response = post_on_page(editor_web, experiment_id, "evidence",
                            {"version": _version(editor_web, experiment_id, "evidence")})

    assert response.status_code == 302 and stored(session, experiment_id).quote_ids == []


def test_a_quote_of_another_workspace_cannot_be_linked(editor_web, session, log, make_map, team):
    from insightrepo.evidence import evidence

    foreign = make_map({"Beställ": ["Betala"]}, title="Skapa ett grönt hem", slug="beta")
    theirs = evidence.create_item(session, team.outsider, evidence.QUOTES, "beta",
                                  {"text": "Hemligt", "step_ids": [foreign.step("Betala")]}).id
    session.commit()
    experiment_id = log()

    response = post_on_page(editor_web, experiment_id, "evidence",
                            {"quote_ids": [theirs], "version": _version(editor_web, experiment_id, "learning")})

    assert response.status_code == 422
    assert stored(session, experiment_id).quote_ids == []
    assert "Hemligt" not in response.get_data(as_text=True)


# ---- the verdict after the conclusion ------------------------------------------------------

def test_the_verdict_can_be_changed_after_the_conclusion_with_a_reason(editor_web, session, supported):
    reason = "A competitor's outage sent us their unhappy customers."

    response = post_on_page(editor_web, supported, "verdict", {"verdict": "inconclusive", "verdict_reason": reason,
                                                           "version": _version(editor_web, supported, "verdict")})

    assert response.status_code == 302
    experiment = stored(session, supported)
    assert (experiment.verdict, experiment.verdict_reason) == ("inconclusive", reason)
    tree = main(editor_web.get(f"/experiments/{supported}"))
    assert tree.find("div", id="team-verdict").find("p").text() == \
        "Our verdict: inconclusive. overrides the suggested “supported”"
    assert tree.find("span", "xbadge").text() == "inconclusive"


def test_a_changed_verdict_without_a_reason_is_refused_beside_the_reason(editor_web, session, supported):
    response = post_on_page(editor_web, supported, "verdict", {"verdict": "refuted", "verdict_reason": "",
                                                           "version": _version(editor_web, supported, "verdict")})

    assert response.status_code == 422
    tree = main(response)
    assert field_error(tree, "verdict_reason") == "the numbers suggest “supported”: say why the verdict is “refuted”"
    assert "open" in tree.find("div", id="team-verdict").find("details").attrs
    assert stored(session, supported).verdict == "supported"


def test_going_back_to_the_suggested_verdict_needs_no_reason(editor_web, session, supported):
    post_on_page(editor_web, supported, "verdict", {"verdict": "refuted", "verdict_reason": "Gut feeling",
                                                "version": _version(editor_web, supported, "verdict")})

    response = post_on_page(editor_web, supported, "verdict", {"verdict": "supported", "verdict_reason": "",
                                                           "version": _version(editor_web, supported, "verdict")})

    assert response.status_code == 302 and stored(session, supported).verdict == "supported"


def test_a_verdict_that_is_not_one_of_the_three_is_refused(editor_web, session, supported):
    response = post_on_page(editor_web, supported, "verdict", {"verdict": "maybe", "verdict_reason": "",
                                                           "version": _version(editor_web, supported, "verdict")})

    assert response.status_code == 422
    assert field_error(main(response), "verdict") == "Not a valid choice."
    assert stored(session, supported).verdict == "supported"


def test_evidence_chosen_on_a_stale_page_comes_back_as_ticked(editor_web, session, log, move, add_quote, plant_map):
    unpack = plant_map.step("Unpack the plants")
    first, second = (add_quote(text, [unpack]) for text in ("The soil was everywhere", "One pot was broken"))
    experiment_id = log(quote_ids=[first])
    stale = _version(editor_web, experiment_id, "evidence")
    move(experiment_id, "running")  # someone else started it meanwhile

    response = post_on_page(editor_web, experiment_id, "evidence", {"quote_ids": [second], "version": stale})

    assert response.status_code == 409
    evidence = main(response).find("section", id="evidence")
    assert "open" in evidence.find("details").attrs
    assert [i.attrs["value"] for i in evidence.find_all("input", name="quote_ids") if "checked" in i.attrs] == [second]
    assert stored(session, experiment_id).quote_ids == [first]
