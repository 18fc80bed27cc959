"""Experiments where the team looks at its journey: a badge on each target step of the map (running,
the verdict, or draft — abandoned ones are left off) that leads to the experiment, and the step's
evidence page listing its experiments with a way to log one on it."""

from __future__ import annotations

import pytest

from tests.experiments.page_helpers import ok, page

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def _badges(tree, step_id: str) -> list[tuple[str, str]]:
    """The experiment badges on a step of the map: (what it says, where it leads)."""
    cell = tree.find("th", id=f"step-{step_id}")
    return [(a.text(), a.attrs["href"]) for a in cell.find_all("a", "xbadge")]


def test_each_target_step_carries_a_badge_per_experiment_leading_to_it(editor_web, log, move, supported, running,
                                                                       plant_map):
    unpack, pay, search = (plant_map.step(t) for t in ("Unpack the plants", "Pay", "Search for easy plants"))
    draft = log(title="Plant passport", step_ids=[pay, unpack])
    abandoned = log(title="Robot delivery")
    move(abandoned, "abandoned")

    tree = ok(editor_web, f"/journeys/{plant_map.id}")

    assert sorted(_badges(tree, unpack)) == sorted([
        ("⚗ supported experiment “Choose your own plant by video” on Unpack the plants",
         f"/experiments/{supported}"),
        ("⚗ running experiment “Care card in the box” on Unpack the plants", f"/experiments/{running}"),
        ("⚗ draft experiment “Plant passport” on Unpack the plants", f"/experiments/{draft}")])
    assert _badges(tree, pay) == [("⚗ draft experiment “Plant passport” on Pay", f"/experiments/{draft}")]
    assert tree.find("th", id=f"step-{search}").find_all("span", "experiment-badges") == []
    assert f"/experiments/{abandoned}" not in [a.attrs.get("href") for a in tree.find_all("a")]


def test_a_badge_names_its_experiment_in_its_tooltip(editor_web, supported, plant_map):
    [badge] = ok(editor_web, f"/journeys/{plant_map.id}").find_all("a", "xbadge")

    assert badge.attrs["title"] == "Experiment “Choose your own plant by video”: supported"
    assert "xbadge--supported" in badge.classes


def test_a_refuted_verdict_is_the_badge(editor_web, log, measure, move, plant_map):
    experiment_id = log(title="Cheaper boxes")
    measure(experiment_id, "baseline", successes=20, trials=200)
    move(experiment_id, "running")
    measure(experiment_id, "follow_up", successes=60, trials=200)
    move(experiment_id, "concluded")

    [badge] = ok(editor_web, f"/journeys/{plant_map.id}").find_all("a", "xbadge")

    assert badge.text().startswith("⚗ refuted") and badge.attrs["href"] == f"/experiments/{experiment_id}"


def test_the_steps_evidence_page_lists_its_experiments(editor_web, log, move, supported, running, plant_map):
    abandoned = log(title="Robot delivery")
    move(abandoned, "abandoned")

    tree = ok(editor_web, f"/steps/{plant_map.step('Unpack the plants')}/evidence")

    section = tree.find("section", id="experiments")
    items = {li.find("a").text(): (li.find("a").attrs["href"], li.find("span", "xbadge").text())
             for li in section.find_all("li")}
    assert items == {"Choose your own plant by video": (f"/experiments/{supported}", "supported"),
                     "Care card in the box": (f"/experiments/{running}", "running"),
                     "Robot delivery": (f"/experiments/{abandoned}", "abandoned")}
    assert tree.find("p", id="evidence-summary").text().endswith("· 3 experiments")


def test_editors_can_log_an_experiment_from_the_step(editor_web, viewer_web, plant_map):
    unpack = plant_map.step("Unpack the plants")

    section = ok(editor_web, f"/steps/{unpack}/evidence").find("section", id="experiments")

    [link] = [a for a in section.find_all("a") if a.text() == "Log an experiment on this step"]
    assert link.attrs["href"] == f"/w/alpha/experiments/new?step={unpack}"
    assert "No experiment targets this step yet." in section.text()
    viewers = ok(viewer_web, f"/steps/{unpack}/evidence").find("section", id="experiments")
    assert "Log an experiment" not in viewers.text()


def test_the_steps_evidence_page_has_a_plain_title_and_one_experiments_section(editor_web, supported, plant_map):
    response = editor_web.get(f"/steps/{plant_map.step('Unpack the plants')}/evidence")

    tree = page(response)
    assert tree.find("title").text() == "Evidence for Unpack the plants · Create a thriving home · InsightRepo"
    assert len(tree.find_all("section", id="experiments")) == 1
