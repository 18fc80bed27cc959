"""An experiment's page: the Test Card says what the team believes and how it will know, the result
gives the difference with its interval, the p-value with the test that made it and the suggested
verdict — flagged as observational for a before/after design — and the chart draws both groups
and the difference with their intervals. A qualitative experiment shows no numbers at all."""

from __future__ import annotations

import pytest

from insightrepo.experiments.results import experiment_result
from tests.experiments.page_helpers import MEAN, QUALITATIVE, days_ago
from tests.experiments.page_helpers import (
    SVG,
    chart_of,
    definitions,
    main,
    stored,
    svg_all,
    svg_texts,
)

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def _page(client, experiment_id: str):
    response = client.get(f"/experiments/{experiment_id}")
    assert response.status_code == 200
    return main(response), response.get_data(as_text=True)


def _signed(value: float, digits: int = 1, scale: float = 100) -> str:
    return f"{value * scale:+.{digits}f}".replace("-", "−")


# ---- the Test Card -------------------------------------------------------------------------

def test_the_test_card_states_the_hypothesis_solution_design_metric_and_criterion(editor_web, log, plant_map):
    experiment_id = log(step_ids=[plant_map.step("Unpack the plants"), plant_map.step("Search for easy plants")])

    tree, _ = _page(editor_web, experiment_id)

    card = tree.find("section", "test-card")
    facts = definitions(card.find("dl"))
    assert facts["Hypothesis"] == (
        "We believe that a video call to choose the plant will decrease share of deliveries with a complaint at "
        "“Search for easy plants” and “Unpack the plants” — we are right if share of deliveries with a complaint "
        "falls by at least 5 percentage points")
    assert facts["The solution we try"] == "a video call to choose the plant"
    assert facts["To verify it, we will"].startswith("compare a baseline measured before the change")
    assert facts["And measure"] == "share of deliveries with a complaint (a proportion; we want it to decrease)"
    assert facts["We are right if"] == "share of deliveries with a complaint falls by at least 5 percentage points"


def test_the_test_card_lists_the_target_steps_with_their_emotion_and_moment_of_truth(editor_web, log, plant_map):
    experiment_id = log(step_ids=[plant_map.step("Unpack the plants"), plant_map.step("Search for easy plants")])

    steps = _page(editor_web, experiment_id)[0].find("ul", "target-steps").find_all("li")

    assert [li.text() for li in steps] == [
        "Search for easy plants Create a thriving home › Find plants that suit me · emotion −1",
        "Unpack the plants Create a thriving home › Get the plants home · emotion −2 · thundercloud · "
        "★ moment of truth “Half-good quality!”",
    ]
    assert steps[1].find("a").attrs["href"] == f"/journeys/{plant_map.id}#step-{plant_map.step('Unpack the plants')}"


def test_a_randomised_design_is_described_as_control_and_variant(editor_web, log):
    experiment_id = log(design="randomised", metric=MEAN, minimum_effect=0.3)

    facts = definitions(_page(editor_web, experiment_id)[0].find("section", "test-card").find("dl"))

    assert facts["To verify it, we will"].startswith("split customers at random into a control group")
    assert facts["And measure"] == "satisfaction (a mean in points; we want it to increase)"


# ---- the result ----------------------------------------------------------------------------

def test_the_result_gives_difference_interval_p_value_with_its_test_and_the_suggested_verdict(
        editor_web, session, supported):
    result = experiment_result(stored(session, supported))

    tree, _ = _page(editor_web, supported)

    facts = definitions(tree.find("dl", "result-facts"))
    assert facts["Difference"] == (f"−20.0 pp 95 % interval [{_signed(result['ci_low'])}, "
                                   f"{_signed(result['ci_high'])} pp]")
    assert facts["p-value"] == "< 0.001 two-proportion z-test"
    assert facts["Minimum effect"] == "−5.0 pp"
    assert tree.find("p", id="suggested-verdict").text() == (
        f"The numbers suggest: supported — The whole interval [{_signed(result['ci_low'])}, "
        f"{_signed(result['ci_high'])} pp] is a fall of at least the minimum that matters (−5.0 pp).")
    assert tree.find("div", id="team-verdict").find("p").text() == "Our verdict: supported."


def test_small_counts_are_tested_with_fishers_exact_test(editor_web, log, measure):
    experiment_id = log()
    measure(experiment_id, "baseline", successes=3, trials=12)
    measure(experiment_id, "follow_up", successes=1, trials=11)

    facts = definitions(_page(editor_web, experiment_id)[0].find("dl", "result-facts"))

    assert facts["p-value"].endswith("Fisher's exact test")


