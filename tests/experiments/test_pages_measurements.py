"""Measurements through the experiment's page: the form asks for what the metric needs, bad numbers
are named beside their fields and save nothing, a measurement can be deleted while the experiment
is open, and a concluded experiment's measurements are closed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from insightrepo.models import Measurement
from tests.experiments.page_helpers import MEAN, QUALITATIVE
from tests.experiments.page_helpers import (
    field_error,
    flashes,
    main,
    measurement_count,
    ok,
    post,
    post_on_page,
    selected,
    stored,
)

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def _measurement_forms(tree) -> list:
    """The page's measurement forms: they post back to the page, named by their ``form`` field."""
    return [f for f in tree.find_all("form") if f.find_all("input", name="form", value="measurement")]


def _form(tree):
    [form] = _measurement_forms(tree)
    return form


def _controls(form) -> list[str]:
    return [n.attrs["name"] for n in form.iter() if n.tag in ("input", "select", "textarea")
            and n.attrs.get("type") != "hidden"]


def _groups(form) -> list[tuple[str, str]]:
    return [(o.attrs["value"], o.text()) for o in form.find("select", name="group").find_all("option")]


@pytest.mark.parametrize("metric, design, fields, groups", [
    ({}, "before_after", ["group", "measured_on", "successes", "trials", "source", "note"],
     [("baseline", "Baseline"), ("follow_up", "Follow-up")]),
    (MEAN, "randomised", ["group", "measured_on", "n", "mean", "sd", "source", "note"],
     [("control", "Control"), ("variant", "Variant")]),
    (QUALITATIVE, "before_after", ["group", "measured_on", "source", "note", "quote_ids"],
     [("baseline", "Baseline"), ("follow_up", "Follow-up")]),
])
def test_the_form_asks_for_what_the_metric_and_design_need(editor_web, log, add_quote, plant_map, metric, design,
                                                           fields, groups):
    add_quote("The soil was everywhere", [plant_map.step("Unpack the plants")])
    experiment_id = log(design=design, **({"metric": metric, "minimum_effect": None} if metric else {}))

    form = _form(ok(editor_web, f"/experiments/{experiment_id}"))

    assert _controls(form) == fields
    assert _groups(form) == groups
    assert form.find("input", name="measured_on").attrs["value"] == date.today().isoformat()


