"""Every answer the app gives a browser — pages, redirects, JSON, SVG images, static files and
error pages — carries the headers that keep browsers strict: a Content-Security-Policy that allows
no inline or eval'd script, X-Content-Type-Options: nosniff, a Referrer-Policy that keeps addresses
on the site, and frame denial. The routes are read from the app's own route table. Pages hold
nothing the policy would block. The session and remember-me cookies are HttpOnly, SameSite=Lax, and
Secure in production."""

from __future__ import annotations

import secrets

import pytest

from insightrepo import create_app
from insightrepo.db import Database
from tests.conftest import PASSWORD, csrf_token_from, sign_in
from tests.trust.browser_world import expand, routes, world  # noqa: F401
from tests.web.conftest import parse

pytestmark = pytest.mark.sqlite_only  # who may do what and what a browser is sent; the queries are the services', tested on both databases

STRICT_REFERRER = ("same-origin", "strict-origin-when-cross-origin", "strict-origin", "no-referrer")


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request.path}: no Content-Security-Policy"
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0].lower(): d[1:] for d in directives}


def assert_strict(response, where: str) -> None:
    policy = policy_of(response)
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts is not None, f"{where}: no script-src or default-src"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "*", "http:", "https:"} & set(
        scripts), f"{where}: scripts allowed from {scripts}"
    for name in ("script-src-attr", "script-src-elem"):
        assert "'unsafe-inline'" not in policy.get(name, []), f"{where}: {name} allows inline script"
    assert policy.get("object-src", policy.get("default-src")) in (["'none'"], ["'self'"]), where
    assert "base-uri" in policy or policy.get("default-src") == ["'none'"], f"{where}: <base> can be injected"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") in STRICT_REFERRER, where
    assert response.headers.get("X-Frame-Options") == "DENY", where
    if response.mimetype == "image/svg+xml":
        # the app's own pages may show the curve; no other site may frame it
        assert policy["frame-ancestors"] in (["'none'"], ["'self'"]), where
    else:
        assert policy["frame-ancestors"] == ["'none'"], where


def assert_nothing_inline(html: str, where: str) -> None:
    """What the policy would block is not in the page (the page would break in the browser)."""
    for tag, attrs in parse(html).elements:
        assert tag != "style", f"{where}: inline <style>"
        assert tag != "script" or attrs.get("src"), f"{where}: inline <script>"
        assert "style" not in attrs, f"{where}: style attribute on <{tag}>"
        assert not [name for name in attrs if name.startswith("on")], f"{where}: event handler on <{tag}>"
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), where


def _get_paths(app, world) -> list[str]:
    paths = []
    for route in routes(app):
        if "GET" in route.methods:
            paths += [path for _, path in expand(route, world)]
    return paths


def test_every_page_json_answer_and_svg_is_sent_with_strict_headers(app, login, team, world):
    """Every GET route of the app, signed in as an admin: HTML, JSON under /api, the curve's SVG."""
    client = login(team.admin)
    seen = set()
    for path in _get_paths(app, world):
        response = client.get(path)
        assert response.status_code < 500, path
        assert_strict(response, path)
        seen.add(response.mimetype)
        if response.mimetype == "text/html" and response.status_code == 200:
            assert_nothing_inline(response.get_data(as_text=True), path)
        if path.startswith("/api/"):
            assert response.mimetype == "application/json", path
            assert response.headers["Cache-Control"] == "no-store", path
    assert {"text/html", "application/json", "image/svg+xml"} <= seen


def test_public_pages_redirects_and_static_files_are_sent_with_strict_headers(client, session, team, world):
    for path in ("/login", "/", "/w/alpha/", f"/invitations/{world['secret']}", "/static/app.css",
                 "/static/favicon.svg", "/api/v1/openapi.json"):
        with client.get(path) as response:
            assert response.status_code in (200, 302), path
            assert_strict(response, path)


