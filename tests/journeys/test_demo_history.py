"""The demo's year holds a quote that left the map: a support agent's summary entered as a quote in
February, deleted in the summer, still held by the March snapshot (what search "In snapshots" finds)."""

from __future__ import annotations

from sqlalchemy import select

from insightrepo.demo import DEMO_SLUG, load_demo
from insightrepo.models import Change, Quote
from insightrepo.journeys import journeys
from insightrepo.timeline import snapshots

SUMMARY = "Kunden ringde upprörd: monsteran frös under transporten"


def _quotes_on(frozen: dict, step_title: str) -> list[str]:
    [step] = [s for p in frozen["phases"] for s in p["steps"] if s["title"] == step_title]
    return [q["text"] for q in step["evidence"]["quotes"]]


def test_the_march_snapshot_keeps_the_quote_the_team_deleted_in_the_summer(session):
    load_demo(session)
    session.commit()
    [plant] = [j for j in journeys.list_journeys(session, None, DEMO_SLUG).items if j.title == "Skapa ett frodande hem"]
    by_label = {s.label: s for s in snapshots.timeline_of(session, plant)}

    march = snapshots.frozen_map(session, by_label["Efter 12 intervjuer"])
    september = snapshots.frozen_map(session, by_label["Efter leveransförbättringarna"])

    assert any(text.startswith(SUMMARY) for text in _quotes_on(march, "Väntar på leveransen"))
    assert not any(text.startswith(SUMMARY) for text in _quotes_on(september, "Väntar på leveransen"))
    assert session.scalar(select(Quote).where(Quote.text.startswith(SUMMARY))) is None
    deleted = session.scalar(select(Change).where(Change.entity == "quote", Change.action == "delete"))
    assert "ordagranna" in deleted.why