def test_a_proportion_measurement_is_recorded_and_shown(editor_web, session, log):
    experiment_id = log()

    response = post_on_page(editor_web, experiment_id, "measurements", {
        "group": "baseline", "measured_on": "2026-01-05", "successes": "30", "trials": "120",
        "source": "Zendesk export, December", "note": "Before the video calls"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/experiments/{experiment_id}#result"
    [measurement] = stored(session, experiment_id).measurements
    assert (measurement.group, measurement.successes, measurement.trials) == ("baseline", 30, 120)
    assert measurement.measured_on == date(2026, 1, 5)
    shown = editor_web.get(response.headers["Location"])
    assert flashes(shown) == ["Baseline measurement recorded."]
    [row] = main(shown).find("table", "measurements-table").find("tbody").find_all("tr")
    assert [td.text() for td in row.find_all("td")][:4] == [
        "Baseline", "2026-01-05", "30 of 120 (25.0 %) Before the video calls", "Zendesk export, December"]


def test_a_mean_measurement_is_recorded(editor_web, session, log):
    experiment_id = log(metric=MEAN, minimum_effect=0.3, design="randomised")

    response = post_on_page(editor_web, experiment_id, "measurements", {
        "group": "variant", "measured_on": date.today().isoformat(), "n": "40", "mean": "3.9", "sd": "1.05"})

    assert response.status_code == 302
    [measurement] = stored(session, experiment_id).measurements
    assert (measurement.n, measurement.mean, measurement.sd) == (40, 3.9, 1.05)


def test_a_qualitative_measurement_keeps_its_note_and_quotes(editor_web, session, log, add_quote, plant_map):
    quote = add_quote("The soil was everywhere", [plant_map.step("Unpack the plants")])
    experiment_id = log(metric=QUALITATIVE, minimum_effect=None)

    response = post_on_page(editor_web, experiment_id, "measurements", {
        "group": "baseline", "measured_on": date.today().isoformat(), "note": "Sighs at the soil",
        "quote_ids": [quote]})

    assert response.status_code == 302
    [measurement] = stored(session, experiment_id).measurements
    assert measurement.note == "Sighs at the soil" and measurement.quote_ids == [quote]


TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize("metric, design, fields, field_id, message", [
    ({}, "before_after", {"group": "baseline", "successes": "12", "trials": "10"}, "successes",
     "“Successes (how many had it)” cannot be more than “Out of (trials)”"),
    ({}, "before_after", {"group": "control", "successes": "1", "trials": "10"}, "group",
     "“Group” must be baseline or follow_up for a before/after experiment"),
    ({}, "randomised", {"group": "baseline", "successes": "1", "trials": "10"}, "group",
     "“Group” must be control or variant for a randomised (A/B) experiment"),
    ({}, "before_after", {"group": "baseline", "successes": "1", "trials": "10", "measured_on": TOMORROW},
     "measured_on", "“Measured on” cannot be in the future"),
    ({}, "before_after", {"group": "baseline", "successes": "1", "trials": "ten"}, "trials",
     "Not a valid integer value."),
    ({}, "before_after", {"group": "baseline", "successes": "1"}, "trials", "“Out of (trials)” is required for a proportion"),
    ({}, "before_after", {"group": "baseline", "successes": "-1", "trials": "10"}, "successes",
     "Number must be at least 0."),
    ({}, "before_after", {"group": "baseline", "successes": "1", "trials": "10", "measured_on": "yesterday"},
     "measured_on", "Not a date: write it as 2026-12-07."),
    (MEAN, "before_after", {"group": "baseline", "n": "10", "mean": "NaN", "sd": "1"}, "mean",
     "Enter a number, like 3 or 0.5."),
    (MEAN, "before_after", {"group": "baseline", "n": "10", "mean": "3", "sd": "sNaN"}, "sd",
     "Enter a number, like 3 or 0.5."),  # was a 500
    (MEAN, "before_after", {"group": "baseline", "n": "10", "mean": "3"}, "sd",
     "“Standard deviation” is required when “n (observations)” is more than 1"),
    (QUALITATIVE, "before_after", {"group": "baseline", "note": "  "}, "note",
     "a qualitative measurement needs a note or linked quotes"),
])
def test_bad_input_is_named_beside_its_field_with_422_and_nothing_saved(editor_web, session, log, metric, design,
                                                                         fields, field_id, message):
    experiment_id = log(design=design, **({"metric": metric, "minimum_effect": None} if metric else {}))
    fields.setdefault("measured_on", date.today().isoformat())

    response = post_on_page(editor_web, experiment_id, "measurements", fields)

    assert response.status_code == 422
    tree = main(response)
    assert message in field_error(tree, field_id)
    assert measurement_count(session) == 0



def test_a_refused_measurement_keeps_what_was_typed(editor_web, log):
    experiment_id = log()

    form = _form(main(post_on_page(editor_web, experiment_id, "measurements", {
        "group": "follow_up", "measured_on": "2026-02-03", "successes": "12", "trials": "10", "source": "Survey"})))

    assert selected(form, "group") == ["follow_up"]
    assert [form.find("input", name=n).attrs.get("value") for n in ("measured_on", "successes", "trials", "source")] \
        == ["2026-02-03", "12", "10", "Survey"]


def test_a_refused_measurement_is_shown_in_place_on_the_experiments_own_page(editor_web, session, log):
    experiment_id = log()
    form = _form(ok(editor_web, f"/experiments/{experiment_id}"))
    assert form.attrs["action"] == f"/experiments/{experiment_id}#add-measurement-h"  # scrolled back into view

    response = post(editor_web, f"/experiments/{experiment_id}", {
        "form": "measurement", "group": "baseline", "measured_on": date.today().isoformat(), "successes": "12",
        "trials": "10"})

    assert response.status_code == 422
    tree = main(response)
    assert response.request.path == f"/experiments/{experiment_id}"  # the page's own address, not a sub-address
    # beside its field, naming the fields by their labels (the API names them "successes" and "trials")
    assert field_error(tree, "successes") == "“Successes (how many had it)” cannot be more than “Out of (trials)”"
    assert _form(tree).find("input", name="successes").attrs.get("value") == "12"  # what was typed, kept
    assert measurement_count(session) == 0


def test_a_measurement_is_deleted_from_its_row(editor_web, session, log, measure):
    experiment_id = log()
    kept = measure(experiment_id, "baseline", successes=3, trials=10)
    gone = measure(experiment_id, "follow_up", successes=1, trials=10)
    tree = ok(editor_web, f"/experiments/{experiment_id}")
    assert tree.find("tr", id=f"measurement-{gone}").find("form").attrs["action"] == f"/measurements/{gone}/delete"

    response = post(editor_web, f"/measurements/{gone}/delete", {"confirmed": "yes"},
                    token_from=f"/experiments/{experiment_id}")

    assert response.status_code == 302 and response.headers["Location"] == f"/experiments/{experiment_id}"
    assert flashes(editor_web.get(response.headers["Location"])) == ["Measurement deleted."]
    assert [m.id for m in stored(session, experiment_id).measurements] == [kept]


def test_a_concluded_experiment_shows_no_measurement_form_and_refuses_a_posted_one(editor_web, session, supported):
    tree = ok(editor_web, f"/experiments/{supported}")
    assert not _measurement_forms(tree)
    assert not [f for f in tree.find_all("form") if "/delete" in (f.attrs.get("action") or "")
                and "/measurements/" in (f.attrs.get("action") or "")]
    before = measurement_count(session)

    response = post_on_page(editor_web, supported, "measurements", {
        "group": "follow_up", "measured_on": date.today().isoformat(), "successes": "1", "trials": "2"})

    assert response.status_code == 409
    assert flashes(response) == ["This experiment is concluded: its measurements are closed, so its verdict stays "
                                 "true to what it was based on."]  # was a 422 with no word of why
    assert flashes(editor_web.get(f"/experiments/{supported}")) == []  # said once, not again on the next page
    assert measurement_count(session) == before


def test_a_concluded_experiments_measurement_cannot_be_deleted(editor_web, session, supported):
    measurement_id = stored(session, supported).measurements[0].id

    response = post(editor_web, f"/measurements/{measurement_id}/delete", {"confirmed": "yes"},
                    token_from=f"/experiments/{supported}")

    assert response.status_code == 302
    assert "its measurements are closed" in flashes(editor_web.get(response.headers["Location"]))[0]
    session.expire_all()
    assert session.get(Measurement, measurement_id) is not None
