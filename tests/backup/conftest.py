"""Backup fixtures: a second, empty database on the same backend to restore into, and a
count of every backed-up table to show that a refused import wrote nothing."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, ContextManager

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insightrepo import open_database, schema_migrations
from insightrepo.db import make_engine
from insightrepo.backup.format import MEMBERSHIPS, OBJECTS, SECTIONS, TIMELINE_SECTIONS, WORKSPACE
from tests.database_backends import drop_database, fresh_database_url


@pytest.fixture(scope="session")
def empty_engine(engine, tmp_path_factory):
    """A freshly migrated database beside the suite's, on the same backend."""
    url = fresh_database_url(engine.dialect.name, "restore", tmp_path_factory.mktemp("restore"))
    target = make_engine(url)
    schema_migrations.upgrade(target)
    yield target
    target.dispose()
    drop_database(url)


@pytest.fixture
def empty_database(empty_engine) -> Callable[[], ContextManager[Session]]:
    """``with empty_database() as session:`` — a session on the empty database, rolled back
    afterwards so it is empty again for the next use."""

    @contextmanager
    def open_session():
        with empty_engine.connect() as connection:
            outer = connection.begin()
            session = open_database(connection).session()
            try:
                yield session
            finally:
                session.close()
                outer.rollback()

    return open_session


def row_counts(session: Session) -> dict[str, int]:
    """Rows in every table a backup writes to."""
    tables = [WORKSPACE.table, MEMBERSHIPS, *(s.table for s in SECTIONS)]
    tables += [link.table for s in SECTIONS for link in s.links]
    tables += [s.table for s in TIMELINE_SECTIONS] + [OBJECTS]
    return {t.name: session.scalar(select(func.count()).select_from(t)) for t in tables}


@pytest.fixture
def stocked(session, team) -> str:
    """Workspace ``alpha`` with a small map, evidence of every kind and a running experiment with
    a baseline measurement, all linked; committed."""
    from insightrepo.evidence import evidence, participants
    from insightrepo.experiments import experiments, measurements
    from insightrepo.journeys import journeys, phases, steps
    from insightrepo.timeline.change_context import open_changes

    actor = team.admin
    open_changes(session, actor)  # the change log names who made each edit, as for their requests
    journey = journeys.create_journey(session, actor, "alpha", {"title": "Skapa ett grönt hem", "kind": "researched"})
    find = phases.add_phase(session, actor, journey.id, {"title": "Hitta växter som trivs hos mig"})
    home = phases.add_phase(session, actor, journey.id, {"title": "Få hem växterna"})
    search = steps.add_step(session, actor, find.id, {"title": "Söker lättskötta växter", "emotion": -1,
                                                       "marker": "thundercloud", "channels": ["webb", "app"]})
    unpack = steps.add_step(session, actor, home.id, {"title": "Packar upp", "emotion": 2, "marker": "heart",
                                                       "moment_of_truth": {"title": "Levande växter",
                                                                           "description": "Allt klarade resan"}})
    participants.create_participant(session, actor, "alpha", {"code": "P01", "segment": "Förstagångsköpare"})
    quote = evidence.create_item(session, actor, evidence.QUOTES, "alpha", {
        "text": "Jag visste inte vilken jord jag skulle ta.", "participant": "P01", "tags": ["Jord", "Osäkerhet"],
        "step_ids": [search.id], "sentiment": "negative", "collected_on": "2026-03-04"})
    narrative = evidence.create_item(session, actor, evidence.NARRATIVES, "alpha", {
        "title": "Första monsteran", "body": "Hon **läste** allt om ljus.", "participant": "P01",
        "tags": ["jord"], "step_ids": [search.id, unpack.id]})
    job = evidence.create_item(session, actor, evidence.JOBS, "alpha", {
        "situation": "jag flyttar in", "motivation": "fylla hemmet med växter", "outcome": "känna mig hemma",
        "importance": 5, "satisfaction": 2, "step_ids": [unpack.id], "phase_ids": [home.id]})
    experiment = experiments.create_experiment(session, actor, "alpha", {
        "title": "Välj din egen växt via video", "solution": "videosamtal med plantskolan",
        "step_ids": [search.id, unpack.id], "job_id": job.id, "quote_ids": [quote.id], "narrative_ids": [narrative.id],
        "metric": {"name": "leveranser med klagomål", "kind": "proportion", "direction": "decrease"},
        "minimum_effect": 0.05, "design": "before_after", "owner": "Kundtjänst"})
    measurements.add_measurement(session, actor, experiment.id, {
        "group": "baseline", "measured_on": "2026-02-01", "successes": 31, "trials": 120, "source": "Ärendesystemet",
        "quote_ids": [quote.id]})
    experiments.change_status(session, actor, experiment.id, {"status": "running", "on": "2026-02-02"})
    session.commit()
    return "alpha"


@pytest.fixture
def chronicled(session, team, stocked) -> str:
    """``alpha`` with a timeline: a snapshot in March, edits (a step renamed and moved, a quote
    reworded and linked on, a step added, one deleted, the experiment measured again and
    concluded), a snapshot in May; committed."""
    from datetime import date

    from insightrepo.models import Experiment, Journey, Quote
    from insightrepo.evidence import evidence
    from insightrepo.experiments import experiments, measurements
    from insightrepo.journeys import steps
    from insightrepo.timeline.change_context import opened
    from insightrepo.timeline.snapshots import record_snapshot

    actor = team.admin
    with opened(session, actor):  # the change log names who made each edit, as for their requests
        journey = session.scalar(select(Journey).where(Journey.workspace_id == team.a.id))
        record_snapshot(session, actor, journey, "Hypotes", date(2026, 3, 1), "Före intervjuerna")
        search, unpack = journey.steps
        find, home = journey.phases
        steps.update_step(session, actor, search.id, search.version, {"title": "Letar växter", "emotion": 1,
                                                                       "phase_id": home.id, "position": 1})
        added = steps.add_step(session, actor, find.id, {"title": "Frågar en vän", "emotion": 0})
        quote = session.scalar(select(Quote).where(Quote.workspace_id == team.a.id))
        evidence.update_item(session, actor, evidence.QUOTES, quote.id, quote.version,
                             {"text": "Jag visste inte vilken jord.", "step_ids": [search.id, added.id]})
        with opened(session, team.editor):
            steps.delete_step(session, team.editor, unpack.id)
        experiment = session.scalar(select(Experiment).where(Experiment.workspace_id == team.a.id))
        measurements.add_measurement(session, actor, experiment.id, {
            "group": "follow_up", "measured_on": "2026-04-20", "successes": 9, "trials": 118})
        experiments.change_status(session, actor, experiment.id, {"status": "concluded", "on": "2026-04-30",
                                                                   "verdict": "supported"})
    record_snapshot(session, team.editor, journey, "Efter intervjuerna", date(2026, 5, 14))
    session.commit()
    return "alpha"
