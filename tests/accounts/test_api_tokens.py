"""Personal API tokens: the secret is handed out once and only its hash is kept."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from insightrepo.models import ApiToken
from insightrepo.accounts import api_tokens
from insightrepo.errors import Invalid, NotFound


def test_a_new_token_works_and_its_secret_is_not_stored(session, team):
    token, secret = api_tokens.create_token(session, team.editor, "survey import")

    assert secret.startswith("irt_") and len(secret) > 40
    assert token.secret_hash != secret
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:10]
    stored = session.execute(select(ApiToken.__table__).where(ApiToken.id == token.id)).one()
    assert secret not in [value for value in stored if isinstance(value, str)]
    assert api_tokens.user_for_token(session, secret) is team.editor


def test_every_token_is_different(session, team):
    secrets = {api_tokens.create_token(session, team.editor)[1] for _ in range(5)}

    assert len(secrets) == 5


def test_using_a_token_records_when(session, team):
    token, secret = api_tokens.create_token(session, team.editor)
    assert token.last_used_at is None

    api_tokens.user_for_token(session, secret)

    assert token.last_used_at is not None


def test_a_token_is_named(session, team):
    assert api_tokens.create_token(session, team.editor, "  CI  ")[0].name == "CI"
    assert api_tokens.create_token(session, team.editor, "")[0].name == "API token"


def test_a_too_long_name_is_explained(session, team):
    with pytest.raises(Invalid) as error:
        api_tokens.create_token(session, team.editor, "x" * 121)

    assert set(error.value.fields) == {"name"}


def test_a_revoked_token_stops_working(session, team):
    token, secret = api_tokens.create_token(session, team.editor)

    api_tokens.revoke_token(session, team.editor, token.id)

    assert token.revoked_at is not None
    assert not token.active
    assert api_tokens.user_for_token(session, secret) is None


def test_revoking_twice_keeps_the_first_date(session, team):
    token, _ = api_tokens.create_token(session, team.editor)
    first = api_tokens.revoke_token(session, team.editor, token.id).revoked_at

    assert api_tokens.revoke_token(session, team.editor, token.id).revoked_at == first


def test_only_the_owner_revokes(session, team):
    token, secret = api_tokens.create_token(session, team.editor)

    with pytest.raises(NotFound):
        api_tokens.revoke_token(session, team.admin, token.id)
    assert api_tokens.user_for_token(session, secret) is team.editor


def test_revoking_an_unknown_token_is_not_found(session, team):
    with pytest.raises(NotFound):
        api_tokens.revoke_token(session, team.editor, "0" * 32)


def test_a_token_of_a_deactivated_user_stops_working(session, team):
    _, secret = api_tokens.create_token(session, team.editor)

    team.editor.is_active = False
    session.flush()

    assert api_tokens.user_for_token(session, secret) is None


def test_an_unknown_token_is_refused(session, team):
    _, secret = api_tokens.create_token(session, team.editor)

    assert api_tokens.user_for_token(session, secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert api_tokens.user_for_token(session, "irt_" + "x" * 43) is None


@pytest.mark.parametrize("garbage", ["", "irt_", "Bearer irt_abc", "not-a-token", "irt_" + "x" * 500,
                                     "irt_\x00\n", "IRT_abc"])
def test_garbage_is_refused(session, team, garbage):
    api_tokens.create_token(session, team.editor)

    assert api_tokens.user_for_token(session, garbage) is None


def test_the_stored_hash_does_not_work_as_a_token(session, team):
    token, _ = api_tokens.create_token(session, team.editor)

    assert api_tokens.user_for_token(session, token.secret_hash) is None
    assert api_tokens.user_for_token(session, "irt_" + token.secret_hash) is None


def test_list_tokens_gives_only_mine(session, team):
    first, _ = api_tokens.create_token(session, team.editor, "first")
    api_tokens.create_token(session, team.admin, "someone else's")
    second, _ = api_tokens.create_token(session, team.editor, "second")

    listed = api_tokens.list_tokens(session, team.editor)

    assert {t.id for t in listed} == {first.id, second.id}
    assert api_tokens.list_tokens(session, team.viewer) == []
