"""The health check on a snapshot reads the evidence the snapshot froze, not the live links."""

from __future__ import annotations

from insightrepo.evidence import evidence
from insightrepo.journeys.map_health import check_health
from insightrepo.timeline import snapshots
from insightrepo.timeline.frozen_map import frozen_journey
from tests.html_tree import page


def _researched_snapshot(session, team, make_map, add_quote):
    built = make_map({"Get the plants home": [
        {"title": "Unpack the plants", "marker": "thundercloud"}, {"title": "Water them", "marker": "heart"}]},
        kind="researched")
    kept = add_quote("Half the soil was in the box", [built.step("Unpack the plants")], participant="P01")
    gone = add_quote("It bloomed in a week", [built.step("Water them")], participant="P02")
    taken = snapshots.take_snapshot(session, team.admin, built.id, {"label": "After interviews", "as_of": "2026-03-10"})
    session.commit()
    # Since then the live map lost its links: one quote deleted, the other unlinked.
    evidence.delete_item(session, team.admin, evidence.QUOTES, gone, force=True)
    evidence.update_item(session, team.admin, evidence.QUOTES, kept,
                         evidence.item_for(session, team.admin, evidence.QUOTES, kept).version, {"step_ids": []})
    session.commit()
    return taken.snapshot


def test_the_health_check_of_a_snapshot_counts_its_frozen_evidence(session, team, make_map, add_quote):
    snapshot = _researched_snapshot(session, team, make_map, add_quote)

    codes = {f.code for f in check_health(frozen_journey(snapshots.frozen_map(session, snapshot)))}

    assert "researched_without_evidence" not in codes
    assert "marker_without_quote" not in codes
    assert "few_participants" in codes  # two participants stand behind it: that is what the snapshot held


def test_the_snapshot_page_does_not_warn_of_missing_evidence_it_lists(session, team, make_map, add_quote, login):
    snapshot = _researched_snapshot(session, team, make_map, add_quote)

    text = page(login(team.viewer).get(f"/snapshots/{snapshot.id}")).text()

    assert "no quote or story is linked to any step" not in text
    assert "no supporting quote" not in text
    assert "its linked evidence comes from 2 participants" in text
