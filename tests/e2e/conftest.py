"""End-to-end tests: the fixtures (a real server, headless Chromium) are in
tests/browser_fixtures.py, shared with the trust tests; here, what only these tests use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser_fixtures import E2E_PASSWORD  # noqa: F401  (the tests import it from here)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def save_screenshot(page, name: str, **options) -> Path:
    """Save what the page shows as docs/screenshots/NAME (the README shows them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), animations="disabled", caret="hide", **options)
    return path


def sign_in_to_the_demo(page, base: str) -> None:
    """Sign in as the demo's CX lead and open the plant shop's workspace from the switcher."""
    from playwright.sync_api import expect

    from insightrepo.demo import DEMO_EMAIL, DEMO_PASSWORD

    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#workspace-switcher summary").click()
    page.get_by_role("link", name=re.compile("Växtbutiken – kundresor")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Växtbutiken – kundresor")
