"""A CX lead edits the demo map, takes a snapshot and sees the change highlighted in compare."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from insightrepo.demo import DEMO_EMAIL, DEMO_PASSWORD


def test_edit_the_demo_map_snapshot_it_and_see_the_change_in_compare(demo_server, page, tmp_path):
    base = demo_server.url
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.locator("#workspace-switcher summary").click()
    page.get_by_role("link", name=re.compile("Växtbutiken – kundresor")).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.get_by_role("link", name="Skapa ett frodande hem").click()
    page.get_by_role("button", name="Edit the map").click()  # the map opens for reading
    step = "Googlar ”lättskötta växter”"
    # one click on the step's score, then on +2 (static/map.js; the score forms are the no-JS way)
    column = page.locator("table.map tr.step-row th.step", has_text=step).evaluate("th => th.cellIndex - 1")
    page.locator("table.map tr[data-lane=scores] > td").nth(column).click()
    page.get_by_role("button", name="Emotion +2").click()
    expect(page.locator("table.map tr[data-lane=scores] > td").nth(column).locator(".score__value")).to_have_text("+2")

    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline")
    expect(page.locator(".timeline-table tbody tr")).to_have_count(4)  # live + the demo's three snapshots
    page.get_by_label("Label").fill("Efter e2e-testet")
    page.get_by_role("button", name="Take snapshot").click()
    expect(page.get_by_role("status")).to_contain_text("Snapshot “Efter e2e-testet” taken.")

    # from the autumn snapshot to the new one
    page.get_by_label("Compare from Efter leveransförbättringarna").check()
    page.get_by_label("Compare to Efter e2e-testet").check()
    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What changed")
    change = page.locator(".change-list li", has_text=step)
    expect(change).to_contain_text("changed")
    expect(change).to_contain_text("emotion 0 → +2 (+2)")
    # this edit; the three steps the team logged experiments on after September (demo/plant_experiments.py)
    # are not changed steps, they are listed apart
    expect(page.locator(".summary")).to_contain_text("1 changed")
    highlighted = page.locator("table.map th.step--changed")
    expect(highlighted).to_have_count(1)
    expect(highlighted.filter(has_text=step)).to_have_count(1)
    for logged in ("Växten tappar blad", "Väljer växter och kruka", "Tvivlar på sin gröna tumme"):
        expect(page.locator(".experiment-links li", has_text=logged)).to_contain_text("1 logged on it")
    expect(page.locator("svg.overlay g.series")).to_have_count(2)
    assert re.search(r"from=.*&to=|to=.*&from=", page.url)
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
