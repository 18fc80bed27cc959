"""The compare page's summary counts in proper English: one step, two steps."""

from __future__ import annotations

import re

import pytest

from tests.timeline.helpers import add_step, take

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def _summary(client, journey_id, snapshot_id) -> str:
    html = client.get(f"/journeys/{journey_id}/compare?from={snapshot_id}&to=live").get_data(as_text=True)
    summary = html.split('class="summary-figures"')[1].split("</ul>")[0]
    return " ".join(re.sub(r"<[^>]+>", "", summary).split())


def test_one_step_added_is_one_step(editor_api, login, team, full_plant_map):
    march = take(editor_api, full_plant_map.id, "March", as_of="2026-03-01")
    add_step(editor_api, full_plant_map.phase("Get the plants home"), title="Water them")

    summary = _summary(login(team.editor), full_plant_map.id, march["id"])

    assert "1 step added" in summary and "1 steps" not in summary


def test_two_steps_added_are_steps(editor_api, login, team, full_plant_map):
    march = take(editor_api, full_plant_map.id, "March", as_of="2026-03-01")
    add_step(editor_api, full_plant_map.phase("Get the plants home"), title="Water them")
    add_step(editor_api, full_plant_map.phase("Get the plants home"), title="Repot them")

    assert "2 steps added" in _summary(login(team.editor), full_plant_map.id, march["id"])
