"""Evidence fixtures: evidence and participants made through the services (the shared
``plant_map``, ``beta_map`` and per-role ``<role>_api`` / ``<role>_web`` clients are in
tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from insightrepo.evidence import evidence, participants


@pytest.fixture
def add_many(session, team):
    """``add_many("quotes", [{"text": …}, …])`` → the new items' ids, made by the workspace's admin
    and committed together (one search-index write for a long list, not one per item)."""

    def make(plural: str, items: list[dict[str, Any]], slug: str = "alpha") -> list[str]:
        actor = team.admin if slug == "alpha" else team.outsider
        ids = [evidence.create_item(session, actor, evidence.KINDS[plural], slug, fields).id for fields in items]
        session.commit()
        return ids

    return make


@pytest.fixture
def add(add_many):
    """``add("quotes", text=…, step_ids=[…])`` → the new item's id (made by alpha's admin)."""

    def make(plural: str, slug: str = "alpha", **fields: Any) -> str:
        return add_many(plural, [fields], slug)[0]

    return make


@pytest.fixture
def add_participant(session, team):
    def make(code: str, slug: str = "alpha", **fields: Any) -> str:
        actor = team.admin if slug == "alpha" else team.outsider
        participant = participants.create_participant(session, actor, slug, {"code": code, **fields})
        session.commit()
        return participant.id

    return make
