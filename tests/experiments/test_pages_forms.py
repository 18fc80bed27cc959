"""Logging an experiment and editing it in the browser: the steps come from the picker, a
proportion's minimum effect is typed in percentage points, bad input is named beside its field
and saves nothing, and two tabs editing the same experiment do not lose anyone's work."""

from __future__ import annotations

import pytest

from tests.experiments.page_helpers import MEAN, days_ago
from tests.experiments.page_helpers import (
    experiment_titles,
    field_error,
    flashes,
    main,
    ok,
    post,
    selected,
    stored,
)

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases

NEW = "/w/alpha/experiments/new"


def form(**fields) -> dict:
    """What the form sends for a sound proportion experiment, with ``fields`` changed."""
    return {"title": "Choose your own plant by video", "solution": "a video call to choose the plant",
            "step_ids": [], "job_id": "", "metric_name": "share of deliveries with a complaint",
            "metric_kind": "proportion", "metric_unit": "", "direction": "decrease", "minimum_effect": "3",
            "design": "before_after", "owner": "Team Unboxing", "criterion": "", "hypothesis": "", **fields}


def _value(tree, name: str) -> str:
    [control] = [n for n in tree.iter() if n.attrs.get("name") == name and n.tag in ("input", "textarea")]
    return control.text() if control.tag == "textarea" else control.attrs.get("value") or ""


def test_an_experiment_logged_through_the_form_is_a_draft_on_the_chosen_steps(editor_web, session, plant_map):
    unpack, pay = plant_map.step("Unpack the plants"), plant_map.step("Pay")

    response = post(editor_web, NEW, form(step_ids=[unpack, pay]))

    experiment_id = response.headers["Location"].rsplit("/", 1)[-1]
    experiment = stored(session, experiment_id)
    assert response.status_code == 302 and response.headers["Location"] == f"/experiments/{experiment_id}"
    assert experiment.status == "draft" and experiment.owner == "Team Unboxing"
    assert sorted(experiment.step_ids) == sorted([unpack, pay])
    assert experiment.minimum_effect == pytest.approx(0.03)  # typed as 3 percentage points
    shown = editor_web.get(response.headers["Location"])
    assert flashes(shown) == ["Experiment logged as a draft. Add a baseline measurement, then start it."]
    assert main(shown).find("h1").text() == "Choose your own plant by video"


def test_a_means_minimum_effect_is_kept_in_its_unit(editor_web, session, plant_map):
    response = post(editor_web, NEW, form(metric_name="satisfaction", metric_kind="mean", metric_unit="points",
                                      direction="increase", minimum_effect="0.3",
                                      step_ids=[plant_map.step("Pay")]))

    experiment = stored(session, response.headers["Location"].rsplit("/", 1)[-1])
    assert experiment.minimum_effect == pytest.approx(0.3) and experiment.metric_unit == "points"


def test_a_means_minimum_effect_may_be_above_100(editor_web, session, plant_map):
    response = post(editor_web, NEW, form(metric_name="time to unpack", metric_kind="mean", metric_unit="seconds",
                                      minimum_effect="120", step_ids=[plant_map.step("Pay")]))

    assert response.status_code == 302
    assert stored(session, response.headers["Location"].rsplit("/", 1)[-1]).minimum_effect == 120


def test_the_picker_offers_every_step_and_a_step_link_preselects_it(editor_web, plant_map):
    unpack = plant_map.step("Unpack the plants")

    plain = ok(editor_web, NEW)
    from_step = ok(editor_web, f"{NEW}?step={unpack}")

    picker = plain.find("fieldset", id="step-picker")
    assert [label.text() for label in picker.find_all("label")] == [
        "Search for easy plants", "Ask in the chat", "Pay", "Unpack the plants"]
    assert selected(plain, "step_ids") == []
    assert selected(from_step, "step_ids") == [unpack]


def test_the_picker_never_offers_another_workspaces_steps(editor_web, make_map, plant_map):
    make_map({"Beställ": ["Betala"]}, title="Skapa ett grönt hem", slug="beta")

    picker = ok(editor_web, NEW).find("fieldset", id="step-picker")

    assert "Betala" not in picker.text()


