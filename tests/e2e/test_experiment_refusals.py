"""Issue 17 item 10 and issue 16 item 7: a refused form on an experiment's page (status, verdict,
measurement …) answers where it was sent — the address stays the experiment's, the message stands
beside the field, scrolled into view."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in_to_the_demo

VIDEO = "Välj din egen växt via video"  # concluded, the numbers suggest "supported"
DIAGNOSIS = "Fota bladet – få en diagnos"  # running since 2026-10-05


def _open_the_experiment(page, base: str, title: str) -> str:
    sign_in_to_the_demo(page, base)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Experiments").click()
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    path = urlparse(page.url).path
    assert re.fullmatch(r"/experiments/\w+", path), path
    return path


def test_a_refused_verdict_override_stays_on_the_experiment_with_the_message_in_view(demo_reading_server, page):
    path = _open_the_experiment(page, demo_reading_server.url, VIDEO)
    page.locator("#change-verdict summary").click()
    page.locator("#change-verdict").get_by_label("Verdict").select_option("refuted")
    page.locator("#change-verdict").get_by_role("button", name="Save the verdict").click()

    message = page.locator("#change-verdict p.error")
    expect(message).to_contain_text("say why the verdict is “refuted”")
    assert urlparse(page.url).path == path  # not …/verdict: reloading or sharing the address shows the experiment
    expect(message).to_be_in_viewport()
    expect(page.locator("#team-verdict")).to_contain_text("Our verdict: supported")  # nothing changed


def test_a_refused_status_move_stays_on_the_experiment_with_the_message_in_view(demo_reading_server, page):
    path = _open_the_experiment(page, demo_reading_server.url, DIAGNOSIS)
    page.locator("#move-abandoned summary").click()
    page.get_by_label("Abandoned on").fill("2026-01-01")  # before it started
    page.locator("#move-abandoned").get_by_role("button", name="Abandon").click()

    message = page.locator("#move-abandoned p.error")
    expect(message).to_contain_text("it cannot end before it started")
    assert urlparse(page.url).path == path  # not …/status
    expect(message).to_be_in_viewport()
    expect(page.locator("#experiment-status")).to_contain_text("running")  # nothing changed


def test_a_refused_measurement_stays_on_the_experiment_with_the_message_in_view(demo_server, page):
    path = _open_the_experiment(page, demo_server.url, DIAGNOSIS)  # a proportion, randomised
    form = page.locator("form", has=page.locator("input[name=form][value=measurement]"))
    form.get_by_label("Successes (how many had it)").fill("12")
    form.get_by_label("Out of (trials)").fill("10")  # fewer than the successes
    form.get_by_role("button", name="Record the measurement").click()

    message = page.locator("#successes-error")
    expect(message).to_contain_text("“Successes (how many had it)” cannot be more than “Out of (trials)”")
    assert urlparse(page.url).path == path  # not …/measurements
    expect(message).to_be_in_viewport()
    expect(page.locator("form", has=page.locator("input[name=form][value=measurement]"))
           .get_by_label("Successes (how many had it)")).to_have_value("12")  # what was typed, kept