@pytest.mark.parametrize("method, path, status, signed_in", [
    ("GET", "/no/such/page", 404, True), ("GET", "/journeys/no-such-journey", 404, True),
    ("POST", "/w/alpha/", 405, True), ("POST", "/tokens/", 400, True), ("GET", "/api/v1/no/such/thing", 404, True),
    ("DELETE", "/api/v1/me", 405, True), ("GET", "/api/v1/me", 401, False),
    ("GET", "/journeys/x/curve.svg", 401, False), ("GET", "/w/alpha/", 302, False),
])
def test_error_pages_and_error_answers_are_sent_with_strict_headers(app, login, team, method, path, status,
                                                                     signed_in):
    client = login(team.admin) if signed_in else app.test_client()
    response = client.open(path, method=method)
    assert response.status_code == status
    assert_strict(response, f"{method} {path}")
    if response.mimetype == "text/html" and status != 302:
        assert_nothing_inline(response.get_data(as_text=True), path)


def test_a_body_too_large_is_refused_with_strict_headers(app, login, team):
    client = login(team.admin)
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    for path in ("/w/alpha/journeys/new", "/api/v1/workspaces/alpha/journeys"):
        response = client.post(path, data={"title": too_big})
        assert response.status_code == 413, path
        assert_strict(response, path)


def test_a_server_error_page_is_sent_with_strict_headers(app, login, team, monkeypatch):
    client = login(team.admin)

    def broken(**_):
        raise RuntimeError("a bug")

    monkeypatch.setitem(app.view_functions, "journeys.index", broken)
    monkeypatch.setitem(app.view_functions, "api-me.get_me", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    for path in ("/w/alpha/journeys", "/api/v1/me"):
        response = client.get(path)
        assert response.status_code == 500, path
        assert_strict(response, path)
        assert "a bug" not in response.get_data(as_text=True), path


# ---- cookies ------------------------------------------------------------------------------

def _set_cookie(response, name: str) -> dict[str, str | bool]:
    header = next((h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")), None)
    assert header is not None, f"no {name} cookie set"
    attributes: dict[str, str | bool] = {}
    for part in header.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        attributes[key.lower()] = value or True
    return attributes


@pytest.fixture
def production_app(connection, tmp_path):
    """The app as `INSIGHTREPO_ENV=production` builds it (secret key set), on the test's database."""
    return create_app({"env": "production", "secret_key": secrets.token_hex(32), "data_dir": str(tmp_path)},
                      database=Database(connection))


def _sign_in_over_https(app, email: str, remember: bool):
    client = app.test_client()
    base = "https://insightrepo.example"
    token = csrf_token_from(client.get("/login", base_url=base).get_data(as_text=True))
    form = {"email": email, "password": PASSWORD, "csrf_token": token, **({"remember": "y"} if remember else {})}
    return client.post("/login", base_url=base, data=form, headers={"Referer": f"{base}/login"})


def test_in_production_the_session_and_remember_cookies_are_secure_httponly_and_lax(production_app, team):
    response = _sign_in_over_https(production_app, team.admin.email, remember=True)

    assert response.status_code == 302
    for name in ("session", "remember_token"):
        cookie = _set_cookie(response, name)
        assert cookie.get("secure") is True, name
        assert cookie.get("httponly") is True, name
        assert cookie.get("samesite") == "Lax", name
        assert "domain" not in cookie, name  # only this host, not its siblings
    assert_strict(response, "production sign-in")


def test_in_production_a_form_posted_from_another_site_is_refused(production_app, team):
    """Over HTTPS, Flask-WTF also checks the Referer: a form on another site cannot post here even with
    a token it somehow got."""
    client = production_app.test_client()
    base = "https://insightrepo.example"
    token = csrf_token_from(client.get("/login", base_url=base).get_data(as_text=True))
    form = {"email": team.admin.email, "password": PASSWORD, "csrf_token": token}

    elsewhere = client.post("/login", base_url=base, data=form, headers={"Referer": "https://evil.example/x"})
    no_referrer = client.post("/login", base_url=base, data=form)

    assert (elsewhere.status_code, no_referrer.status_code) == (400, 400)
    assert client.get("/w/alpha/", base_url=base).status_code == 302  # not signed in


def test_outside_production_cookies_are_httponly_and_lax_too(client, team):
    response = sign_in(client, team.admin.email, remember=True)

    for name in ("session", "remember_token"):
        cookie = _set_cookie(response, name)
        assert cookie.get("httponly") is True and cookie.get("samesite") == "Lax", name
