"""Which language a page speaks: the signed-in user's choice, else the browser's Accept-Language,
else the workspace's language, else English; the API stays English and carries ``locale``."""

from __future__ import annotations

import re

import pytest

from tests.api.helpers import assert_error, field_errors
from tests.conftest import csrf_token_from


def _lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:300]
    return match.group(1)


@pytest.fixture
def swedish_team(make_workspace, make_user):
    workspace = make_workspace("vaxter", "Växter", language="sv")
    return workspace, make_user("anna@example.org", "Anna", workspace, "editor")


def test_the_users_choice_wins_over_the_browser_and_the_workspace(swedish_team, login, session):
    workspace, user = swedish_team
    user.locale = "fi"
    session.commit()
    client = login(user)
    page = client.get(f"/w/{workspace.slug}/", headers={"Accept-Language": "da, en;q=0.5"})
    assert _lang(page) == "fi"
    assert "Profiilisi" in page.get_data(as_text=True)  # the user menu's "Your profile"


def test_without_a_choice_the_browser_decides(swedish_team, login):
    workspace, user = swedish_team
    client = login(user)
    page = client.get(f"/w/{workspace.slug}/", headers={"Accept-Language": "nb-NO, en;q=0.5"})
    assert _lang(page) == "nb"
    # Norwegian in any spelling is Bokmål here; a language we do not have is skipped.
    assert _lang(client.get(f"/w/{workspace.slug}/", headers={"Accept-Language": "de, no;q=0.8"})) == "nb"
    assert _lang(client.get(f"/w/{workspace.slug}/", headers={"Accept-Language": "fi-FI"})) == "fi"


def test_without_a_choice_or_a_browser_language_the_workspace_decides(swedish_team, login, make_workspace):
    workspace, user = swedish_team
    client = login(user)
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE")
    assert _lang(client.get(f"/w/{workspace.slug}/")) == "sv"
    assert "Din profil" in client.get(f"/w/{workspace.slug}/").get_data(as_text=True)
    # A browser asking only for languages we lack is no browser language at all.
    assert _lang(client.get(f"/w/{workspace.slug}/", headers={"Accept-Language": "de"})) == "sv"


def test_with_nothing_to_go_by_the_interface_is_english(client):
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE")
    assert _lang(client.get("/login")) == "en"
    assert _lang(client.get("/login", headers={"Accept-Language": "de, fr"})) == "en"


def test_the_login_page_follows_the_browser(client):
    page = client.get("/login", headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.8"})
    assert _lang(page) == "sv"
    assert "Logga in" in page.get_data(as_text=True)


def test_choosing_a_language_in_the_profile(swedish_team, login, session):
    _workspace, user = swedish_team
    client = login(user)
    page = client.get("/profile/")
    assert page.status_code == 200
    response = client.post("/profile/", data={"locale": "da", "csrf_token": csrf_token_from(page.get_data(as_text=True))},
                           follow_redirects=True)
    assert _lang(response) == "da"
    assert "Din profil er gemt." in response.get_data(as_text=True)
    session.refresh(user)
    assert user.locale == "da"


def test_an_unknown_language_is_refused_in_the_profile_and_changes_nothing(swedish_team, login, session):
    _workspace, user = swedish_team
    client = login(user)
    page = client.get("/profile/")
    response = client.post("/profile/", data={"locale": "xx", "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert response.status_code == 422
    assert 'id="locale-error"' in response.get_data(as_text=True)
    session.refresh(user)
    assert user.locale is None


def test_the_api_carries_locale_and_refuses_any_other(swedish_team, api_as, session):
    _workspace, user = swedish_team
    api = api_as(user)
    assert api.get("/api/v1/me").get_json()["locale"] is None
    response = api.patch("/api/v1/me", json={"locale": "sv"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["locale"] == "sv"
    assert api.get("/api/v1/me").get_json()["locale"] == "sv"
    for bad in ("xx", "sv-SE", "no", 7, ""):
        assert "locale" in field_errors(api.patch("/api/v1/me", json={"locale": bad}))
    assert api.get("/api/v1/me").get_json()["locale"] == "sv"
    assert api.patch("/api/v1/me", json={"locale": None}).get_json()["locale"] is None


def test_the_api_speaks_english_whatever_the_user_chose(swedish_team, api_as, session):
    _workspace, user = swedish_team
    user.locale = "sv"
    session.commit()
    error = assert_error(api_as(user).get("/api/v1/journeys/nope", headers={"Accept-Language": "sv"}), 404)
    assert error["message"].isascii()
