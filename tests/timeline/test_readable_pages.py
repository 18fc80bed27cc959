"""The timeline pages say which: which of two snapshots of one day, which experiment or quote a
change log row is about, which backstage field changed, which quotes were linked or unlinked."""

from __future__ import annotations

import pytest

from tests.html_tree import page
from tests.timeline.helpers import compare, ok, patch_evidence, patch_step, take

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def test_two_snapshots_of_one_day_are_told_apart_by_time_and_order(editor_api, full_plant_map, team, login):
    first = take(editor_api, full_plant_map.id, "Morning", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Pay"), emotion=2)
    second = take(editor_api, full_plant_map.id, "Afternoon", as_of="2026-05-14")

    html = page(login(team.viewer).get(f"/journeys/{full_plant_map.id}/timeline"))

    rows = {s["id"]: html.find("tr", id=f"snapshot-{s['id']}").text() for s in (first, second)}
    assert "2026-05-14 (1 of 2 that day)" in rows[first["id"]]
    assert "2026-05-14 (2 of 2 that day)" in rows[second["id"]]
    assert first["created_at"][11:16] in rows[first["id"]]  # the time it was taken, HH:MM (UTC)


def test_the_change_log_names_what_each_row_is_about(editor_api, full_plant_map, add_quote, team, login):
    quote = add_quote("Half the soil was in the box", [full_plant_map.step("Unpack the plants")])
    experiment = ok(editor_api.post("/api/v1/workspaces/alpha/experiments", json={
        "title": "Choose your own plant by video", "step_ids": [full_plant_map.step("Unpack the plants")],
        "metric": {"name": "complaints", "kind": "proportion", "direction": "decrease"}}), 201)
    patch_evidence(editor_api, "quotes", quote, text="Half of the soil was in the box")

    api = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?per_page=200"))["items"]
    html = page(login(team.viewer).get(f"/journeys/{full_plant_map.id}/history"))

    labels = {(c["entity"], c["action"]): c["entity_label"] for c in api}
    assert labels[("experiment", "create")] == "Choose your own plant by video"
    assert labels[("quote", "update")] == "“Half of the soil was in the box”"
    rows = [row.find_all("td")[2].text() for row in html.find("tbody").find_all("tr")]
    assert "experiment Choose your own plant by video" in rows
    assert experiment["id"] not in str(rows)


def test_backstage_changes_are_compared_field_by_field(editor_api, full_plant_map, team, login):
    unpack = full_plant_map.step("Unpack the plants")
    patch_step(editor_api, unpack, backstage={"people": "Packers", "policies": "", "systems": "WMS"})
    before = take(editor_api, full_plant_map.id, "Before", as_of="2026-05-14")
    patch_step(editor_api, unpack, backstage={"people": "Packers", "policies": "Check every plant", "systems": "WMS"})
    after = take(editor_api, full_plant_map.id, "After", as_of="2026-06-14")

    html = page(login(team.viewer).get(f"/journeys/{full_plant_map.id}/compare?from={before['id']}&to={after['id']}"))

    fields = html.find("li", id=f"change-{unpack}").find("dl", cls="fields")
    terms = [dt.text() for dt in fields.find_all("dt")]
    assert terms == ["backstage policies"]
    assert fields.find("dd").text() == "— → Check every plant"


def test_the_summary_says_which_quotes_were_linked_and_unlinked(editor_api, full_plant_map, add_quote, team, login):
    search, chat = full_plant_map.step("Search for easy plants"), full_plant_map.step("Ask in the chat")
    moved = add_quote("The chat answered in a minute", [search])
    before = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_evidence(editor_api, "quotes", moved, step_ids=[chat])
    after = take(editor_api, full_plant_map.id, "June", as_of="2026-06-14")

    diff = compare(editor_api, before["id"], after["id"])
    html = page(login(team.viewer).get(f"/journeys/{full_plant_map.id}/compare?from={before['id']}&to={after['id']}"))

    assert diff["evidence_links"] == [  # in the map's order of steps
        {"kind": "quotes", "id": moved, "label": "The chat answered in a minute", "step_id": search,
         "step_title": "Search for easy plants", "change": "unlinked"},
        {"kind": "quotes", "id": moved, "label": "The chat answered in a minute", "step_id": chat,
         "step_title": "Ask in the chat", "change": "linked"}]
    summary = html.find("section", "summary").text()
    assert "“The chat answered in a minute” linked to Ask in the chat" in summary
    assert "“The chat answered in a minute” unlinked from Search for easy plants" in summary
