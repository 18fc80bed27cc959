"""A step's life in the browser: its state in every snapshot (with the snapshot's date) and its edits."""

from __future__ import annotations

import pytest

from tests.html_tree import page
from tests.timeline.helpers import patch_step, take

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def test_a_steps_life_page_lists_the_snapshots_it_was_in_with_their_dates(editor_api, login, team, full_plant_map):
    unpack = full_plant_map.step("Unpack the plants")
    take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, unpack, emotion=1)
    take(editor_api, full_plant_map.id, "June", as_of="2026-06-20")

    response = login(team.viewer).get(f"/steps/{unpack}/history")

    assert response.status_code == 200  # it was a 500 whenever the step was in a snapshot
    rows = page(response).find("section", id=None, **{"aria-labelledby": "snapshots-h"}).find_all("tr")[1:]
    assert [row.find_all("td")[0].text() for row in rows] == ["2026-05-14 May", "2026-06-20 June"]
    assert [row.find_all("td")[3].text() for row in rows] == ["-2", "1"]