def test_an_inconclusive_result_says_how_many_per_group_would_be_needed(editor_web, session, log, measure):
    experiment_id = log(metric=MEAN, minimum_effect=0.3, design="randomised")
    measure(experiment_id, "control", n=12, mean=3.4, sd=1.1)
    measure(experiment_id, "variant", n=12, mean=3.6, sd=1.0)
    result = experiment_result(stored(session, experiment_id))

    tree, _ = _page(editor_web, experiment_id)

    assert result["suggested_verdict"] == "inconclusive" and result["required_n"] > 12
    assert tree.find("p", id="suggested-verdict").text() == (
        f"The numbers suggest: inconclusive — {result['suggestion_reason']}")
    assert "includes no change at all as well as effects of the minimum that matters (+0.30 points)" in \
        result["suggestion_reason"]
    assert result["suggestion_reason"].endswith(f"To tell, you need about {result['required_n']:,} per group "
                                                "(80 % power).")
    assert definitions(tree.find("dl", "result-facts"))["p-value"].endswith("Welch's t-test")


def test_a_before_after_result_is_flagged_observational_and_a_randomised_one_is_not(editor_web, log, measure,
                                                                                     supported):
    randomised = log(title="A/B", design="randomised")
    measure(randomised, "control", successes=60, trials=200)
    measure(randomised, "variant", successes=20, trials=200)

    before_after, _ = _page(editor_web, supported)
    ab, _ = _page(editor_web, randomised)

    assert before_after.find("p", "observational").text() == (
        "Observational: a before/after comparison. Other things changed too, so this shows what happened, "
        "not what the solution caused.")  # said once, not "Observational. Observational: …"
    assert ab.find_all("p", "observational") == []


def test_a_qualitative_experiment_shows_no_numbers_and_no_chart(editor_web, log, measure, add_quote, plant_map):
    experiment_id = log(title="Listen to unpacking", metric=QUALITATIVE, minimum_effect=None)
    quote = add_quote("The soil was everywhere", [plant_map.step("Unpack the plants")])
    measure(experiment_id, "baseline", note="They sigh at the soil on the floor", quote_ids=[quote])
    measure(experiment_id, "follow_up", note="They smile at the paper bag")

    tree, html = _page(editor_web, experiment_id)

    result = tree.find("section", id="result")
    assert result.find_all("dl", "result-facts") == [] and result.find_all("p", id="suggested-verdict") == []
    assert result.find_all("p", "observational") == []
    assert "result-chart" not in html
    assert "A qualitative experiment: no numbers" in result.text()
    rows = [tr.text() for tr in tree.find("table", "measurements-table").find("tbody").find_all("tr")]
    assert any("They sigh at the soil on the floor 1 quote behind it" in row for row in rows)


def test_before_both_groups_are_measured_there_is_no_difference_and_no_difference_panel(editor_web, log, measure):
    experiment_id = log()
    measure(experiment_id, "baseline", successes=60, trials=200)

    tree, html = _page(editor_web, experiment_id)

    assert tree.find_all("dl", "result-facts") == []
    assert "No follow-up measurement yet: the result needs both groups." in tree.find("section", id="result").text()
    chart = chart_of(html)
    assert len(svg_all(chart, "g", "panel")) == 1 and len(svg_all(chart, "circle", "estimate")) == 1


def test_without_measurements_there_is_no_chart(editor_web, log):
    tree, html = _page(editor_web, log())

    assert "result-chart" not in html
    measurements = tree.find("section", id="measurements").text()
    assert "Record a baseline before you start, and a follow-up after." in measurements


# ---- the chart -----------------------------------------------------------------------------

