"""A step's snippet keeps its fields apart: what the customer does, the touchpoint and their
thoughts were run together ("Läser skötselrådet Produktsida Vad betyder …")."""

from __future__ import annotations

import re

import pytest

from tests.html_tree import page

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter


def test_a_steps_snippet_separates_its_fields(team, make_map, login):
    make_map({"Läsa": [{"title": "Läser skötselråd", "action": "Läser skötselrådet",
                        "touchpoint": "Produktsida", "thoughts": "Vad betyder halvskugga"}]})
    client = login(team.viewer)

    hit = page(client.get("/w/alpha/search?q=halvskugga&type=step")).find("li", cls="search-hit")
    snippet = re.sub(r"\s+", " ", hit.find("p", cls="search-hit__snippet").text())

    assert "Läser skötselrådet · Produktsida · Vad betyder halvskugga" in snippet
