"""Flow (b): a CX lead searches for a quote that has left the live map — the support agent's summary
the demo team deleted in the summer — finds it "In snapshots" and opens it in the March snapshot that
still holds it. Saves docs/screenshots/search-history.png."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot, sign_in_to_the_demo

QUOTE = "Kunden ringde upprörd: monsteran frös under transporten och hon vill ha pengarna tillbaka."


def test_search_a_quote_removed_from_the_map_and_open_it_in_its_snapshot(demo_reading_server, page):
    sign_in_to_the_demo(page, demo_reading_server.url)

    page.get_by_role("search").get_by_label("Search Växtbutiken – kundresor").fill("frös")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search Växtbutiken – kundresor")
    expect(page.locator(".results-count")).to_have_text("0 results for “frös”")  # gone from today's maps

    page.get_by_role("link", name="Look in the snapshots").click()
    expect(page.locator(".results-count")).to_contain_text("in snapshots")
    hit = page.locator("li.search-hit", has_text="Kunden ringde upprörd")
    expect(hit).to_have_count(1)
    expect(hit.locator(".search-hit__snapshot")).to_have_text("in the snapshot “Efter 12 intervjuer” of 2026-03-02")
    expect(hit.locator(".search-hit__snippet mark")).to_have_text("frös")
    expect(hit.get_by_role("heading", level=3)).to_have_text("“Kunden ringde upprörd: monsteran frös under transporten och…”")  # titled by its first words
    save_screenshot(page, "search-history.png")

    hit.get_by_role("heading", level=3).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/snapshots/\w+#quote-\w+$"))
    expect(page.locator("#snapshot-h")).to_have_text("Snapshot “Efter 12 intervjuer” — the map as of 2026-03-02")
    quote = page.locator(".snapshot-evidence li:target")
    expect(quote).to_contain_text(f"“{QUOTE}” — P10, 2026-02-18")
    expect(quote).to_be_in_viewport()
    step = quote.locator("xpath=ancestor::section[1]").get_by_role("heading", level=3)
    expect(step).to_have_text("Väntar på leveransen")  # the step the quote supported in March
