"""Journey-map fixtures: maps built through the services as a test's starting point."""

from __future__ import annotations

import pytest

from insightrepo.journeys import phases
from tests.conftest import BuiltMap


@pytest.fixture
def plant_map(make_map) -> BuiltMap:
    """Three phases, six steps: enough to reorder within and move across phases."""
    return make_map({
        "Dream of a green home": ["See plants at a friend's", "Save pictures"],
        "Find plants that suit me": ["Search for easy plants", "Ask in the chat"],
        "Get the plants home": ["Pay", "Unpack the plants"],
    })
