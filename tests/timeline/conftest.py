"""Timeline fixtures: maps built through the services, API clients per role, and small
readers for snapshots, comparisons and the change log."""

from __future__ import annotations

import pytest

from insightrepo.evidence import evidence
from tests.conftest import BuiltMap as Map


@pytest.fixture
def build_map(make_map):
    """The shared ``make_map`` under the name these tests use."""
    return make_map


@pytest.fixture
def plant_map(build_map) -> Map:
    """Three phases, six steps, with scores, markers and a moment of truth."""
    return build_map({
        "Dream of a green home": [
            {"title": "See plants at a friend's", "emotion": 2, "marker": "heart", "present": False},
            {"title": "Save pictures", "emotion": 1, "channels": ["Instagram", "Pinterest"]},
        ],
        "Find plants that suit me": [
            {"title": "Search for easy plants", "emotion": -1, "touchpoint": "Web shop", "owner": "Digital"},
            {"title": "Ask in the chat", "emotion": 0, "touchpoint": "Chat", "owner": "Customer service"},
        ],
        "Get the plants home": [
            {"title": "Pay", "emotion": 0, "touchpoint": "Checkout", "owner": "Digital"},
            {"title": "Unpack the plants", "emotion": -2, "marker": "thundercloud", "touchpoint": "Delivery box",
             "owner": "Warehouse", "moment_of_truth": {"title": "Half-good quality!", "description": "Decides it"}},
        ],
    })


@pytest.fixture
def add_quote(session, team):
    """``add_quote(text, step_ids, participant="P07")`` → the quote's id (created as alpha's admin)."""

    def add(text: str, step_ids: list[str] = (), participant: str | None = "P07", slug: str = "alpha", **more) -> str:
        actor = team.admin if slug == "alpha" else team.outsider
        quote = evidence.create_item(session, actor, evidence.QUOTES, slug,
                                     {"text": text, "participant": participant, "step_ids": list(step_ids), **more})
        session.commit()
        return quote.id

    return add


@pytest.fixture
def viewer(api_as, team):
    return api_as(team.viewer)


@pytest.fixture
def editor(api_as, team):
    return api_as(team.editor)


@pytest.fixture
def admin(api_as, team):
    return api_as(team.admin)


@pytest.fixture
def outsider(api_as, team):
    return api_as(team.outsider)
