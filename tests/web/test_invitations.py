"""Inviting someone without an account, and joining through the invitation link."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from insightrepo.db import utcnow
from insightrepo.models import Invitation, Membership, User
from tests.conftest import PASSWORD, csrf_token_from, sign_in
from tests.web.conftest import elements, labelled_controls, submit, text

PAGE = "/w/alpha/members/"
NEW_PASSWORD = "a sturdy passphrase"


def _invite(client, email: str = "nina@example.org", role: str = "viewer"):
    response = submit(client, PAGE, PAGE, {"email": email, "role": role})
    links = elements(text(response), "input", id="invitation-link")
    return response, (urlsplit(links[0]["value"]).path if links else None)


def test_inviting_an_unknown_email_shows_the_link_once(login, team):
    client = login(team.admin)

    response, link = _invite(client)

    assert response.status_code == 201
    assert "shown only once" in text(response)
    assert link is not None and link.startswith("/invitations/")
    later = text(client.get(PAGE))
    assert link not in later
    assert not elements(later, "input", id="invitation-link")
    assert "nina@example.org as viewer" in later  # listed as an open invitation


def test_the_link_opens_a_join_form(login, new_client, team):
    _, link = _invite(login(team.admin), role="editor")

    page = new_client().get(link)

    assert page.status_code == 200
    html = text(page)
    assert "Join Alpha CX" in html
    assert "<strong>editor</strong>" in html
    assert "nina@example.org" in html
    assert labelled_controls(html)["Password"]["type"] == "password"
    assert "Your name" in labelled_controls(html)


def test_joining_creates_the_account_signs_in_and_grants_the_invited_role(login, new_client, session, team):
    _, link = _invite(login(team.admin), role="editor")
    newcomer = new_client()

    response = submit(newcomer, link, link, {"display_name": "Nina Newcomer", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/w/alpha/"
    dashboard = text(newcomer.get("/w/alpha/"))
    assert "Welcome to Alpha CX." in dashboard
    assert "Your role: <strong>editor</strong>" in dashboard
    assert "Nina Newcomer" in dashboard  # the user menu
    user = session.scalar(select(User).where(User.email == "nina@example.org"))
    assert user.display_name == "Nina Newcomer"
    assert session.scalar(select(Membership.role).where(Membership.user_id == user.id)) == "editor"


def test_the_new_account_can_sign_in_later_with_its_password(login, new_client, team):
    _, link = _invite(login(team.admin))
    submit(new_client(), link, link, {"password": NEW_PASSWORD})

    assert sign_in(new_client(), "nina@example.org", NEW_PASSWORD).status_code == 302


def test_the_link_cannot_be_used_twice(login, new_client, session, team):
    _, link = _invite(login(team.admin))
    first = new_client()
    token_page = first.get(link)
    submit(first, link, link, {"password": NEW_PASSWORD})

    second = new_client()
    assert second.get(link).status_code == 404
    replay = second.post(link, data={"password": "another password!", "csrf_token": csrf_token_from(text(token_page))})
    assert replay.status_code in (400, 404)
    assert second.get("/w/alpha/").status_code == 302  # not signed in
    assert sign_in(new_client(), "nina@example.org", "another password!").status_code == 401


def test_a_used_link_is_gone_from_the_open_invitations(login, new_client, team):
    client = login(team.admin)
    _, link = _invite(client)
    submit(new_client(), link, link, {"password": NEW_PASSWORD})

    assert "Open invitations" not in text(client.get(PAGE))


def test_an_unknown_link_is_not_found(client):
    response = client.get("/invitations/no-such-secret")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "not valid any more" in text(response)


def test_an_expired_link_is_not_found(login, new_client, session, team):
    _, link = _invite(login(team.admin))
    invitation = session.scalar(select(Invitation).where(Invitation.email == "nina@example.org"))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()

    response = new_client().get(link)

    assert response.status_code == 404
    assert "Alpha CX" not in text(response)


def test_a_withdrawn_invitation_link_is_not_found(login, new_client, session, team):
    client = login(team.admin)
    _, link = _invite(client)
    invitation = session.scalar(select(Invitation).where(Invitation.email == "nina@example.org"))

    submit(client, PAGE, f"{PAGE}invitations/{invitation.id}/revoke", {"confirmed": "yes"})

    assert "Invitation withdrawn." in text(client.get(PAGE))
    assert new_client().get(link).status_code == 404


def test_a_too_short_password_is_explained_and_creates_nothing(login, new_client, session, team):
    _, link = _invite(login(team.admin))
    newcomer = new_client()

    response = submit(newcomer, link, link, {"password": "short"})

    assert response.status_code == 200
    html = text(response)
    assert elements(html, "p", id="password-error")
    assert elements(html, "input", id="password")[0]["aria-invalid"] == "true"
    assert "10" in html[html.index('id="password-error"'):].split("</p>")[0]
    assert session.scalar(select(User).where(User.email == "nina@example.org")) is None
    assert newcomer.get(link).status_code == 200  # the link still works


def test_someone_who_got_an_account_meanwhile_joins_with_their_password(login, new_client, session, make_user, team):
    _, link = _invite(login(team.admin), email="late@example.org", role="viewer")
    late = make_user("late@example.org")
    browser = new_client()

    page = text(browser.get(link))
    assert "You already have an account" in page
    wrong = submit(browser, link, link, {"password": "not my password"})
    assert "wrong password" in text(wrong)
    assert session.scalar(select(Membership).where(Membership.user_id == late.id)) is None

    right = submit(browser, link, link, {"password": PASSWORD})
    assert right.status_code == 302
    assert "Your role: <strong>viewer</strong>" in text(browser.get("/w/alpha/"))
