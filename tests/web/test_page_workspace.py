"""The header (workspace switcher, menu, search box) belongs to the workspace of the object a
page shows, not to the workspace visited last; the page's language is the reader's interface
language (tests/i18n), not the workspace's."""

from __future__ import annotations

import pytest

from insightrepo.models import Membership
from tests.web.conftest import elements, text


@pytest.fixture
def two_workspace_user(session, team, make_map):
    """Alpha's admin is an editor of beta too; beta holds a map with one step."""
    session.add(Membership(workspace=team.b, user=team.admin, role="editor"))
    session.commit()
    return team.admin, make_map({"Hitta": ["Sök växter"]}, title="Skapa ett hem", slug="beta")


PAGES = {
    "map": "/journeys/{journey}",
    "journey edit": "/journeys/{journey}/edit",
    "timeline": "/journeys/{journey}/timeline",
    "change log": "/journeys/{journey}/history",
    "step history": "/steps/{step}/history",
    "step edit": "/steps/{step}/edit",
    "new step": "/phases/{phase}/steps/new",
    "phase edit": "/phases/{phase}/edit",
    "step evidence": "/steps/{step}/evidence",
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_of_another_workspace_sets_the_header_to_its_workspace(login, two_workspace_user, page):
    user, beta_map = two_workspace_user
    client = login(user)
    assert client.get("/w/alpha/").status_code == 200  # alpha is now the last workspace visited

    url = PAGES[page].format(journey=beta_map.id, step=beta_map.step("Sök växter"), phase=beta_map.phase("Hitta"))
    response = client.get(url)

    assert response.status_code == 200
    html = text(response)
    assert elements(html, "html")[0]["lang"] == "en"  # the browser asks for English
    assert elements(html, "form", role="search")[0]["action"] == "/w/beta/search"
    assert elements(html, "a", href="/w/beta/journeys"), "the menu leads to beta's journeys"
    assert not elements(html, "a", href="/w/alpha/journeys")
    switcher = html.split('id="workspace-switcher"')[1].split("</summary>")[0]
    assert "Beta CX" in switcher


def test_the_next_page_outside_any_workspace_keeps_the_last_one_shown(login, two_workspace_user):
    user, beta_map = two_workspace_user
    client = login(user)
    client.get("/w/alpha/")
    client.get(f"/journeys/{beta_map.id}/history")

    html = text(client.get("/tokens/"))

    assert elements(html, "form", role="search")[0]["action"] == "/w/beta/search"
