"""`insightrepo timeline check` reads every stored snapshot object against its hash: exit 0 and
a summary when all match, exit 1 listing each forged object and the snapshots it belongs to."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from insightrepo import schema_migrations
from insightrepo.cli import cli
from insightrepo.db import Database, make_engine
from insightrepo.models import Workspace
from insightrepo.journeys import journeys, phases, steps
from insightrepo.timeline import snapshots
from tests.database_backends import BACKENDS, drop_database, fresh_database_url
from tests.timeline.forging import forge_step_title


@pytest.fixture(params=BACKENDS)
def scratch(request, tmp_path, monkeypatch):
    """A migrated database of its own (the command opens its own connections) with one snapshot."""
    for name in ("INSIGHTREPO_ENV", "INSIGHTREPO_DATABASE_URL", "INSIGHTREPO_SECRET_KEY", "INSIGHTREPO_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    url = fresh_database_url(request.param, "timeline_check", tmp_path)
    engine = make_engine(url)
    schema_migrations.upgrade(engine)
    database = Database(engine)
    with database.session() as session:
        session.add(Workspace(slug="cx-lab", name="CX lab", language="sv"))
        session.flush()
        journey = journeys.create_journey(session, None, "cx-lab", {"title": "Få räkningen att stämma"})
        phase = phases.add_phase(session, None, journey.id, {"title": "Förstå räkningen"})
        steps.add_step(session, None, phase.id, {"title": "Läser fakturan", "emotion": -2})
        snapshots.take_snapshot(session, None, journey.id, {"label": "Mars", "as_of": "2026-03-01"})
        session.commit()
    yield engine, {"INSIGHTREPO_DATA_DIR": str(tmp_path), "INSIGHTREPO_DATABASE_URL": url}
    engine.dispose()
    drop_database(url)


def _check(env: dict):
    return CliRunner().invoke(cli, ["timeline", "check"], env=env, catch_exceptions=False)


def test_an_untouched_timeline_checks_out(scratch):
    _, env = scratch

    result = _check(env)

    assert result.exit_code == 0, result.output
    assert "OK: 1 snapshots" in result.output
    assert "objects match their hashes" in result.output


def test_a_forged_object_is_listed_with_its_snapshot_and_exits_1(scratch):
    engine, env = scratch
    with engine.begin() as connection:
        digest = forge_step_title(connection, "Läser fakturan", "Läser fakturan med glädje")

    result = _check(env)

    assert result.exit_code == 1, result.output
    assert digest in result.output
    assert "does not match its hash" in result.output
    assert "Mars" in result.output
