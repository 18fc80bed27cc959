"""The experiment board: a column per status in the order work flows, each experiment in its
column with its badge and — once both groups are measured — its result in one line."""

from __future__ import annotations

import re

import pytest

from insightrepo.experiments.results import experiment_result
from tests.experiments.page_helpers import MEAN, QUALITATIVE, days_ago
from tests.experiments.page_helpers import card, columns, ok, selected, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def _refuted(log, measure, move) -> str:
    """Complaints rose from 10 % to 30 % although the team wanted them to fall."""
    experiment_id = log(title="Cheaper boxes")
    measure(experiment_id, "baseline", successes=20, trials=200, measured_on=days_ago(30))
    move(experiment_id, "running", on=days_ago(25))
    measure(experiment_id, "follow_up", successes=60, trials=200, measured_on=days_ago(5))
    move(experiment_id, "concluded", on=days_ago(4))
    return experiment_id


def _inconclusive(log, measure, move) -> str:
    """Two small A/B groups of satisfaction scores: the interval straddles zero."""
    experiment_id = log(title="Warmer welcome text", metric=MEAN, minimum_effect=0.3, design="randomised")
    measure(experiment_id, "control", n=12, mean=3.4, sd=1.1, measured_on=days_ago(9))
    measure(experiment_id, "variant", n=12, mean=3.6, sd=1.0, measured_on=days_ago(9))
    move(experiment_id, "running", on=days_ago(20))
    move(experiment_id, "concluded", on=days_ago(3))
    return experiment_id


def test_a_column_per_status_in_order_with_counts_and_each_experiment_in_its_column(
        editor_web, log, measure, move, supported, running):
    draft = log(title="Plant passport")
    refuted = _refuted(log, measure, move)
    inconclusive = _inconclusive(log, measure, move)
    abandoned = log(title="Robot delivery")
    move(abandoned, "abandoned", verdict_reason="Too expensive")

    board = ok(editor_web, "/w/alpha/experiments")

    assert {heading: sorted(titles) for heading, titles in columns(board).items()} == {
        "Draft 1": ["Plant passport"],
        "Running 1": ["Care card in the box"],
        "Concluded 3": ["Cheaper boxes", "Choose your own plant by video", "Warmer welcome text"],
        "Abandoned 1": ["Robot delivery"],
    }
    assert list(columns(board)) == ["Draft 1", "Running 1", "Concluded 3", "Abandoned 1"]
    badges = {e: card(board, e).find("span", "xbadge").text()
              for e in (draft, running, supported, refuted, inconclusive, abandoned)}
    assert badges == {draft: "draft", running: "running", supported: "supported", refuted: "refuted",
                      inconclusive: "inconclusive", abandoned: "abandoned"}


def test_an_experiment_page_names_its_state_in_one_word(editor_web, log, running):
    """A draft is a draft on its page as in the board's column (the page said "PLANNED draft")."""
    draft = log(title="Plant passport")
    for experiment_id, word in ((draft, "draft"), (running, "running")):
        status = " ".join(ok(editor_web, f"/experiments/{experiment_id}").find("p", id="experiment-status").text().split())
        assert status.split(" · ")[0] == word


def test_an_empty_board_still_shows_every_column(editor_web, plant_map):
    board = ok(editor_web, "/w/alpha/experiments")

    assert columns(board) == {"Draft 0": [], "Running 0": [], "Concluded 0": [], "Abandoned 0": []}


def test_a_card_shows_the_difference_with_its_interval_and_flags_a_before_after_as_observational(
        editor_web, session, supported):
    result = experiment_result(stored(session, supported))

    line = card(ok(editor_web, "/w/alpha/experiments"), supported).find("span", "headline").parent

    low, high = (f"{v * 100:+.1f}".replace("-", "−") for v in (result["ci_low"], result["ci_high"]))
    assert re.sub(r"\s+", " ", line.text()) == f"−20.0 pp [{low}, {high} pp] observational"
    assert line.find("span", "flag--observational").attrs["title"].startswith("Observational")


def test_a_randomised_result_is_not_called_observational(editor_web, log, measure, move):
    experiment_id = _inconclusive(log, measure, move)

    line = card(ok(editor_web, "/w/alpha/experiments"), experiment_id).find("span", "headline").parent

    assert line.text().startswith("+0.20 points [")
    assert "observational" not in line.text()


def test_no_result_line_before_both_groups_or_for_a_qualitative_metric(editor_web, log, measure):
    half = log(title="Only a baseline")
    measure(half, "baseline", successes=3, trials=10)
    words = log(title="Listen to unpacking", metric=QUALITATIVE, minimum_effect=None)
    measure(words, "baseline", note="They sigh at the soil on the floor")

    board = ok(editor_web, "/w/alpha/experiments")

    assert card(board, half).find_all("span", "headline") == []
    assert card(board, words).find_all("span", "headline") == []
    assert "observational" not in card(board, words).text()  # no numbers, nothing to qualify


def test_the_journey_filter_shows_only_experiments_on_that_journeys_steps(editor_web, log, make_map, plant_map):
    invoices = make_map({"Get the invoice": ["Open the e-mail"]}, title="Pay without stress")
    log(title="Clearer invoice", step_ids=[invoices.step("Open the e-mail")])
    log(title="Plant passport")

    everything = ok(editor_web, "/w/alpha/experiments")
    filtered = ok(editor_web, f"/w/alpha/experiments?journey={invoices.id}")

    assert columns(everything)["Draft 2"] and sorted(columns(everything)["Draft 2"]) == [
        "Clearer invoice", "Plant passport"]
    assert columns(filtered)["Draft 1"] == ["Clearer invoice"]
    assert selected(filtered, "journey") == [invoices.id]
    assert [o.text() for o in filtered.find("select", name="journey").find_all("option")] == [
        "All journeys", "Create a thriving home", "Pay without stress"]


def test_a_card_names_its_target_steps_with_links_to_the_map(editor_web, log, plant_map):
    experiment_id = log(step_ids=[plant_map.step("Unpack the plants"), plant_map.step("Pay")])

    links = card(ok(editor_web, "/w/alpha/experiments"), experiment_id).find_all("a")[1:]

    assert [(a.text(), a.attrs["href"]) for a in links] == [
        ("Pay", f"/journeys/{plant_map.id}#step-{plant_map.step('Pay')}"),
        ("Unpack the plants", f"/journeys/{plant_map.id}#step-{plant_map.step('Unpack the plants')}")]


def test_only_editors_see_the_log_an_experiment_button(editor_web, viewer_web, plant_map):
    def buttons(client) -> list[tuple[str, str]]:
        header = ok(client, "/w/alpha/experiments").find("header")
        return [(a.text(), a.attrs["href"]) for a in header.find_all("a", "button")]

    assert buttons(editor_web) == [("Log an experiment", "/w/alpha/experiments/new")]
    assert buttons(viewer_web) == []
