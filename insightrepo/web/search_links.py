"""Where a search hit leads: the item's own page, its step in the live map, or — for what only a
snapshot holds — the snapshot's map at that step."""

from __future__ import annotations

from flask import current_app, url_for

from insightrepo.search.port import Hit

EVIDENCE_PAGES = {"quote": "quotes", "narrative": "narratives", "job": "jobs"}


def _map(journey_id: str | None, step_id: str | None) -> str | None:
    if journey_id is None:
        return None
    return url_for("journeys.map_view", journey_id=journey_id) + (f"#step-{step_id}" if step_id else "")


def map_url(hit: Hit) -> str | None:
    """Where the hit sits on a map: the live map at its step, or the snapshot's for history."""
    if hit.scope == "history" and hit.snapshot_id:
        return url_for("timeline.show", snapshot_id=hit.snapshot_id) + (f"#step-{hit.step_id}" if hit.step_id else "")
    return _map(hit.journey_id, hit.step_id)


def item_url(hit: Hit) -> str | None:
    if hit.scope == "history" and hit.snapshot_id:
        # evidence: its words as the snapshot held them, below the map; a step or experiment: its column
        anchor = (f"#{hit.type}-{hit.id}" if hit.type in EVIDENCE_PAGES
                  else f"#step-{hit.step_id}" if hit.step_id else "")
        return url_for("timeline.show", snapshot_id=hit.snapshot_id) + anchor
    if hit.type in EVIDENCE_PAGES:
        return url_for("evidence.show", kind=EVIDENCE_PAGES[hit.type], item_id=hit.id)
    if hit.type == "journey":
        return url_for("journeys.map_view", journey_id=hit.id)
    if hit.type == "experiment" and "experiments.show" in current_app.view_functions:
        return url_for("experiments.show", experiment_id=hit.id)
    return _map(hit.journey_id, hit.step_id)
