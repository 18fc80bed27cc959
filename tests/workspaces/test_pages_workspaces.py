"""The workspace home, creating a workspace, the switcher, and workspaces one is not in."""

from __future__ import annotations

from sqlalchemy import select

from insightrepo.models import Membership, Workspace
from tests.web.conftest import elements, labelled_controls, submit, text


def _workspace(session, slug: str) -> Workspace | None:
    session.expire_all()
    return session.scalar(select(Workspace).where(Workspace.slug == slug))


def test_a_user_without_a_workspace_is_sent_to_create_one(login, make_user):
    client = login(make_user("newbie@example.org"))

    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/workspaces/new"
    page = client.get("/workspaces/new")
    assert "New workspace" in text(page)
    assert set(labelled_controls(text(page))) >= {"Name", "Short name in addresses", "Language of your research"}


def test_home_opens_the_users_workspace(login, team):
    assert login(team.viewer).get("/").headers["Location"] == "/w/alpha/"


def test_creating_a_workspace_makes_the_creator_its_admin(login, session, make_user):
    user = make_user("founder@example.org")
    client = login(user)

    response = submit(client, "/workspaces/new", "/workspaces/new",
                      {"name": "Växtbutiken – kundresor", "slug": "vaxtbutiken", "language": "sv"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/w/vaxtbutiken/"
    dashboard = text(client.get("/w/vaxtbutiken/"))
    assert "<h1>Växtbutiken – kundresor</h1>" in dashboard
    assert "Your role: <strong>admin</strong>" in dashboard
    assert '<html lang="en">' in dashboard  # the interface's language (the browser asks for English)
    workspace = _workspace(session, "vaxtbutiken")
    assert workspace.language == "sv"
    assert [(m.user_id, m.role) for m in workspace.memberships] == [(user.id, "admin")]


def test_a_bad_slug_is_explained_next_to_the_field_and_nothing_is_created(login, session, make_user):
    client = login(make_user())

    response = submit(client, "/workspaces/new", "/workspaces/new",
                      {"name": "Research", "slug": "-Not a slug!", "language": "en"})

    assert response.status_code in (200, 422)
    html = text(response)
    error = elements(html, "p", id="slug-error")
    assert error, "no message next to the slug field"
    assert "lowercase letters, digits or dashes" in html
    assert elements(html, "input", id="slug")[0]["aria-invalid"] == "true"
    assert elements(html, "input", id="name")[0]["value"] == "Research"  # what was typed is kept
    assert _workspace(session, "-not a slug!") is None
    assert session.scalar(select(Workspace).where(Workspace.name == "Research")) is None


def test_a_taken_slug_is_explained_and_the_existing_workspace_is_untouched(login, session, team, make_user):
    client = login(make_user())

    response = submit(client, "/workspaces/new", "/workspaces/new",
                      {"name": "Impostor", "slug": "alpha", "language": "en"})

    assert "already taken" in text(response)
    assert elements(text(response), "p", id="slug-error")
    assert _workspace(session, "alpha").name == "Alpha CX"


def test_an_unknown_language_is_refused(login, session, make_user):
    client = login(make_user())

    response = submit(client, "/workspaces/new", "/workspaces/new",
                      {"name": "Klingon CX", "slug": "klingon", "language": "tlh"})

    assert elements(text(response), "p", id="language-error")
    assert _workspace(session, "klingon") is None


def _switcher(html: str) -> list[dict]:
    """The links inside the workspace switcher (<details id="workspace-switcher">)."""
    start = html.index('id="workspace-switcher"')
    return elements(html[start:html.index("</details>", start)], "a")


def test_switcher_lists_all_my_workspaces_and_marks_the_current_one(login, session, team):
    session.add(Membership(workspace=team.b, user=team.editor, role="viewer"))
    session.commit()
    client = login(team.editor)

    html = text(client.get("/w/beta/"))

    links = {a["href"]: a for a in _switcher(html)}
    assert {"/w/alpha/", "/w/beta/", "/workspaces/new"} <= set(links)
    assert links["/w/beta/"].get("aria-current") == "page"
    assert "aria-current" not in links["/w/alpha/"]
    assert "Alpha CX" in html and "Beta CX" in html


def test_switching_remembers_the_workspace_for_next_time(login, session, team):
    session.add(Membership(workspace=team.b, user=team.editor, role="viewer"))
    session.commit()
    client = login(team.editor)

    client.get("/w/beta/")

    assert client.get("/").headers["Location"] == "/w/beta/"
    links = {a["href"]: a for a in _switcher(text(client.get("/tokens/")))}
    assert links["/w/beta/"].get("aria-current") == "page"


def test_a_new_workspace_appears_in_the_switcher(login, team):
    client = login(team.admin)

    submit(client, "/workspaces/new", "/workspaces/new", {"name": "Gamma CX", "slug": "gamma", "language": "en"})

    hrefs = [a["href"] for a in _switcher(text(client.get("/w/alpha/")))]
    assert "/w/gamma/" in hrefs and "/w/alpha/" in hrefs


def test_switcher_never_lists_workspaces_i_am_not_in(login, team):
    html = text(login(team.admin).get("/w/alpha/"))

    assert "/w/beta/" not in [a["href"] for a in _switcher(html)]
    assert "Beta CX" not in html


def test_another_workspaces_pages_are_not_found_without_revealing_it(login, team):
    client = login(team.admin)

    for path in ("/w/beta/", "/w/beta/members/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "text/html"
        assert "Beta CX" not in text(response)
        assert "outsider@example.org" not in text(response)


def test_another_workspace_looks_exactly_like_one_that_does_not_exist(login, team):
    client = login(team.admin)

    other, missing = client.get("/w/beta/"), client.get("/w/no-such-team/")

    assert other.status_code == missing.status_code == 404
    assert elements(text(other), "h1") == elements(text(missing), "h1")
    assert "No such workspace." in text(other) and "No such workspace." in text(missing)


def test_visiting_another_workspace_does_not_change_the_current_one(login, team):
    client = login(team.admin)
    client.get("/w/alpha/")

    client.get("/w/beta/")

    assert client.get("/").headers["Location"] == "/w/alpha/"
