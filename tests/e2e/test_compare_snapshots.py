"""Flow (c): a CX lead compares the demo's March and September snapshots and reads what changed on
the map and which experiments the team ran in between, beside the steps that moved. Saves
docs/screenshots/compare.png."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot, sign_in_to_the_demo

MARCH, SEPTEMBER = "Efter 12 intervjuer", "Efter leveransförbättringarna"


def test_compare_march_with_september_and_read_what_changed_and_what_ran_in_between(demo_reading_server, page):
    sign_in_to_the_demo(page, demo_reading_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.get_by_role("link", name="Skapa ett frodande hem").click()
    page.get_by_role("link", name="Timeline").click()

    page.get_by_label(f"Compare from {MARCH}").check()
    page.get_by_label(f"Compare to {SEPTEMBER}").check()
    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What changed")
    expect(page.locator(".lede")).to_have_text(f"From {MARCH} (2026-03-02) to {SEPTEMBER} (2026-09-14).")
    # what changed: the thundercloud at unpacking is gone, the waiting and the complaint feel better
    unpacking = page.locator(".change-list li", has_text="Packar upp växterna")
    expect(unpacking).to_contain_text("changed")
    expect(unpacking).to_contain_text("emotion −2 → +1 (+3)")
    summary = page.locator(".summary")
    expect(summary).to_contain_text("3 changed")  # three redrawn; an experiment logged on a step is not a change
    expect(summary).to_contain_text("4 experiments in between")
    expect(summary).to_contain_text("thunderclouds +0 / −1")
    expect(summary).to_contain_text("quotes linked 2, unlinked 1")  # the follow-up quotes; the summary deleted
    expect(summary).to_contain_text("Packar upp växterna (+3)")
    expect(page.locator("table.map th.step--changed")).to_have_count(3)
    # what the team did in between, beside the steps that changed
    in_between = page.locator("#in-between")
    expect(in_between).to_contain_text("from 2026-03-02 to 2026-09-14")
    video = in_between.locator(".in-between__item", has_text="Välj din egen växt via video")
    expect(video).to_contain_text("supported")
    expect(video).to_contain_text("2026-05-04 – 2026-08-31")
    expect(video.locator(".in-between__steps")).to_contain_text("Packar upp växterna")
    sms = in_between.locator(".in-between__item", has_text="Sms om vinterförpackning")
    expect(sms.locator(".in-between__steps")).to_contain_text("Väntar på leveransen")
    expect(in_between.locator("details summary")).to_contain_text("more on steps that did not change")
    chat = in_between.locator(".in-between__item", has_text="Kvällsöppen chatt")  # abandoned, but it ran
    expect(chat).to_contain_text("2026-06-10 – 2026-07-01")
    expect(page.locator("svg.overlay g.series")).to_have_count(2)
    assert re.search(r"from=\w+&to=\w+|to=\w+&from=\w+", page.url)
    save_screenshot(page, "compare.png", full_page=True)

    video.get_by_role("link", name="Välj din egen växt via video").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Välj din egen växt via video")