@pytest.mark.parametrize("fields, field_id, message", [
    ({"title": "  "}, "title", "This field is required."),
    ({"step_ids": []}, "step_ids", "an experiment targets at least one journey step"),
    ({"metric_name": ""}, "metric_name", "This field is required."),
    ({"minimum_effect": "-2"}, "minimum_effect", "Number must be at least 0."),
    ({"minimum_effect": "a lot"}, "minimum_effect", "Enter a number, like 3 or 0.5."),
    ({"minimum_effect": "NaN"}, "minimum_effect", "Enter a number, like 3 or 0.5."),
    ({"minimum_effect": "sNaN"}, "minimum_effect", "Enter a number, like 3 or 0.5."),  # was a 500
    ({"minimum_effect": "-Infinity"}, "minimum_effect", "Enter a number, like 3 or 0.5."),
    ({"minimum_effect": "150"}, "minimum_effect", "in percentage points, from 0 to 100 (3 = 3 pp)"),
    ({"metric_kind": "guesswork"}, "metric_kind", "Not a valid choice."),
])
def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(editor_web, session, plant_map, fields, field_id,
                                                                   message):
    data = form(step_ids=[plant_map.step("Pay")])
    data.update(fields)

    response = post(editor_web, NEW, data)

    assert response.status_code == 200
    assert message in field_error(main(response), field_id)
    assert experiment_titles(session) == []


def test_a_refused_form_keeps_what_was_typed(editor_web, plant_map):
    pay = plant_map.step("Pay")

    tree = main(post(editor_web, NEW, form(title="", solution="Plant passport", minimum_effect="2.5", step_ids=[pay])))

    assert _value(tree, "solution") == "Plant passport"
    assert _value(tree, "minimum_effect") == "2.5"
    assert selected(tree, "step_ids") == [pay]
    assert selected(tree, "direction") == ["decrease"]


def test_a_steps_id_from_another_workspace_is_refused(editor_web, session, make_map, plant_map):
    foreign = make_map({"Beställ": ["Betala"]}, title="Skapa ett grönt hem", slug="beta")

    response = post(editor_web, NEW, form(step_ids=[foreign.step("Betala")]))

    assert response.status_code == 200
    assert "in this workspace" in field_error(main(response), "step_ids")
    assert experiment_titles(session) == []


# ---- editing -------------------------------------------------------------------------------

def test_the_edit_form_shows_the_minimum_effect_in_percentage_points_and_saves_changes(editor_web, session, log):
    experiment_id = log(minimum_effect=0.03)
    edit = f"/experiments/{experiment_id}/edit"

    assert _value(ok(editor_web, edit), "minimum_effect") == "3"

    tree = ok(editor_web, edit)
    response = post(editor_web, edit, form(title="Video choice", minimum_effect="4", step_ids=selected(tree, "step_ids"),
                                       version=_value(tree, "version"), why="Sharper name"))

    assert response.status_code == 302 and response.headers["Location"] == f"/experiments/{experiment_id}"
    experiment = stored(session, experiment_id)
    assert experiment.title == "Video choice" and experiment.minimum_effect == pytest.approx(0.04)
    assert flashes(editor_web.get(response.headers["Location"])) == ["Experiment saved."]


def test_a_stale_edit_shows_the_other_change_and_keeps_mine(editor_web, web_as, team, session, log):
    experiment_id = log()
    edit = f"/experiments/{experiment_id}/edit"
    first_tab = ok(editor_web, edit)
    other = web_as(team.admin)
    other_tab = ok(other, edit)
    steps = selected(other_tab, "step_ids")
    assert post(other, edit, form(title="Video call choice", step_ids=steps,
                                  version=_value(other_tab, "version"))).status_code == 302

    response = post(editor_web, edit, form(title="Choose by video", solution="My own words", step_ids=steps,
                                       version=_value(first_tab, "version")))

    assert response.status_code == 409
    tree = main(response)
    assert "Someone changed this experiment while you were editing." in tree.find("div", id="stale").text()
    assert "Video call choice" in tree.find("dl", "theirs").text()
    assert _value(tree, "title") == "Choose by video" and _value(tree, "solution") == "My own words"
    assert stored(session, experiment_id).title == "Video call choice"
    # saving again (the form now carries the current version) replaces theirs
    again = post(editor_web, edit, form(title="Choose by video", solution="My own words", step_ids=steps,
                                    version=_value(tree, "version")))
    assert again.status_code == 302 and stored(session, experiment_id).title == "Choose by video"


