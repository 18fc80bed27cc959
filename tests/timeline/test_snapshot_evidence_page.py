"""A snapshot's page shows the evidence its map held then — a quote deleted since included — and
search "In snapshots" opens such a quote right there."""

from __future__ import annotations

from insightrepo.evidence import evidence
from insightrepo.timeline import snapshots
from tests.html_tree import page
from tests.search.conftest import adapter_name, search_engine  # noqa: F401


def _snapshot_with_a_deleted_quote(session, team, full_plant_map, add_quote):
    unpack = full_plant_map.step("Unpack the plants")
    kept = add_quote("Half the soil was in the box", [unpack], source="interview")
    gone = add_quote("The courier said it froze on the way", [unpack, full_plant_map.step("Pay")], participant="P10")
    evidence.create_item(session, team.admin, evidence.JOBS, "alpha", {
        "situation": "my plant looks sad", "motivation": "find out why", "outcome": "save it", "step_ids": [unpack]})
    taken = snapshots.take_snapshot(session, team.admin, full_plant_map.id, {"label": "Winter map", "as_of": "2026-01-15"})
    session.commit()
    evidence.delete_item(session, team.admin, evidence.QUOTES, gone, force=True)
    session.commit()
    return taken.snapshot.id, kept, gone


def test_a_snapshot_shows_the_evidence_its_steps_held_then(session, team, full_plant_map, add_quote, login):
    snapshot_id, kept, gone = _snapshot_with_a_deleted_quote(session, team, full_plant_map, add_quote)

    section = page(login(team.viewer).get(f"/snapshots/{snapshot_id}")).find("section", "snapshot-evidence")

    assert "The evidence behind the map on 2026-01-15" in section.find("h2").text()
    assert [h.text() for h in section.find_all("h3")] == ["Pay", "Unpack the plants"]
    deleted = section.find("li", id=f"quote-{gone}")  # anchored once, though it supported two steps
    assert "“The courier said it froze on the way” — P10" in deleted.text()
    assert len(section.find_all("li", id=f"quote-{gone}")) == 1
    assert "interview" in section.find("li", id=f"quote-{kept}").text()
    assert "When my plant looks sad, I want to find out why, so I can save it." in section.text()


def test_search_in_snapshots_opens_a_deleted_quote_where_the_snapshot_shows_it(
        search_engine, session, team, full_plant_map, add_quote, login):
    snapshot_id, _, gone = _snapshot_with_a_deleted_quote(session, team, full_plant_map, add_quote)
    client = login(team.viewer)

    today = page(client.get("/w/alpha/search?q=froze")).find_all("li", cls="search-hit")
    [hit] = page(client.get("/w/alpha/search?q=froze&scope=history&type=quote")).find_all("li", cls="search-hit")

    assert today == []
    assert hit.find("a").attrs["href"] == f"/snapshots/{snapshot_id}#quote-{gone}"
    assert "in the snapshot “Winter map” of 2026-01-15" in hit.text()
    target = page(client.get(f"/snapshots/{snapshot_id}")).find("li", id=f"quote-{gone}")
    assert "The courier said it froze on the way" in target.text()