def test_the_chart_is_well_formed_svg_with_both_groups_and_the_difference(editor_web, session, supported):
    result = experiment_result(stored(session, supported))

    _, html = _page(editor_web, supported)

    chart = chart_of(html)
    assert chart.tag == f"{SVG}svg"
    panels = svg_all(chart, "g", "panel")
    assert len(panels) == 2
    groups, difference = panels
    assert len(svg_all(groups, "circle", "estimate")) == 2 and len(svg_all(groups, "line", "interval")) == 2
    assert len(svg_all(difference, "circle", "estimate")) == 1 and len(svg_all(difference, "line", "interval")) == 1
    texts = svg_texts(chart)
    assert "30.0 % (60/200)" in texts and "10.0 % (20/200)" in texts and "−20.0 pp" in texts
    assert ["Baseline", "Follow-up", "Follow-up − baseline"] == [t for t in texts if t in (
        "Baseline", "Follow-up", "Follow-up − baseline")]
    desc = chart.find(f"{SVG}desc").text
    assert f"difference −20.0 pp [{_signed(result['ci_low'])}, {_signed(result['ci_high'])} pp]" in desc
    assert chart.find(f"{SVG}title").text == "Result of “Choose your own plant by video”"


def test_the_chart_places_each_estimate_inside_its_interval(editor_web, supported):
    chart = chart_of(_page(editor_web, supported)[1])

    for row in svg_all(chart, "g", "row"):
        [dot] = svg_all(row, "circle", "estimate")
        [bar] = svg_all(row, "line", "interval")
        assert float(bar.get("x1")) <= float(dot.get("cx")) <= float(bar.get("x2"))


def test_the_difference_panel_marks_zero_and_the_minimum_effect_on_the_side_that_counts(editor_web, supported):
    chart = chart_of(_page(editor_web, supported)[1])

    difference = svg_all(chart, "g", "panel")[1]
    [zero] = svg_all(difference, "line", "zero")
    [minimum] = svg_all(difference, "line", "minimum-effect")
    [band] = svg_all(difference, "rect", "supported-band")
    # the team wants complaints to fall: the minimum effect (−5 pp) lies left of zero, the band further left
    assert float(minimum.get("x1")) < float(zero.get("x1"))
    assert float(band.get("x")) + float(band.get("width")) == pytest.approx(float(minimum.get("x1")), abs=0.11)


def test_a_means_chart_shows_the_groups_in_their_unit(editor_web, log, measure):
    experiment_id = log(metric=MEAN, minimum_effect=0.3, design="randomised")
    measure(experiment_id, "control", n=40, mean=3.4, sd=1.1, measured_on=days_ago(3))
    measure(experiment_id, "variant", n=42, mean=3.9, sd=1.0, measured_on=days_ago(3))

    texts = svg_texts(chart_of(_page(editor_web, experiment_id)[1]))

    assert "3.40 points (n = 40)" in texts and "3.90 points (n = 42)" in texts and "+0.50 points" in texts
    assert "Variant − control" in texts


def test_a_metric_in_tiny_units_still_gets_its_chart(editor_web, log, measure):
    """Ticks were rounded to ten decimals: every tick of a metric in billionths became 0 (a 500)."""
    experiment_id = log(metric={**MEAN, "name": "dust per leaf", "unit": "g"}, minimum_effect=1e-11,
                        design="randomised")
    measure(experiment_id, "control", n=30, mean=2e-11, sd=1e-11)
    measure(experiment_id, "variant", n=30, mean=5e-11, sd=1e-11)

    chart = chart_of(_page(editor_web, experiment_id)[1])

    groups = svg_all(svg_all(chart, "g", "panel")[0], "circle", "estimate")
    control, variant = (float(c.get("cx")) for c in groups)
    assert 170 <= control < variant <= 530  # inside the plot, in order


def test_identical_groups_draw_a_difference_of_zero(editor_web, log, measure):
    experiment_id = log(metric=MEAN, minimum_effect=0.3, design="randomised")
    measure(experiment_id, "control", n=5, mean=3, sd=0)
    measure(experiment_id, "variant", n=5, mean=3, sd=0)

    chart = chart_of(_page(editor_web, experiment_id)[1])

    difference = svg_all(chart, "g", "panel")[1]
    [dot] = svg_all(difference, "circle", "estimate")
    [zero] = svg_all(difference, "line", "zero")
    assert dot.get("cx") == zero.get("x1")


def test_the_status_line_reads_as_a_sentence(editor_web, supported):
    line = _page(editor_web, supported)[0].find("p", id="experiment-status")

    assert line.text() == (f"supported concluded · started {days_ago(30).isoformat()} · ended "
                           f"{days_ago(10).isoformat()} · owner Team Unboxing")  # was "2026-11-01· ended"


def test_without_numbers_the_suggestion_does_not_claim_to_come_from_them(editor_web, log):
    tree, _ = _page(editor_web, log())

    assert tree.find("p", id="suggested-verdict").text() == \
        "Without numbers for both groups, the suggestion is: inconclusive"
