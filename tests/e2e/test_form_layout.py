"""Form controls of every type are drawn alike: a number is as tall as a text (the experiment
form's "Minimum effect" was 21 px, the browser's bare default)."""

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

    number = page.locator("input[type=number]").first.bounding_box()["height"]
    text = page.locator("input[type=text]").first.bounding_box()["height"]
    assert round(number) == round(text) and text > 30
