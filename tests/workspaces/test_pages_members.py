"""The members page: everyone sees who is in; only admins add, change roles and remove."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from insightrepo.models import Membership
from tests.conftest import sign_in
from tests.web.conftest import elements, submit, text

PAGE = "/w/alpha/members/"


def _role(session, workspace, user) -> str | None:
    session.expire_all()
    return session.scalar(select(Membership.role).where(Membership.workspace_id == workspace.id,
                                                        Membership.user_id == user.id))


def _version(session, workspace, user) -> int:
    session.expire_all()
    return session.scalar(select(Membership.version).where(Membership.workspace_id == workspace.id,
                                                           Membership.user_id == user.id))


def _alerts(html: str) -> str:
    """The text of the flash messages and form errors on a page."""
    start = html.find('<main')
    return html[start:html.find('</main>')]


def test_every_member_sees_the_member_list(login, team):
    html = text(login(team.viewer).get(PAGE))

    assert "Members of Alpha CX" in html
    for email in ("viewer@example.org", "editor@example.org", "admin@example.org"):
        assert email in html
    assert "outsider@example.org" not in html
    assert "3 members" in html


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_viewers_and_editors_see_no_add_form_and_no_role_selectors(login, team, role):
    user = getattr(team, role)
    html = text(login(user).get(PAGE))

    assert not elements(html, "select")
    assert not elements(html, "form", action=PAGE)
    assert ">Invite</button>" not in html
    # the only thing they can do here is leave
    assert [f["action"] for f in elements(html, "form") if "/members/" in f["action"]] == \
        [f"/w/alpha/members/{user.id}/remove"]


def test_admins_see_the_add_form_and_a_role_selector_per_member(login, team):
    html = text(login(team.admin).get(PAGE))

    assert elements(html, "form", action=PAGE)
    assert elements(html, "input", name="email", type="email")
    role_selects = [s for s in elements(html, "select") if s.get("id", "").startswith("role-")]
    assert len(role_selects) == 3
    assert elements(html, "label", for_=f"role-{team.viewer.id}")


def test_admin_invites_an_existing_user_who_appears_once_they_accept(login, new_client, session, team):
    client = login(team.admin)

    response = submit(client, PAGE, PAGE, {"email": "Outsider@Example.org", "role": "editor"})

    assert response.status_code == 201
    assert "Invitation created." in text(response)
    assert "outsider@example.org" not in text(client.get(PAGE)).split("<table")[1].split("</table>")[0]
    assert _role(session, team.a, team.outsider) is None
    outsider = new_client()
    sign_in(outsider, team.outsider.email)
    [accept] = [f["action"] for f in elements(text(outsider.get("/invitations/")), "form")
                if f["action"].endswith("/accept")]
    submit(outsider, "/invitations/", accept)
    assert _role(session, team.a, team.outsider) == "editor"
    assert "outsider@example.org" in text(client.get(PAGE)).split("<table")[1]
    assert outsider.get("/w/alpha/").status_code == 200


def test_adding_someone_who_is_already_a_member_is_explained(login, team):
    response = submit(login(team.admin), PAGE, PAGE, {"email": team.editor.email, "role": "admin"})

    assert response.status_code == 422
    assert "already a member" in text(response)


def test_adding_a_malformed_email_is_explained_next_to_the_field(login, session, team):
    response = submit(login(team.admin), PAGE, PAGE, {"email": "not an email", "role": "viewer"})

    assert response.status_code == 422
    assert elements(text(response), "p", id="email-error")


def test_a_viewer_cannot_add_members(login, session, team):
    response = submit(login(team.viewer), PAGE, PAGE, {"email": team.outsider.email, "role": "admin"})

    assert response.status_code == 403
    assert _role(session, team.a, team.outsider) is None


def test_an_editor_cannot_add_members(login, session, team):
    response = submit(login(team.editor), PAGE, PAGE, {"email": team.outsider.email, "role": "viewer"})

    assert response.status_code == 403
    assert _role(session, team.a, team.outsider) is None


def test_an_admin_of_alpha_cannot_add_members_to_beta(login, session, team):
    response = submit(login(team.admin), PAGE, "/w/beta/members/", {"email": team.viewer.email, "role": "admin"})

    assert response.status_code == 404
    assert "Beta CX" not in text(response)
    assert _role(session, team.b, team.viewer) is None


def test_admin_changes_a_role(login, session, team):
    client = login(team.admin)
    version = _version(session, team.a, team.viewer)

    response = submit(client, PAGE, f"{PAGE}{team.viewer.id}/role", {"role": "editor", "version": version})

    assert response.status_code == 302
    assert "Role changed." in text(client.get(PAGE))
    assert _role(session, team.a, team.viewer) == "editor"


def test_changing_a_role_from_a_stale_page_changes_nothing(login, new_client, session, team):
    client = login(team.admin)
    seen_version = _version(session, team.a, team.viewer)
    # Meanwhile a second admin, in another browser, makes the viewer an editor.
    session.add(Membership(workspace=team.a, user=team.outsider, role="admin"))
    session.commit()
    other = new_client()
    sign_in(other, team.outsider.email)
    submit(other, PAGE, f"{PAGE}{team.viewer.id}/role", {"role": "editor", "version": seen_version})
    assert _role(session, team.a, team.viewer) == "editor"

    response = submit(client, PAGE, f"{PAGE}{team.viewer.id}/role", {"role": "admin", "version": seen_version})

    assert response.status_code == 302
    page = text(client.get(PAGE))
    assert "Someone else changed this since you loaded it." in _alerts(page)
    assert "Role changed." not in page
    assert _role(session, team.a, team.viewer) == "editor"


def test_a_viewer_cannot_change_roles(login, session, team):
    response = submit(login(team.viewer), PAGE, f"{PAGE}{team.viewer.id}/role",
                      {"role": "admin", "version": _version(session, team.a, team.viewer)})

    assert response.status_code == 403
    assert _role(session, team.a, team.viewer) == "viewer"


def test_the_last_admin_cannot_step_down(login, session, team):
    client = login(team.admin)

    submit(client, PAGE, f"{PAGE}{team.admin.id}/role",
           {"role": "viewer", "version": _version(session, team.a, team.admin)})

    assert "at least one admin" in _alerts(text(client.get(PAGE)))
    assert _role(session, team.a, team.admin) == "admin"


def test_the_last_admin_cannot_be_removed(login, session, team):
    client = login(team.admin)

    response = submit(client, PAGE, f"{PAGE}{team.admin.id}/remove", {"confirmed": "yes"})

    assert response.status_code == 302
    page = text(client.get(PAGE))
    assert "A workspace needs at least one admin" in _alerts(page)
    assert elements(page, "div", role="alert")
    assert _role(session, team.a, team.admin) == "admin"


def test_admin_removes_a_member_who_then_loses_access(login, new_client, session, team):
    client = login(team.admin)

    submit(client, PAGE, f"{PAGE}{team.editor.id}/remove", {"confirmed": "yes"})

    page = text(client.get(PAGE))
    assert "Member removed." in page
    assert "editor@example.org" not in page
    editor = new_client()
    sign_in(editor, team.editor.email)
    assert editor.get("/w/alpha/").status_code == 404


def test_a_member_can_leave(login, session, team):
    client = login(team.viewer)

    response = submit(client, PAGE, f"{PAGE}{team.viewer.id}/remove", {"confirmed": "yes"})

    assert response.status_code == 302
    assert _role(session, team.a, team.viewer) is None
    assert client.get("/").headers["Location"] == "/workspaces/new"


def test_a_viewer_cannot_remove_someone_else(login, session, team):
    response = submit(login(team.viewer), PAGE, f"{PAGE}{team.editor.id}/remove", {"confirmed": "yes"})

    assert response.status_code == 403
    assert _role(session, team.a, team.editor) == "editor"
