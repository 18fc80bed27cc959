"""Every page is sent with headers that keep browsers strict, and has nothing those headers would block."""

from __future__ import annotations

import pytest

from tests.web.conftest import parse, text

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database

PUBLIC_PAGES = ["/login", "/no/such/page"]
SIGNED_IN_PAGES = ["/w/alpha/", "/w/alpha/members/", "/tokens/", "/workspaces/new", "/w/beta/"]


def _policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response.headers["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def _assert_strict_headers(response) -> None:
    policy = _policy(response)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_security_headers(client, path):
    _assert_strict_headers(client.get(path))


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_send_security_headers(login, team, path):
    _assert_strict_headers(login(team.admin).get(path))


def test_error_pages_after_a_refused_form_send_security_headers(client):
    response = client.post("/login", data={})

    assert response.status_code == 400
    _assert_strict_headers(response)


def _assert_nothing_inline(html: str) -> None:
    for tag, attrs in parse(html).elements:
        assert tag != "style", "inline <style> is blocked by the policy"
        assert tag != "script" or attrs.get("src"), "inline <script> is blocked by the policy"
        assert "style" not in attrs, f"style attribute on <{tag}> is blocked by the policy"
        assert not [name for name in attrs if name.startswith("on")], f"event handler on <{tag}>"
        assert not (attrs.get("href") or "").startswith("javascript:")


def test_login_page_has_nothing_inline_the_policy_would_block(client):
    _assert_nothing_inline(text(client.get("/login")))


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_have_nothing_inline_the_policy_would_block(login, team, path):
    _assert_nothing_inline(text(login(team.admin).get(path)))


@pytest.mark.parametrize("path", [*SIGNED_IN_PAGES, "/w/gamma/", "/w/alpha/search?q=plant"])
def test_signed_in_pages_are_never_stored_by_a_browser_or_proxy_cache(login, team, path):
    """A shared computer's back button or a proxy's cache must not show a signed-in page to the next person."""
    response = login(team.admin).get(path)  # /w/gamma/: an error page, signed in

    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_cache_rules_when_signed_in(login, team):
    response = login(team.admin).get("/static/app.css")
    response.close()

    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_the_api_s_own_address_answers_as_the_api_does_json_in_english_never_stored(client):
    """``/api`` itself is the API (one test of "is this the API" for errors, language and caching):
    someone trying the API's root gets its JSON envelope in English, kept by no cache."""
    response = client.get("/api", headers={"Accept-Language": "sv"})

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert response.headers["Cache-Control"] == "no-store"
