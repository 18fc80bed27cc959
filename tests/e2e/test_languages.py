"""The interface in the reader's language: the plant shop's Swedish-speaking lead signs in to the
demo and reads the map, a date and an experiment's result in Swedish (decimal comma), then chooses
Finnish in the profile and reads Finnish."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from insightrepo.demo import DEMO_PASSWORD, SWEDISH_EMAIL

SWEDISH_MONTHS = r"(jan|feb|mars|apr|maj|juni|juli|aug|sep|okt|nov|dec)\.?"


def test_the_swedish_lead_reads_swedish_then_chooses_finnish(demo_server, page):
    page.goto(f"{demo_server.url}/login")
    page.get_by_label("Email").fill(SWEDISH_EMAIL)  # the browser asks for English: the login page is English
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Her own choice (Swedish) wins over the browser's English from here on.
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_role("link", name="Kundresor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kundresor")
    page.get_by_role("link", name="Skapa ett frodande hem").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Experiment")).to_be_visible()

    # an experiment of the plant shop: Swedish dates, a decimal comma in its result
    menu = page.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_role("link", name="Experiment").click()
    page.get_by_role("link", name="Välj din egen växt via video").click()
    status = page.locator("#experiment-status")
    expect(status).to_contain_text("startat")
    expect(status).to_contain_text(re.compile(r"\d{1,2} " + SWEDISH_MONTHS + r" \d{4}"))
    expect(page.locator("#difference")).to_contain_text(re.compile(r"[−+]?\d+,\d procentenheter"))
    expect(page.get_by_role("heading", name="Test Card")).to_be_visible()
    expect(page.get_by_role("heading", name="Mätningar")).to_be_visible()

    # the profile: Finnish
    page.locator("#user-menu summary").click()
    page.get_by_role("link", name="Din profil").click()
    page.get_by_label("Gränssnittets språk").select_option("fi")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Profiilisi on tallennettu.")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    menu = page.get_by_role("navigation", name="Päävalikko")
    expect(menu.get_by_role("link", name="Asiakaspolut")).to_be_visible()
    menu.get_by_role("link", name="Kokeilut").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kokeilut")


def test_a_cell_refused_in_place_on_the_swedish_map_says_why_in_swedish(demo_server, page):
    """map.js asks the API in the page's language (<html lang>), though the browser asks for English."""
    page.goto(f"{demo_server.url}/login")
    page.get_by_label("Email").fill(SWEDISH_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kundresor").click()
    page.get_by_role("link", name="Skapa ett frodande hem").click()
    page.locator("button[name=editing][value=on]").click()
    expect(page.locator("table.map.map--editing")).to_be_visible()

    page.locator("table.map tr[data-lane=touchpoint] td").nth(0).click()
    editor = page.locator("table.map .cell-editor")
    expect(editor).to_be_focused()
    editor.fill("x" * 201)
    editor.press("Enter")

    expect(page.locator("table.map .cell-error")).to_have_text("”Beröringspunkt” får vara högst 200 tecken")
