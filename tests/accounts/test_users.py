"""Accounts: creating users, signing in, and how passwords are kept."""

from __future__ import annotations

import pytest

from insightrepo.accounts import users
from insightrepo.errors import Conflict, Invalid
from tests.conftest import PASSWORD

GOOD_PASSWORD = "long enough password"


def test_create_user_normalises_email_and_name(session):
    user = users.create_user(session, "  Nina@Example.ORG ", GOOD_PASSWORD, "  Nina Newcomer ")

    assert user.email == "nina@example.org"
    assert user.display_name == "Nina Newcomer"
    assert user.is_active
    assert users.find_user_by_email(session, "NINA@example.org") is user


@pytest.mark.parametrize("email", ["", "nina", "nina@", "nina@example", "ni na@example.org",
                                   "a@b@example.org", "x" * 250 + "@example.org"])
def test_create_user_rejects_a_malformed_email_with_a_field_message(session, email):
    with pytest.raises(Invalid) as error:
        users.create_user(session, email, GOOD_PASSWORD)

    assert set(error.value.fields) == {"email"}
    assert "email" in error.value.fields["email"]


def test_create_user_rejects_a_short_password_with_a_field_message(session):
    with pytest.raises(Invalid) as error:
        users.create_user(session, "nina@example.org", "123456789")

    assert error.value.fields == {"password": "password must be at least 10 characters"}


def test_create_user_rejects_an_absurdly_long_password(session):
    with pytest.raises(Invalid) as error:
        users.create_user(session, "nina@example.org", "x" * 1025)

    assert "password" in error.value.fields


def test_create_user_reports_every_bad_field_at_once(session):
    with pytest.raises(Invalid) as error:
        users.create_user(session, "nope", "short", "n" * 121)

    assert set(error.value.fields) == {"email", "password", "display_name"}


def test_a_ten_character_password_is_enough(session):
    assert users.create_user(session, "nina@example.org", "0123456789") is not None


def test_duplicate_email_in_any_case_is_a_conflict(session):
    users.create_user(session, "nina@example.org", GOOD_PASSWORD)

    with pytest.raises(Conflict) as error:
        users.create_user(session, "NINA@Example.org", GOOD_PASSWORD)

    assert error.value.details["fields"] == {"email": "already registered"}


def test_authenticate_returns_the_user_for_the_right_password(session, team):
    user = users.authenticate(session, "admin@example.org", PASSWORD)

    assert user is team.admin
    assert user.last_login_at is not None


def test_authenticate_ignores_email_case_and_spaces(session, team):
    assert users.authenticate(session, " Admin@EXAMPLE.org", PASSWORD) is team.admin


def test_authenticate_refuses_a_wrong_password(session, team):
    assert users.authenticate(session, "admin@example.org", PASSWORD + "!") is None
    assert users.authenticate(session, "admin@example.org", "") is None
    assert team.admin.last_login_at is None


def test_authenticate_refuses_an_unknown_email(session, team):
    assert users.authenticate(session, "nobody@example.org", PASSWORD) is None


def test_authenticate_refuses_an_inactive_user(session, team):
    team.editor.is_active = False
    session.flush()

    assert users.authenticate(session, "editor@example.org", PASSWORD) is None


def test_authenticate_refuses_a_user_without_a_password(session, make_user):
    user = make_user("sso@example.org")
    user.password_hash = None
    session.flush()

    assert users.authenticate(session, "sso@example.org", "") is None
    assert users.authenticate(session, "sso@example.org", PASSWORD) is None


def test_passwords_are_stored_as_argon2id_hashes_never_plain(session):
    user = users.create_user(session, "nina@example.org", GOOD_PASSWORD)

    assert user.password_hash.startswith("$argon2id$")
    assert GOOD_PASSWORD not in user.password_hash


def test_the_same_password_hashes_differently_for_two_users(session):
    one = users.create_user(session, "one@example.org", GOOD_PASSWORD)
    two = users.create_user(session, "two@example.org", GOOD_PASSWORD)

    assert one.password_hash != two.password_hash
    assert users.authenticate(session, "one@example.org", GOOD_PASSWORD) is one
    assert users.authenticate(session, "two@example.org", GOOD_PASSWORD) is two
