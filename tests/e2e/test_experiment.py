"""A CX lead logs an experiment against a journey step, records its baseline and follow-up, sees the
suggested verdict, concludes it and finds the verdict as a badge on the map."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from insightrepo.demo import DEMO_EMAIL, DEMO_PASSWORD

STEP = "Googlar ”lättskötta växter”"


def test_log_an_experiment_measure_it_and_see_the_verdict_on_the_map(live_server, page, tmp_path):
    live_server.cli("demo", "--no-serve")
    base = live_server.url
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#workspace-switcher summary").click()
    page.get_by_role("link", name=re.compile("Växtbutiken – kundresor")).click()
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

    def record(group: str, successes: str, trials: str) -> None:
        page.get_by_label("Group").select_option(label=group)
        page.get_by_label("Successes (how many had it)").fill(successes)
        page.get_by_label("Out of (trials)").fill(trials)
        page.get_by_role("button", name="Record the measurement").click()
        expect(page.get_by_role("status")).to_contain_text(f"{group} measurement recorded")

    record("Baseline", "120", "1000")
    page.locator("summary", has_text="Start the experiment").click()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#experiment-status")).to_contain_text("running")
    record("Follow-up", "190", "1000")

    expect(page.locator("#suggested-verdict")).to_contain_text("supported")
    expect(page.locator("#difference")).to_contain_text("+7.0 pp")
    expect(page.locator(".observational")).to_contain_text("Observational")
    expect(page.locator("svg.result-chart circle.estimate")).to_have_count(3)  # two groups and the difference

    page.locator("summary", has_text="Conclude the experiment").click()
    page.get_by_role("button", name="Conclude", exact=True).click()
    expect(page.locator("#team-verdict")).to_contain_text("Our verdict: supported")
    page.screenshot(path=str(tmp_path / "experiment.png"), full_page=True)

    page.get_by_role("link", name=STEP).first.click()
    badge = page.locator(f"th.step:has-text('{STEP}') .experiment-badges a")
    expect(badge).to_have_count(1)
    expect(badge).to_contain_text("supported")
    badge.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Guide: tio växter som tål allt")
