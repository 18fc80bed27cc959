"""A CX lead builds a small journey map in the browser, reorders a step and sees the curve change."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import E2E_PASSWORD


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(E2E_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _add_step(page: Page, phase: str, title: str, emotion: str, marker: str = "no marker") -> None:
    page.get_by_role("link", name=f"+ Step in {phase}").click()
    page.get_by_label("Step", exact=True).fill(title)
    page.get_by_label("Emotion", exact=True).select_option(label=emotion)
    page.get_by_label("Marker").select_option(label=marker)
    page.get_by_role("button", name="Add step").click()


def _curve_scores(page: Page) -> list[int]:
    """The emotion of each point on the map's curve, left to right."""
    points = page.locator("table.map svg.curve circle.point")
    pairs = [(float(points.nth(i).get_attribute("cx")), int(points.nth(i).get_attribute("data-emotion")))
             for i in range(points.count())]
    return [emotion for _, emotion in sorted(pairs)]


def test_build_a_journey_reorder_a_step_and_see_the_curve_change(live_server, browser, tmp_path):
    # without JavaScript: the map's forms and the step form are the way in (static/map.js only enhances)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    live_server.cli("user", "create", "lead@example.org", "--password-stdin", "--workspace", "plantshop",
                    input=E2E_PASSWORD + "\n")
    base = live_server.url
    _sign_in(page, base, "lead@example.org")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    page.get_by_role("link", name="New journey").click()
    page.get_by_label("Title").fill("Skapa ett frodande hem")
    page.get_by_label("Kind").select_option("researched")
    page.get_by_role("button", name="Create journey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skapa ett frodande hem")
    page.get_by_role("button", name="Edit the map").click()  # the map opens for reading

    page.get_by_label("Phase name").fill("Köpa och få hem växterna")
    page.get_by_role("button", name="Add phase").click()
    _add_step(page, "Köpa och få hem växterna", "Väljer växter", "+2 very positive", "♥ heart")
    _add_step(page, "Köpa och få hem växterna", "Packar upp växterna", "−2 very negative", "☁ thundercloud")
    _add_step(page, "Köpa och få hem växterna", "Ställer växten i fönstret", "0 neutral")

    steps = page.locator("table.map .step__title")
    expect(steps).to_have_text(["Väljer växter", "Packar upp växterna", "Ställer växten i fönstret"])
    assert _curve_scores(page) == [2, -2, 0]
    expect(page.locator("table.map svg.curve use.marker--heart")).to_have_count(1)
    expect(page.locator("#health")).to_contain_text("researched")

    page.get_by_role("button", name="Move step Väljer växter later").click()
    expect(steps).to_have_text(["Packar upp växterna", "Väljer växter", "Ställer växten i fönstret"])
    assert _curve_scores(page) == [-2, 2, 0]

    # A quick re-score from the map moves the point too.
    page.get_by_label("Emotion of Ställer växten i fönstret").select_option("1")
    page.get_by_role("button", name="Set emotion and marker of Ställer växten i fönstret").click()
    assert _curve_scores(page) == [-2, 2, 1]
    page.screenshot(path=str(tmp_path / "journey-map.png"), full_page=True)
    context.close()
