"""Timeline fixtures: quotes made through the services (the shared ``plant_map``, ``make_map`` and
per-role ``<role>_api`` clients are in tests/conftest.py)."""

from __future__ import annotations

import pytest

from insightrepo.evidence import evidence


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
