"""Issue 18 (6b) on the members page: adding an existing account invites it, the same answer as
for an unknown email; the account accepts or declines on its invitations page."""

from __future__ import annotations

from sqlalchemy import select

from insightrepo.models import Membership
from tests.conftest import sign_in
from tests.web.conftest import elements, submit, text

PAGE = "/w/alpha/members/"
MINE = "/invitations/"


def _is_member(session, workspace, user) -> bool:
    session.expire_all()
    return session.scalar(select(Membership.id).where(Membership.workspace_id == workspace.id,
                                                      Membership.user_id == user.id)) is not None


def _main(html: str) -> str:
    return html[html.find("<main"):html.find("</main>")]


def _answer(html: str) -> str:
    """The page without the parts that differ between any two invitations (the email, the link)."""
    main = html[html.find("<main"):html.find("</main>")]
    return main.split('id="invitation-link"')[0]


def test_adding_an_existing_account_shows_the_same_page_as_inviting_an_unknown_email(login, session, team):
    client = login(team.admin)

    existing = submit(client, PAGE, PAGE, {"email": team.outsider.email, "role": "editor"})
    unknown = submit(client, PAGE, PAGE, {"email": "nobody@example.org", "role": "editor"})

    assert existing.status_code == unknown.status_code == 201
    assert _answer(text(existing)) == _answer(text(unknown))
    assert "Otto Outsider" not in text(existing)
    assert not _is_member(session, team.a, team.outsider)


def test_the_invited_account_accepts_on_its_invitations_page(login, new_client, session, team):
    submit(login(team.admin), PAGE, PAGE, {"email": team.outsider.email, "role": "editor"})
    outsider = new_client()
    sign_in(outsider, team.outsider.email)

    assert 'href="/invitations/"' in text(outsider.get("/w/beta/"))  # told on every page
    page = text(outsider.get(MINE))
    assert "Alpha CX" in page and "editor" in page
    [accept] = [f["action"] for f in elements(page, "form") if f["action"].endswith("/accept")]

    response = submit(outsider, MINE, accept)

    assert response.status_code == 302 and response.headers["Location"].endswith("/w/alpha/")
    assert _is_member(session, team.a, team.outsider)
    assert outsider.get("/w/alpha/").status_code == 200
    assert "Alpha CX" not in _main(text(outsider.get(MINE)))


def test_the_invited_account_declines_and_is_not_added(login, new_client, session, team):
    submit(login(team.admin), PAGE, PAGE, {"email": team.outsider.email, "role": "admin"})
    outsider = new_client()
    sign_in(outsider, team.outsider.email)
    page = text(outsider.get(MINE))
    [decline] = [f["action"] for f in elements(page, "form") if f["action"].endswith("/decline")]

    response = submit(outsider, MINE, decline)

    assert response.status_code == 302
    assert not _is_member(session, team.a, team.outsider)
    assert "Alpha CX" not in _main(text(outsider.get(MINE)))
    assert outsider.get("/w/alpha/").status_code == 404
