"""A new team member signs in through the real form in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import E2E_PASSWORD


def test_sign_in_through_the_form_and_see_the_dashboard(live_server, page, tmp_path):
    live_server.cli("user", "create", "maja@example.org", "--password-stdin", "--name", "Maja",
                    "--workspace", "kundresor", input=E2E_PASSWORD + "\n")

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login?next=%2F")
    page.get_by_label("Email").fill("maja@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong email or password.")

    page.get_by_label("Password").fill(E2E_PASSWORD)
    page.get_by_label("Keep me signed in on this device").check()
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/w/kundresor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("kundresor")
    expect(page.get_by_role("banner")).to_contain_text("Maja")
    cookies = {c["name"]: c for c in page.context.cookies()}
    for name in ("session", "remember_token"):  # a production server (gunicorn) sets both so
        assert cookies[name]["httpOnly"] and cookies[name]["secure"], name
        assert cookies[name]["sameSite"] == "Lax", name
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_signing_out_needs_the_menu_and_ends_the_session(live_server, page):
    live_server.cli("user", "create", "per@example.org", "--password-stdin", "--workspace", "cx",
                    input=E2E_PASSWORD + "\n")
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email").fill("per@example.org")
    page.get_by_label("Password").fill(E2E_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/w/cx/")

    page.locator("#user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    page.goto(f"{live_server.url}/w/cx/")
    expect(page).to_have_url(f"{live_server.url}/login?next=%2Fw%2Fcx%2F")
