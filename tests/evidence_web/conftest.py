"""Evidence-library web fixtures: a journey map in `alpha` (and one in `beta`), evidence made
through the services, and signed-in browsers per role."""

from __future__ import annotations

from typing import Any

import pytest

from insightrepo.evidence import evidence, participants
from tests.conftest import BuiltMap, sign_in


@pytest.fixture
def plant_map(make_map) -> BuiltMap:
    return make_map({
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Unpack the plants"],
    })


@pytest.fixture
def add(session, team):
    """``add("quotes", text=…, step_ids=[…])`` → the new item's id (made by alpha's admin)."""

    def make(plural: str, slug: str = "alpha", **fields: Any) -> str:
        actor = team.admin if slug == "alpha" else team.outsider
        item = evidence.create_item(session, actor, evidence.KINDS[plural], slug, fields)
        session.commit()
        return item.id

    return make


@pytest.fixture
def add_participant(session, team):
    def make(code: str, slug: str = "alpha", **fields: Any) -> str:
        actor = team.admin if slug == "alpha" else team.outsider
        participant = participants.create_participant(session, actor, slug, {"code": code, **fields})
        session.commit()
        return participant.id

    return make


@pytest.fixture
def browser(app):
    """``browser(user)`` → a test client of its own, signed in as ``user``."""

    def make(user):
        client = app.test_client()
        assert sign_in(client, user.email).status_code == 302
        return client

    return make


@pytest.fixture
def editor(browser, team):
    return browser(team.editor)


@pytest.fixture
def viewer(browser, team):
    return browser(team.viewer)


@pytest.fixture
def outsider(browser, team):
    return browser(team.outsider)
