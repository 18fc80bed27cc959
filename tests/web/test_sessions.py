"""Signing out ends the sign-in on the server: a `session` or `remember_token` cookie captured
before logout, or before a password change, no longer signs anyone in. Other browsers of the same
person keep their own sign-ins through a logout, not through a password change."""

from __future__ import annotations

from insightrepo.accounts import users
from tests.conftest import sign_in
from tests.web.conftest import submit

HOME = "/w/alpha/"


def _signed_in(client) -> bool:
    return client.get(HOME).status_code == 200


def _replay(new_client, **cookies: str):
    """A browser holding nothing but the captured cookies."""
    thief = new_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def test_a_session_cookie_captured_before_logout_no_longer_works(client, new_client, team):
    sign_in(client, team.admin.email)
    captured = client.get_cookie("session").value
    assert _signed_in(_replay(new_client, session=captured))

    submit(client, HOME, "/logout")

    assert not _signed_in(_replay(new_client, session=captured))


def test_a_remember_cookie_captured_before_logout_no_longer_works(client, new_client, team):
    sign_in(client, team.admin.email, remember=True)
    captured = client.get_cookie("remember_token").value
    assert _signed_in(_replay(new_client, remember_token=captured))

    submit(client, HOME, "/logout")

    assert not _signed_in(_replay(new_client, remember_token=captured))


def test_signing_out_in_one_browser_leaves_the_others_signed_in(client, new_client, team):
    laptop, phone = client, new_client()
    sign_in(laptop, team.admin.email)
    sign_in(phone, team.admin.email)

    submit(laptop, HOME, "/logout")

    assert not _signed_in(laptop)
    assert _signed_in(phone)


def test_a_password_change_signs_every_browser_out(client, new_client, session, team):
    sign_in(client, team.admin.email, remember=True)
    captured = {"session": client.get_cookie("session").value,
                "remember_token": client.get_cookie("remember_token").value}

    users.set_password(session, session.merge(team.admin), "a brand new passphrase")
    session.commit()

    assert not _signed_in(client)
    assert not _signed_in(_replay(new_client, remember_token=captured["remember_token"]))
    assert not _signed_in(_replay(new_client, **captured))
    fresh = new_client()
    assert sign_in(fresh, team.admin.email, "a brand new passphrase").status_code == 302
    assert _signed_in(fresh)


def test_a_deactivated_account_is_signed_out_at_once(client, session, team):
    sign_in(client, team.admin.email)

    session.merge(team.admin).is_active = False
    session.commit()

    assert not _signed_in(client)
