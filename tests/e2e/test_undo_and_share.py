"""A CX lead deletes a step that carries evidence (the confirmation says what is unlinked), undoes
it and finds the step back with its evidence; then shares a snapshot with a link, which opens the
map read-only in a browser that is not signed in — and nothing else — until it is revoked."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in_to_the_demo

JOURNEY, STEP = "Skapa ett frodande hem", "Packar upp växterna"


def test_delete_a_step_with_evidence_undo_it_and_find_it_back(demo_server, page):
    sign_in_to_the_demo(page, demo_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.get_by_role("link", name=JOURNEY).click()
    map_url = page.url
    page.get_by_role("button", name="Edit the map").click()  # editing (and Undo) is one toggle away; remembered
    evidence_link = page.get_by_role("link", name=re.compile(rf"\d+ evidence for {STEP}$"))
    count_before = evidence_link.inner_text()

    page.get_by_role("link", name=f"Edit step {STEP}").click()
    page.get_by_role("link", name="Delete step…").click()
    # the confirmation names what the step carries before anything goes
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Delete the step “{STEP}”?")
    expect(page.locator(".confirm__affected").first).to_contain_text("lose their link to this step")
    page.get_by_role("button", name="Delete the step").click()
    expect(page.locator("table.map .step__title", has_text=STEP)).to_have_count(0)

    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("Undone")
    expect(page.locator("table.map .step__title", has_text=STEP)).to_have_count(1)
    expect(evidence_link).to_have_text(count_before)
    evidence_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(STEP)
    expect(page.locator("main")).to_contain_text("“")  # its quotes are back on it

    # once more, taken back from the keyboard this time (Ctrl+Z)
    page.goto(map_url)
    page.get_by_role("link", name=f"Edit step {STEP}").click()
    page.get_by_role("link", name="Delete step…").click()
    page.get_by_role("button", name="Delete the step").click()
    expect(page.locator("table.map .step__title", has_text=STEP)).to_have_count(0)
    page.locator("body").press("Control+z")
    expect(page.get_by_role("status")).to_contain_text("Undone")
    expect(page.locator("table.map .step__title", has_text=STEP)).to_have_count(1)
    expect(evidence_link).to_have_text(count_before)


def test_edit_a_title_in_place_undo_it_and_redo_it_by_button_and_keyboard(demo_server, page):
    sign_in_to_the_demo(page, demo_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.get_by_role("link", name=JOURNEY).click()
    page.get_by_role("button", name="Edit the map").click()
    title = page.locator("table.map tr.step-row .step__title").nth(1)
    before = title.inner_text()

    page.locator("table.map tr.step-row th.step .step__head").nth(1).click()
    page.locator("table.map .cell-editor").fill("Sparar bilder på växter")
    page.locator("table.map .cell-editor").press("Enter")
    expect(title).to_have_text("Sparar bilder på växter")

    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("Undone")
    expect(title).to_have_text(before)
    page.get_by_role("button", name="Redo").click()
    expect(page.get_by_role("status")).to_contain_text("Redone: changed “Title” of a step.")
    expect(title).to_have_text("Sparar bilder på växter")

    # the same from the keyboard: Ctrl+Z, then Ctrl+Shift+Z; Ctrl+Z again, then Ctrl+Y
    for redo_key in ("Control+Shift+z", "Control+y"):
        page.locator("body").press("Control+z")
        expect(page.get_by_role("status")).to_contain_text("Undone")
        expect(title).to_have_text(before)
        page.locator("body").press(redo_key)
        expect(page.get_by_role("status")).to_contain_text("Redone")
        expect(title).to_have_text("Sparar bilder på växter")
    page.get_by_role("button", name="Redo").click()  # nothing undone since: the map says so and stays
    expect(page.get_by_role("alert")).to_contain_text("Nothing to redo")
    expect(title).to_have_text("Sparar bilder på växter")


def test_share_a_snapshot_open_it_signed_out_then_revoke_it(demo_server, page, browser):
    sign_in_to_the_demo(page, demo_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.get_by_role("link", name=JOURNEY).click()
    journey_path = page.url.split(demo_server.url, 1)[1]
    page.get_by_role("link", name="Share links").click()
    page.get_by_label("Expires after (days)").fill("7")
    page.get_by_role("button", name="Create the link").click()
    url = page.locator("#new-link-url").input_value()
    assert "/shared/" in url

    stranger = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        visitor = stranger.new_page()
        visitor.set_default_timeout(15_000)
        assert visitor.goto(url).status == 200
        expect(visitor.get_by_role("heading", level=1)).to_have_text(JOURNEY)
        expect(visitor.locator("table.map")).to_contain_text(STEP)
        expect(visitor.locator("svg.curve")).to_have_count(1)
        expect(visitor.get_by_role("navigation")).to_have_count(0)
        expect(visitor.get_by_role("search")).to_have_count(0)
        token = url.rsplit("/", 1)[1]
        base = demo_server.url
        for other in (f"{base}{journey_path}?share={token}", f"{base}/shared/{token}{journey_path}",
                      f"{base}/w/vaxtbutiken/quotes?share={token}", f"{base}/search?q=v%C3%A4xt&share={token}"):
            assert visitor.goto(other).status == 404, other
        visitor.goto(f"{base}{journey_path}")  # the live map itself asks for an account
        expect(visitor.locator("table.map")).to_have_count(0)

        expect(page.locator("table.share-links tbody tr")).to_have_count(1)
        page.get_by_role("button", name=re.compile("^Revoke")).click()
        expect(page.get_by_role("status")).to_contain_text("revoked")
        assert visitor.goto(url).status == 404
        expect(visitor.locator("body")).not_to_contain_text(STEP)
    finally:
        stranger.close()
