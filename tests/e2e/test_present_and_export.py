"""A CX lead presents the demo's map in a meeting — phase by phase with the arrow keys — and then
downloads it as PNG and PDF from the map's menu and opens both. Saves docs/screenshots/present.png."""

from __future__ import annotations

import re

from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import save_screenshot, sign_in_to_the_demo

JOURNEY = "Skapa ett frodande hem"


def _open_the_map(page, base: str) -> str:
    sign_in_to_the_demo(page, base)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.get_by_role("link", name=JOURNEY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(JOURNEY)
    return re.search(r"/journeys/([^/?#]+)", page.url).group(1)


def _press(page, key: str) -> None:
    """A key, once present.js listens (it shows the Full screen button when it starts)."""
    expect(page.locator("#present-fullscreen")).to_be_visible()
    page.keyboard.press(key)


def test_present_the_map_with_the_keyboard_then_download_png_and_pdf(demo_reading_server, page, tmp_path):
    journey_id = _open_the_map(page, demo_reading_server.url)
    body = page.request.get(f"{demo_reading_server.url}/api/v1/journeys/{journey_id}").json()
    phases = body["phases"]
    titles = [s["title"] for p in phases for s in p["steps"]]

    page.locator("#map-export summary").click()
    page.get_by_role("link", name="Present").click()
    where = page.locator("#present-where")
    expect(where).to_have_text(f"Phase 1 of {len(phases)}")
    expect(page.get_by_role("heading", level=1)).to_have_text(phases[0]["title"])
    expect(page.locator(".present__curve svg.curve circle.point")).to_have_count(
        len([s for s in phases[0]["steps"] if s["emotion"] is not None]))
    expect(page.locator("header.topbar")).to_have_count(0)  # no page chrome

    _press(page, "ArrowRight")
    expect(where).to_have_text(f"Phase 2 of {len(phases)}")
    expect(page.get_by_role("heading", level=1)).to_have_text(phases[1]["title"])
    focus = page.locator("#present-step-title")
    expect(focus).to_contain_text(phases[1]["steps"][0]["title"])
    _press(page, "ArrowDown")
    expect(focus).to_contain_text(phases[1]["steps"][1]["title"])
    _press(page, "ArrowRight")
    expect(where).to_have_text(f"Phase 3 of {len(phases)}")
    _press(page, "ArrowLeft")
    expect(where).to_have_text(f"Phase 2 of {len(phases)}")
    # the step with the most quotes, as the team would show it
    quoted = next(s for p in phases for s in p["steps"] if s["title"] == "Packar upp växterna")
    page.goto(page.url.split("?")[0] + f"?phase=all&step={quoted['id']}")
    expect(focus).to_contain_text("Packar upp växterna")
    expect(page.locator(".present__quotes li").first).to_be_visible()
    page.set_viewport_size({"width": 1440, "height": 900})
    save_screenshot(page, "present.png")
    _press(page, "Escape")
    expect(page.get_by_role("heading", level=1)).to_have_text(JOURNEY)

    page.locator("#map-export summary").click()
    with page.expect_download() as png_download:
        page.get_by_role("link", name="Map as PNG").click()
    png = tmp_path / "map.png"
    png_download.value.save_as(png)
    assert png_download.value.suggested_filename == f"{JOURNEY}.png"
    columns = sum(max(len(p["steps"]), 1) for p in phases)
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.width == 16 + 150 + columns * 176 + 16  # every step's column, the lane labels

    if page.locator("#map-export").get_attribute("open") is None:  # a download leaves the menu as it was
        page.locator("#map-export summary").click()
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Map as PDF, A4 landscape").click()
    pdf = tmp_path / "map.pdf"
    pdf_download.value.save_as(pdf)
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 1
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for title in titles:
        assert title in text
