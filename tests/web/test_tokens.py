"""The API tokens page: a new token is shown once and works; a revoked one stops working."""

from __future__ import annotations

from sqlalchemy import select

from insightrepo.models import ApiToken
from insightrepo.accounts.api_tokens import create_token
from tests.web.conftest import elements, submit, text

PAGE = "/tokens/"


def _create(client, name: str = "survey import script"):
    response = submit(client, PAGE, PAGE, {"name": name})
    shown = elements(text(response), "input", id="new-token")
    return response, (shown[0]["value"] if shown else None)


def _me(client, secret: str):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})


def test_a_new_token_is_shown_once_and_the_api_accepts_it(login, new_client, team):
    client = login(team.editor)

    response, secret = _create(client)

    assert response.status_code == 201
    assert "never shown again" in text(response)
    assert secret and secret.startswith("irt_")
    api = _me(new_client(), secret)
    assert api.status_code == 200
    assert api.json["email"] == "editor@example.org"


def test_the_list_shows_name_and_prefix_but_never_the_secret_again(login, team):
    client = login(team.editor)
    _, secret = _create(client)

    html = text(client.get(PAGE))

    assert "survey import script" in html
    assert f"<code>{secret[:10]}…</code>" in html
    assert secret not in html
    assert secret[10:20] not in html
    assert not elements(html, "input", id="new-token")


def test_an_unnamed_token_gets_a_default_name(login, team):
    client = login(team.editor)

    _create(client, name="")

    assert "<td>API token</td>" in text(client.get(PAGE))


def test_a_too_long_name_is_explained(login, session, team):
    response, secret = _create(login(team.editor), name="x" * 121)

    assert response.status_code == 422
    assert secret is None
    assert elements(text(response), "p", id="name-error")
    assert session.scalars(select(ApiToken).where(ApiToken.user_id == team.editor.id)).all() == []


def test_revoking_a_token_makes_the_api_answer_401(login, new_client, session, team):
    client = login(team.editor)
    _, secret = _create(client)
    token = session.scalar(select(ApiToken).where(ApiToken.user_id == team.editor.id))

    response = submit(client, PAGE, f"{PAGE}{token.id}/revoke", {"confirmed": "yes"})

    assert response.status_code == 302
    html = text(client.get(PAGE))
    assert "Token revoked." in html
    assert "revoked" in html.split("<table")[1]
    assert not elements(html, "form", action=f"{PAGE}{token.id}/revoke")
    api = _me(new_client(), secret)
    assert api.status_code == 401
    assert api.mimetype == "application/json"


def test_i_see_only_my_own_tokens(login, session, team):
    create_token(session, team.admin, "admin's deploy key")
    session.commit()

    html = text(login(team.editor).get(PAGE))

    assert "admin&#39;s deploy key" not in html and "admin's deploy key" not in html
    assert "You have no tokens yet." in html


def test_i_cannot_revoke_someone_elses_token(login, new_client, session, team):
    token, secret = create_token(session, team.admin, "deploy key")
    session.commit()

    response = submit(login(team.editor), PAGE, f"{PAGE}{token.id}/revoke", {"confirmed": "yes"})

    assert response.status_code == 404
    assert _me(new_client(), secret).status_code == 200


def test_a_token_keeps_working_after_its_owner_signs_out(login, new_client, team):
    client = login(team.editor)
    _, secret = _create(client)

    submit(client, "/w/alpha/", "/logout")

    assert _me(new_client(), secret).status_code == 200


def test_the_tokens_page_needs_sign_in(client):
    assert client.get(PAGE).headers["Location"].startswith("/login")
