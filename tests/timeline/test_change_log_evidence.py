"""The journey's change log also lists the edits of the evidence linked to its steps."""

from __future__ import annotations

from sqlalchemy import select

from insightrepo.models import Change, Quote
from tests.html_tree import html_tree


def test_edits_of_linked_evidence_appear_in_the_journeys_change_log(editor_api, full_plant_map, add_quote, make_map):
    quote_id = add_quote("Jorden låg i kartongen.", [full_plant_map.step("Unpack the plants")])
    other = make_map({"Elsewhere": ["Somewhere"]}, title="Another journey")
    unrelated = add_quote("Inget om växter.", [other.step("Somewhere")])
    current = editor_api.get(f"/api/v1/quotes/{quote_id}").json
    editor_api.patch(f"/api/v1/quotes/{quote_id}", json={"text": "Halva jorden låg i kartongen.",
                                                     "version": current["version"]},
                 headers={"X-Change-Note": "exact wording from the recording"})

    log = editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?entity=quote").json
    edits = [c for c in log["items"] if c["action"] == "update"]
    assert [(c["entity_id"], c["field"], c["old"], c["new"], c["why"]) for c in edits] == [
        (quote_id, "text", "Jorden låg i kartongen.", "Halva jorden låg i kartongen.", "exact wording from the recording")]
    assert unrelated not in {c["entity_id"] for c in log["items"]}
    everything = editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?per_page=200").json
    assert {"journey", "phase", "step", "quote"} <= {c["entity"] for c in everything["items"]}


def test_the_change_log_page_filters_evidence_too(login, team, full_plant_map, add_quote):
    add_quote("Snabbt och enkelt.", [full_plant_map.step("Pay")])
    page = html_tree(login(team.viewer).get(f"/journeys/{full_plant_map.id}/history?entity=quote").get_data(as_text=True))
    rows = [[cell.text() for cell in row.find_all("td")] for row in page.find("tbody").find_all("tr")]
    assert [(row[2], row[3]) for row in rows] == [("quote “Snabbt och enkelt.”", "created")]


def test_a_tag_is_logged_by_its_name_even_an_empty_one(session, editor_api, full_plant_map, add_quote):
    """Tags are logged by name; an empty name (older data, a hand-made backup) was logged as the
    tag's id, which a copy of the workspace under new ids could not rename (found by the backup
    round trip's generated workspaces)."""
    quote_id = add_quote("Jorden låg i kartongen.", [full_plant_map.step("Unpack the plants")], tags=["leverans"])
    quote = session.get(Quote, quote_id)
    quote.tags[0].name = ""
    session.commit()
    assert editor_api.delete(f"/api/v1/quotes/{quote_id}?force=true").status_code == 204

    deleted = session.scalars(select(Change).where(Change.entity_id == quote_id, Change.action == "delete")).all()
    assert [change.old["tags"] for change in deleted] == [[""]]


def test_a_force_deleted_quote_keeps_its_history_in_the_journeys_change_log(editor_api, full_plant_map, add_quote, make_map):
    unpack = full_plant_map.step("Unpack the plants")
    quote_id = add_quote("Det frös på vägen.", [unpack])
    other = make_map({"Elsewhere": ["Somewhere"]}, title="Another journey")
    unrelated = add_quote("Inget om växter.", [other.step("Somewhere")])
    current = editor_api.get(f"/api/v1/quotes/{quote_id}").json
    editor_api.patch(f"/api/v1/quotes/{quote_id}", json={"text": "Det frös på vägen hem.", "version": current["version"]})
    assert editor_api.delete(f"/api/v1/quotes/{quote_id}?force=true").status_code == 204
    assert editor_api.delete(f"/api/v1/quotes/{unrelated}?force=true").status_code == 204

    log = editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?entity=quote").json

    assert [(c["entity_id"], c["action"]) for c in reversed(log["items"])] == [
        (quote_id, "create"), (quote_id, "update"), (quote_id, "delete")]
    [deleted] = [c for c in log["items"] if c["action"] == "delete"]
    assert deleted["old"]["text"] == "Det frös på vägen hem." and deleted["old"]["steps"] == [unpack]


def test_a_quote_unlinked_from_the_map_keeps_what_happened_while_it_was_on_it(editor_api, full_plant_map, add_quote):
    pay = full_plant_map.step("Pay")
    quote_id = add_quote("Snabbt och enkelt.", [pay])
    current = editor_api.get(f"/api/v1/quotes/{quote_id}").json
    editor_api.patch(f"/api/v1/quotes/{quote_id}", json={"step_ids": [], "version": current["version"]})

    log = editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?entity=quote").json

    assert [(c["action"], c["field"]) for c in reversed(log["items"])] == [("create", None), ("update", "steps")]