def test_changing_the_metric_kind_while_measurements_exist_is_explained(editor_web, session, log, measure):
    experiment_id = log()
    measure(experiment_id, "baseline", successes=3, trials=10)
    edit = f"/experiments/{experiment_id}/edit"
    tree = ok(editor_web, edit)

    response = post(editor_web, edit, form(metric_kind="mean", metric_unit="points", minimum_effect="0.3",
                                       step_ids=selected(tree, "step_ids"), version=_value(tree, "version")))

    assert response.status_code == 200
    tree = main(response)
    assert "cannot change while measurements exist" in field_error(tree, "metric_kind")
    assert "delete them before changing its metric kind" in tree.find("div", "alert--error").text()
    assert stored(session, experiment_id).metric_kind == "proportion"


def test_the_mean_experiments_edit_form_shows_its_effect_as_stored(editor_web, log):
    experiment_id = log(metric=MEAN, minimum_effect=0.25)

    assert _value(ok(editor_web, f"/experiments/{experiment_id}/edit"), "minimum_effect") == "0.25"


def test_deleting_an_experiment_asks_first_and_takes_its_measurements(editor_web, session, log, measure):
    experiment_id = log()
    measure(experiment_id, "baseline", successes=3, trials=10)
    url = f"/experiments/{experiment_id}/delete"

    question = ok(editor_web, url)
    asked = post(editor_web, url)
    response = post(editor_web, url, {"confirmed": "yes"})

    assert "Its 1 measurement goes with it:" in question.text()
    assert asked.status_code == 200 and "Delete the experiment" in asked.get_data(as_text=True)
    assert response.status_code == 302 and response.headers["Location"] == "/w/alpha/experiments"
    assert stored(session, experiment_id) is None


def test_the_test_card_follows_an_edit_while_the_team_has_not_rewritten_it(editor_web, session, log):
    experiment_id = log()
    edit = f"/experiments/{experiment_id}/edit"
    tree = ok(editor_web, edit)

    response = post(editor_web, edit, form(solution="a photo of the very plant", minimum_effect="4",
                                       hypothesis=_value(tree, "hypothesis"), criterion=_value(tree, "criterion"),
                                       step_ids=selected(tree, "step_ids"), version=_value(tree, "version")))

    assert response.status_code == 302
    experiment = stored(session, experiment_id)
    assert experiment.criterion == "share of deliveries with a complaint falls by at least 4 percentage points"
    assert experiment.hypothesis.startswith("We believe that a photo of the very plant will decrease")
    assert experiment.hypothesis.endswith("falls by at least 4 percentage points")


def test_a_hypothesis_the_team_wrote_itself_is_kept_through_edits(editor_web, session, log):
    experiment_id = log(hypothesis="Seeing the plant first calms people down")
    edit = f"/experiments/{experiment_id}/edit"
    tree = ok(editor_web, edit)

    post(editor_web, edit, form(solution="a photo of the very plant", hypothesis=_value(tree, "hypothesis"),
                            criterion=_value(tree, "criterion"), step_ids=selected(tree, "step_ids"),
                            version=_value(tree, "version")))

    assert stored(session, experiment_id).hypothesis == "Seeing the plant first calms people down"


def test_a_started_experiments_definition_is_shown_fixed_and_other_fields_still_save(editor_web, session, log, move):
    """Once running, metric kind, direction, minimum effect, design and criterion are shown as fixed
    facts, not fields (the service refuses to move the goalposts); title and owner still save."""
    experiment_id = log()
    move(experiment_id, "running", on=days_ago(3))
    edit = f"/experiments/{experiment_id}/edit"
    tree = ok(editor_web, edit)
    assert "Fixed since the experiment started" in tree.find("div", id="fixed-definition").text()
    assert "5 percentage points" in tree.find("div", id="fixed-definition").text()
    assert not [n for n in tree.iter() if n.attrs.get("name") in ("metric_kind", "minimum_effect", "design",
                                                                   "criterion", "direction")]
    response = post(editor_web, edit, {"title": "Video choice, summer run", "solution": "a video call to choose the plant",
                                   "step_ids": selected(tree, "step_ids"), "job_id": "",
                                   "metric_name": "share of deliveries with a complaint", "owner": "Warehouse",
                                   "hypothesis": _value(tree, "hypothesis"), "version": _value(tree, "version")})
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = stored(session, experiment_id)
    assert (saved.title, saved.owner, saved.minimum_effect, saved.design, saved.direction) == (
        "Video choice, summer run", "Warehouse", 0.05, "before_after", "decrease")
