"""Form controls are drawn alike: the experiment form's "Minimum effect" is as tall as its title
(it was 21 px, the browser's bare number input; it is now a text input that takes a decimal comma,
and every text-like control on the form must keep one height)."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import E2E_PASSWORD


def test_number_and_text_inputs_are_equally_tall(live_server, page: Page):
    live_server.cli("user", "create", "lead@example.org", "--password-stdin", "--workspace", "plantshop",
                    input=E2E_PASSWORD + "\n")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email").fill("lead@example.org")
    page.get_by_label("Password").fill(E2E_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/w/plantshop/experiments/new")

    effect = page.get_by_label("Minimum effect that matters").bounding_box()["height"]
    title = page.get_by_label("Title").bounding_box()["height"]
    assert round(effect) == round(title) and title > 30
    heights = {round(box["height"]) for box in (field.bounding_box() for field in page.locator(
        "input[type=text], input[type=number], input[type=email]").all()) if box}
    assert heights == {round(title)}
