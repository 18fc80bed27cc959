"""A long unbroken string (a 20,000-character quote without a space, a step or experiment title
without one) wraps or is clipped: no page grows wider than the window (it made the library
199,081 px wide)."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import E2E_PASSWORD

WIDTH = 1440
LONG = "Reklamationsformulärsinlämningsbekräftelse" * 476  # 19,992 characters, no space


def test_no_page_is_wider_than_the_window_with_long_unbroken_text(live_server, page: Page):
    live_server.cli("user", "create", "lead@example.org", "--password-stdin", "--workspace", "plantshop",
                    input=E2E_PASSWORD + "\n")
    token = live_server.cli("token", "create", "lead@example.org").stdout.strip().splitlines()[-1]
    api = page.request
    headers = {"Authorization": f"Bearer {token}"}

    def post(path, body):
        response = api.post(f"{live_server.url}/api/v1{path}", data=body, headers=headers)
        assert response.status in (200, 201), response.text()
        return response.json()

    journey = post("/workspaces/plantshop/journeys", {"title": LONG[:200]})
    phase = post(f"/journeys/{journey['id']}/phases", {"title": LONG[:200]})
    step = post(f"/phases/{phase['id']}/steps", {"title": LONG[:200], "thoughts": LONG[:2000], "emotion": -1})
    quote = post("/workspaces/plantshop/quotes", {"text": LONG, "step_ids": [step["id"]], "tags": [LONG[:60]]})
    experiment = post("/workspaces/plantshop/experiments", {
        "title": LONG[:200], "step_ids": [step["id"]],
        "metric": {"name": LONG[:200], "kind": "proportion", "direction": "decrease"}})

    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email").fill("lead@example.org")
    page.get_by_label("Password").fill(E2E_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    too_wide = {}
    for path in ["/w/plantshop/quotes", f"/quotes/{quote['id']}", f"/journeys/{journey['id']}",
                 f"/steps/{step['id']}/evidence", f"/steps/{step['id']}/edit", f"/experiments/{experiment['id']}",
                 "/w/plantshop/experiments", "/w/plantshop/journeys", "/w/plantshop/tags",
                 f"/journeys/{journey['id']}/timeline", f"/journeys/{journey['id']}/history",
                 f"/journeys/{journey['id']}/present", f"/journeys/{journey['id']}/present?phase=all",
                 "/w/plantshop/search?q=Reklamationsformulärsinlämningsbekräftelse*"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[path] = width
    assert too_wide == {}
