"""A burst of failed sign-ins from one address is refused with 429 and logged."""

from __future__ import annotations

import logging

from tests.conftest import sign_in
from tests.web.conftest import text

LIMIT = 5  # config/testing.toml: login_rate_limit = "5 per minute"


def test_sixth_failed_login_in_a_burst_gets_429_and_is_logged(client, team, caplog):
    caplog.set_level(logging.WARNING, logger="insightrepo.security")
    for _ in range(LIMIT):
        assert sign_in(client, team.editor.email, "guessing wrong").status_code == 401
    assert not [r for r in caplog.records if r.name == "insightrepo.security"]

    response = sign_in(client, team.editor.email, "guessing wrong")

    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert "Too many attempts" in text(response)
    warnings = [r for r in caplog.records if r.name == "insightrepo.security" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "editor@example.org" in warnings[0].getMessage()
    assert "127.0.0.1" in warnings[0].getMessage()


def test_while_limited_even_the_right_password_is_refused(client, team):
    for _ in range(LIMIT):
        sign_in(client, team.editor.email, "guessing wrong")

    response = sign_in(client, team.editor.email)

    assert response.status_code == 429
    assert client.get("/w/alpha/").status_code == 302  # not signed in


def test_the_limit_is_per_address(client, new_client, team):
    for _ in range(LIMIT):
        sign_in(client, team.editor.email, "guessing wrong")

    colleague = new_client()
    colleague.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    response = sign_in(colleague, team.admin.email)

    assert response.status_code == 302


def test_successful_sign_ins_do_not_use_up_the_allowance(new_client, team):
    for _ in range(LIMIT + 2):
        assert sign_in(new_client(), team.editor.email).status_code == 302


def test_the_login_page_itself_is_never_limited(client, team):
    for _ in range(LIMIT):
        sign_in(client, team.editor.email, "guessing wrong")

    assert client.get("/login").status_code == 200
