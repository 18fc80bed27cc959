"""Signing in and out through the login form."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, csrf_token_from, sign_in
from tests.web.conftest import labelled_controls, submit, text


def test_login_page_has_labelled_email_and_password_fields(client):
    response = client.get("/login")

    assert response.status_code == 200
    controls = labelled_controls(text(response))
    assert controls["Email"]["type"] == "email"
    assert controls["Email"]["name"] == "email"
    assert controls["Password"]["type"] == "password"
    assert controls["Password"]["name"] == "password"
    assert controls["Keep me signed in on this device"]["type"] == "checkbox"


def test_untouched_fields_are_not_announced_as_invalid(client):
    html = text(client.get("/login"))

    assert "aria-invalid" not in html
    assert 'aria-describedby="None"' not in html


def test_wrong_password_shows_a_message_and_does_not_sign_in(client, team):
    response = sign_in(client, team.admin.email, "not the password")

    assert response.status_code == 401
    assert "Wrong email or password." in text(response)
    assert client.get("/w/alpha/").status_code == 302  # still sent to the login page


def test_unknown_email_gets_the_same_message(client, team):
    response = sign_in(client, "nobody@example.org")

    assert response.status_code == 401
    assert "Wrong email or password." in text(response)


def test_right_password_lands_on_the_workspace_dashboard(client, team):
    response = sign_in(client, team.admin.email)

    assert response.status_code == 302
    dashboard = client.get(response.headers["Location"], follow_redirects=True)
    assert dashboard.request.path == "/w/alpha/"
    assert "<h1>Alpha CX</h1>" in text(dashboard)


def test_email_is_matched_whatever_its_case(client, team):
    response = sign_in(client, "  Admin@Example.ORG ")

    assert response.status_code == 302


def test_a_protected_page_sends_to_login_and_back_after_signing_in(client, team):
    bounced = client.get("/tokens/")
    assert bounced.status_code == 302
    assert bounced.headers["Location"].startswith("/login?next=")

    login_page = client.get(bounced.headers["Location"])
    response = client.post(bounced.headers["Location"], data={
        "email": team.admin.email, "password": PASSWORD,
        "csrf_token": csrf_token_from(text(login_page)),
    })

    assert response.status_code == 302
    assert response.headers["Location"] == "/tokens/"


def _sign_in_with_next(client, user, next_url):
    page = client.get("/login")
    return client.post("/login", query_string={"next": next_url}, data={
        "email": user.email, "password": PASSWORD, "csrf_token": csrf_token_from(text(page)),
    })


def test_next_inside_the_site_is_honoured(client, team):
    response = _sign_in_with_next(client, team.admin, "/tokens/")

    assert response.headers["Location"] == "/tokens/"


@pytest.mark.parametrize("next_url", [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/w/alpha/",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",   # browsers drop the tab: "//evil.example"
    "/\n/evil.example",
    " //evil.example",
    "javascript:alert(1)",
])
def test_next_pointing_elsewhere_is_ignored(client, team, next_url):
    response = _sign_in_with_next(client, team.admin, next_url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/w/alpha/"  # and the user is signed in


def _set_cookie(response, name: str) -> str | None:
    return next((h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")), None)


def test_session_cookie_is_httponly_and_samesite_lax(client, team):
    response = sign_in(client, team.admin.email)

    cookie = _set_cookie(response, "session")
    assert cookie is not None
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_without_remember_me_no_remember_cookie_is_set(client, team):
    response = sign_in(client, team.admin.email)

    assert _set_cookie(response, "remember_token") is None


def test_remember_me_sets_an_httponly_samesite_lax_cookie(client, team):
    response = sign_in(client, team.admin.email, remember=True)

    cookie = _set_cookie(response, "remember_token")
    assert cookie is not None
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie


def test_remember_cookie_signs_the_user_in_after_the_browser_restarts(client, new_client, team):
    sign_in(client, team.admin.email, remember=True)
    remembered = client.get_cookie("remember_token").value

    restarted = new_client()  # the session cookie is gone, the persistent one is not
    restarted.set_cookie("remember_token", remembered)

    assert restarted.get("/w/alpha/").status_code == 200


def test_logout_signs_out(login, team):
    client = login(team.admin)

    response = submit(client, "/w/alpha/", "/logout")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "You are signed out." in text(client.get("/login"))
    assert client.get("/w/alpha/").headers["Location"].startswith("/login")


def test_logout_also_forgets_the_remembered_device(client, team):
    sign_in(client, team.admin.email, remember=True)

    response = submit(client, "/w/alpha/", "/logout")

    forget = _set_cookie(response, "remember_token")
    assert forget is not None and ("Max-Age=0" in forget or "1970" in forget)
    assert client.get("/w/alpha/").status_code == 302


def test_logout_by_get_is_not_possible(login, team):
    client = login(team.admin)

    assert client.get("/logout").status_code == 405
    assert client.get("/w/alpha/").status_code == 200


def test_a_signed_in_user_opening_login_goes_to_their_workspace(login, team):
    client = login(team.admin)

    assert client.get("/login").headers["Location"] == "/"
