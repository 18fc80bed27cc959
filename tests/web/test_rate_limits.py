"""A burst of failed sign-ins is refused with 429 and logged: counted per account and address, and
per address, in storage every worker shares (the database by default)."""

from __future__ import annotations

import logging

import pytest

from insightrepo import create_app
from insightrepo.db import Database
from tests.conftest import sign_in
from tests.web.conftest import text

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database

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


ADDRESS_LIMIT = 12  # config/testing.toml: login_address_rate_limit = "12 per minute"


def test_failures_against_one_account_do_not_lock_other_accounts_out_from_that_address(client, new_client, team):
    for _ in range(LIMIT):
        sign_in(client, team.editor.email, "guessing wrong")
    assert sign_in(client, team.editor.email, "guessing wrong").status_code == 429

    colleague = new_client()  # the same address (an office behind one router)
    assert sign_in(colleague, team.admin.email).status_code == 302


def test_one_address_trying_many_accounts_is_limited_as_a_whole(client, team, make_user):
    others = [make_user() for _ in range(ADDRESS_LIMIT // (LIMIT - 1) + 1)]
    statuses = [sign_in(client, user.email, "guessing wrong").status_code
                for user in others for _ in range(LIMIT - 1)]

    assert statuses[:ADDRESS_LIMIT] == [401] * ADDRESS_LIMIT
    assert set(statuses[ADDRESS_LIMIT:]) == {429}
    assert sign_in(client, team.admin.email).status_code == 429  # that address is done for now


def test_a_correct_password_from_another_address_still_works_while_one_address_is_limited(client, new_client, team,
                                                                                            make_user):
    for user in [make_user() for _ in range(ADDRESS_LIMIT // LIMIT + 1)]:
        for _ in range(LIMIT):
            sign_in(client, user.email, "guessing wrong")
    for _ in range(LIMIT):
        sign_in(client, team.editor.email, "guessing wrong")

    elsewhere = new_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert sign_in(elsewhere, team.editor.email).status_code == 302


def test_without_trusted_proxies_a_forwarded_for_header_is_ignored(client, team):
    for n in range(LIMIT):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{n}"  # a fresh address each time: a lie
        sign_in(client, team.editor.email, "guessing wrong")

    client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.200"
    assert sign_in(client, team.editor.email, "guessing wrong").status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_forwarded_address(tmp_path, database, team):
    app = create_app({"env": "testing", "data_dir": str(tmp_path), "trusted_proxies": 1},
                     database=Database(database.bind))
    app.extensions["insightrepo.limiter"].reset()
    attacker, colleague = app.test_client(), app.test_client()
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    colleague.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.4"
    for _ in range(LIMIT):
        sign_in(attacker, team.editor.email, "guessing wrong")

    assert sign_in(attacker, team.editor.email).status_code == 429
    assert sign_in(colleague, team.editor.email).status_code == 302  # the proxy's own address is not the key


def test_the_counts_live_in_the_database_so_every_worker_sees_them(tmp_path, database, team, client):
    other_worker = create_app({"env": "testing", "data_dir": str(tmp_path)}, database=Database(database.bind))
    other_worker = other_worker.test_client()
    for n in range(LIMIT):
        sign_in(client if n % 2 else other_worker, team.editor.email, "guessing wrong")

    assert sign_in(other_worker, team.editor.email, "guessing wrong").status_code == 429
    assert sign_in(client, team.editor.email, "guessing wrong").status_code == 429
