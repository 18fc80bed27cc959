"""Flow (a): a CX lead logs an experiment against a journey step of the demo map, records its baseline
and its follow-up measurement, sees the suggested verdict, concludes it and finds the verdict as a badge
on the map. Saves docs/screenshots/experiment.png."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot, sign_in_to_the_demo

STEP = "Googlar ”lättskötta växter”"


def test_log_an_experiment_measure_it_and_see_the_verdict_on_the_map(demo_server, page):
    sign_in_to_the_demo(page, demo_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.get_by_role("link", name="Skapa ett frodande hem").click()

    # from the step's panel: log an experiment on it
    page.get_by_role("link", name=f"evidence for {STEP}").click()
    page.get_by_role("link", name="Log an experiment on this step").click()
    page.get_by_label("Title").fill("Guide: tio växter som tål allt")
    page.get_by_label("The solution: what we change").fill("en guide med tio växter som klarar mörka lägenheter")
    page.get_by_label("Metric", exact=True).fill("andelen guidebesökare som köper en växt")
    page.get_by_label("Kind of metric").select_option("proportion")
    page.get_by_label("We want it to").select_option("increase")
    page.get_by_label("Minimum effect that matters").fill("3")
    page.get_by_role("button", name="Log the experiment").click()
    expect(page.get_by_role("status")).to_contain_text("Experiment logged as a draft")
    expect(page.locator("#hypothesis")).to_contain_text(STEP)

    def record(group: str, successes: str, trials: str, measured_on: date) -> None:
        page.get_by_label("Group").select_option(label=group)
        page.get_by_label("Measured on").fill(measured_on.isoformat())
        page.get_by_label("Successes (how many had it)").fill(successes)
        page.get_by_label("Out of (trials)").fill(trials)
        page.get_by_role("button", name="Record the measurement").click()
        expect(page.get_by_role("status")).to_contain_text(f"{group} measurement recorded")

    today = date.today()
    record("Baseline", "120", "1000", today - timedelta(days=42))  # the month before the guide went live
    page.locator("summary", has_text="Start the experiment").click()
    page.get_by_label("Started on").fill((today - timedelta(days=35)).isoformat())
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#experiment-status")).to_contain_text("running")
    record("Follow-up", "190", "1000", today)

    measured = page.locator("table.measurements-table tbody tr")
    expect(measured).to_have_count(2)
    expect(measured.nth(0)).to_contain_text("Baseline")
    expect(measured.nth(0)).to_contain_text("120 of 1000")
    expect(measured.nth(1)).to_contain_text("Follow-up")
    expect(measured.nth(1)).to_contain_text("190 of 1000")
    expect(page.locator("#suggested-verdict")).to_contain_text("supported")
    expect(page.locator("#difference")).to_contain_text("+7.0 pp")
    expect(page.locator(".observational")).to_contain_text("Observational")
    expect(page.locator("svg.result-chart circle.estimate")).to_have_count(3)  # two groups and the difference

    page.locator("summary", has_text="Conclude the experiment").click()
    page.get_by_role("button", name="Conclude", exact=True).click()
    expect(page.locator("#team-verdict")).to_contain_text("Our verdict: supported")
    save_screenshot(page, "experiment.png", full_page=True)

    page.get_by_role("link", name=STEP).first.click()
    badge = page.locator(f"th.step:has-text('{STEP}') .experiment-badges a")
    expect(badge).to_have_count(1)
    expect(badge).to_contain_text("supported")
    badge.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Guide: tio växter som tål allt")
