"""Errors outside the API are readable HTML pages in the site's layout."""

from __future__ import annotations

import pytest

from tests.web.conftest import elements, submit, text

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database


def test_an_unknown_url_gives_an_html_404_page(client):
    response = client.get("/no/such/page")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = text(response)
    assert "<h1>Not found</h1>" in html
    assert elements(html, "a", href="/")  # a way back
    assert not html.lstrip().startswith("{")


def test_an_unknown_url_when_signed_in_keeps_the_navigation(login, team):
    response = login(team.admin).get("/no/such/page")

    assert response.status_code == 404
    assert elements(text(response), "details", id="workspace-switcher")


def test_a_wrong_method_gives_an_html_page(client):
    response = client.delete("/login")

    assert response.status_code == 405
    assert response.mimetype == "text/html"


def test_a_forbidden_action_gives_an_html_403_page(login, team):
    response = submit(login(team.viewer), "/w/alpha/members/", "/w/alpha/members/",
                      {"email": "someone@example.org", "role": "viewer"})

    assert response.status_code == 403
    assert response.mimetype == "text/html"
    assert "<h1>Not allowed</h1>" in text(response)
