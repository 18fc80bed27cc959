"""Crash safety: `kill -9` in the middle of a CSV import, a snapshot and a workspace restore, on
SQLite and PostgreSQL. After the restart the work is either all there or all absent — every table's
row count moved by exactly what the whole operation writes, or not at all — and the search index
agrees with the database (`insightrepo search check`).

"In the middle" is hit two ways. A tripwire (processes_tripwire.py) stops the server or command at
a named point — with some of its rows written, just before the COMMIT, just after it with the
index not yet told, after the first batch of index work — and the test kills the whole process
group there. And a plain server or command is killed a given time after the work began, at
fractions of how long the same work took when left alone. The outcome is asserted, never a time.

Each kill is followed by a restart (the next attempt's server or command) that must find the data
whole or absent; `insightrepo search check` ends each test.

CI sizes: 600 CSV rows, 200-step maps, a backup of a 200-step map with 1,000 quotes and two
snapshots, and one timed kill per operation. The long run, ``INSIGHTREPO_TRUST_SCALE=5 pytest
tests/trust/test_crash_safety.py -n 0``, multiplies the sizes by 5 and makes 10 timed kills per
operation, spread from 5 % to 95 % of the work's time."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import select

from insightrepo import open_database
from insightrepo.db import Database, make_engine, transaction
from insightrepo.models import Journey, Phase, SnapshotObject, Step
from insightrepo.accounts import users
from insightrepo.backup import backup
from insightrepo.journeys import journeys
from insightrepo.imports import quotes_csv
from insightrepo.workspaces import workspaces
from insightrepo.timeline.freeze import freeze
from insightrepo.timeline.snapshots import record_snapshot
from tests.database_backends import BACKENDS
from tests.trust.processes import launcher  # noqa: F401  (a fixture)
from tests.trust.processes import SCALE, Instance, Server, make_instance, remove_instance, scaled

CSV_ROWS = scaled(600)
MAP_PHASES, MAP_STEPS = scaled(8), 25  # steps per phase
BACKUP_QUOTES = scaled(1_000)
# Timed kills, as fractions of how long the work takes left alone: one in CI, 2 × scale spread out.
TIMED_KILLS = [0.3] if SCALE == 1 else [round(0.05 + 0.9 * n / (2 * SCALE - 1), 3) for n in range(2 * SCALE)]

WORDS = ("plant pot soil water light leaf root order parcel delivery courier pay invoice chat advice care guide "
         "review friend picture compare price quality worry joy pride surprise calm morning evening home kitchen "
         "window balcony sun shade frost drought box tape label gift return refund damage crushed wilted").split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


@pytest.fixture(params=BACKENDS)
def instance(request, tmp_path, launcher):
    instance = make_instance(request.param, tmp_path / "site", launcher)
    yield instance
    remove_instance(instance)


@dataclass(frozen=True)
class Attempt:
    """Kill the work at a tripwire, or ``after`` this fraction of the time it takes when left alone."""

    name: str
    tripwire: str | None = None
    after: float | None = None


def _attempts(tripwires: dict[str, str]) -> list[Attempt]:
    timed = [Attempt(f"killed at {fraction:.0%} of its time", after=fraction) for fraction in TIMED_KILLS]
    return timed + [Attempt(name, tripwire=spec) for name, spec in tripwires.items()]


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {table: after[table] - before.get(table, 0) for table in after if after[table] != before.get(table, 0)}


def _all_or_nothing(attempt: Attempt, delta: dict[str, int], whole: dict[str, int]) -> str:
    assert delta in ({}, whole), f"{attempt.name}: half written: {delta} (whole: {whole})"
    return "absent" if delta == {} else "present"


def _send_and_kill(server: Server, attempt: Attempt, duration: float, send: Callable[[], object]) -> None:
    """Start the work on ``server`` in a thread and kill the server in its middle."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["answer"] = send()
        except OSError as error:  # the server died under the request: the point
            outcome["error"] = error

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    if attempt.after is not None:
        time.sleep(duration * attempt.after)
    else:
        deadline = time.monotonic() + 300
        while not server.tripped():
            assert thread.is_alive(), f"{attempt.name}: the work finished without reaching the tripwire: {outcome}"
            assert time.monotonic() < deadline, f"{attempt.name}: the tripwire was not reached in 300 s"
            time.sleep(0.01)
    assert not server.errors(), server.errors()  # whatever it answered before, never a 5xx
    server.kill()
    thread.join(60)


def _run_server_attempts(instance: Instance, attempts: list[Attempt], send: Callable[[Server, int], object],
                         verify: Callable[[Server, int, str], None],
                         expected: Callable[[int], dict[str, int]] | None = None) -> list[str]:
    """Calibrate with one undisturbed run (work 0), then for each attempt k: start work k, kill the
    server in its middle, restart (armed with the next attempt's tripwire), and check that work k is
    whole or absent, in the database and in the index. ``expected(k)``: the rows work k writes when
    whole (by default what work 0 wrote). Returns the outcomes."""
    server = instance.serve()
    before = instance.row_counts()
    started = time.monotonic()
    send(server, 0)
    duration = time.monotonic() - started
    whole = _delta(before, instance.row_counts())
    verify(server, 0, "present")
    if attempts[0].tripwire:
        server.stop()
        server = instance.serve(tripwire=attempts[0].tripwire)
    outcomes = []
    for k, attempt in enumerate(attempts, start=1):
        before = instance.row_counts()
        if expected is not None:
            whole = expected(k)
        _send_and_kill(server, attempt, duration, lambda: send(server, k))
        server = instance.serve(tripwire=attempts[k].tripwire if k < len(attempts) else None)
        outcome = _all_or_nothing(attempt, _delta(before, instance.row_counts()), whole)
        verify(server, k, outcome)
        outcomes.append(outcome)
    server.stop()
    assert not server.errors(), server.errors()
    assert instance.outbox() == 0
    assert "OK: the index matches the database." in instance.search_check()
    return outcomes


# ---- a CSV import through the API ----------------------------------------------------------------

def _csv(k: int, rows: int) -> bytes:
    rng = random.Random(k)
    lines = ["text;participant;date;tags;sentiment"]
    for i in range(rows):
        day = date(2026, 1, 1) + timedelta(days=i % 300)
        lines.append(f"{_text(rng, 6)} (attempt {k}, row {i});K{k}P{i % 40};{day};"
                     f"\"attempt-{k}, {WORDS[i % len(WORDS)]}-{k}\";{rng.choice(['positive', 'negative', 'neutral'])}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def _found(server: Server, instance: Instance, query: str) -> int:
    status, body = server.call(instance.members["lena@example.org"], "GET",
                               f"/api/v1/workspaces/lab/search?{query}&per_page=1")
    assert status == 200, body
    return body["total"]


def test_a_csv_import_killed_in_the_middle_is_all_there_or_absent(instance):
    lena = instance.members["lena@example.org"]
    files = {k: _csv(k, CSV_ROWS) for k in range(len(TIMED_KILLS) + 6)}

    def send(server: Server, k: int):
        return server.call(lena, "POST", "/api/v1/workspaces/lab/quotes/import", raw=files[k],
                           content_type="text/csv; charset=utf-8")

    def verify(server: Server, k: int, outcome: str) -> None:
        expected = CSV_ROWS if outcome == "present" else 0
        assert _found(server, instance, f"tag=attempt-{k}") == expected, f"attempt {k}: the index disagrees"

    attempts = _attempts({
        "tripwire: participants and tags written, no quotes yet": r"^INSERT INTO tags\b",
        "tripwire: the quotes written, not their tag links": r"^INSERT INTO quotes\b",
        "tripwire: every row written, before the commit": r"^INSERT INTO quotes\b > ^COMMIT$",
        "tripwire: committed, the index not told": r"^INSERT INTO quotes\b > ^COMMITTED$",
        "tripwire: the index has its first batch": r"^INSERT INTO quotes\b > ^COMMITTED$ > ^DELETE FROM search_outbox",
    })
    outcomes = _run_server_attempts(instance, attempts, send, verify)
    assert outcomes[-5:] == ["absent", "absent", "absent", "present", "present"]


# ---- a snapshot of a large map ---------------------------------------------------------------------

def _build_map(database: Database, k: int, slug: str = "lab") -> str:
    """A map of MAP_PHASES × MAP_STEPS steps, every field filled, its words its own (seeded by k)."""
    rng = random.Random(f"map-{k}")
    with database.session() as session, transaction(session):
        lena = users.find_user_by_email(session, "lena@example.org")
        journey = journeys.create_journey(session, lena, slug, {"title": f"Map {k}: keep a fern alive"})
        for p in range(MAP_PHASES):
            phase = Phase(journey=journey, position=p, title=_text(rng, 3), goal=_text(rng, 10))
            session.add(phase)
            for s in range(MAP_STEPS):
                session.add(Step(phase=phase, position=s, title=f"mapword{k} {_text(rng, 4)}", action=_text(rng, 10),
                                 touchpoint=rng.choice(["Web", "App", "Store", "Parcel"]), need=_text(rng, 8),
                                 thoughts=_text(rng, 12), emotion=rng.randint(-2, 2), owner=rng.choice(["Ops", "CX"]),
                                 backstage_people=_text(rng, 3), backstage_systems=_text(rng, 3)))
        return journey.id


def test_a_snapshot_killed_in_the_middle_is_all_there_or_absent(instance):
    lena = instance.members["lena@example.org"]
    attempts = _attempts({
        "tripwire: the first objects written": r"^INSERT INTO snapshot_objects\b",
        "tripwire: the snapshot row written, before the commit": r"^INSERT INTO snapshots\b > ^COMMIT$",
        "tripwire: committed, the index not told": r"^INSERT INTO snapshots\b > ^COMMITTED$",
    })
    with instance.database() as database:
        maps = [_build_map(database, k) for k in range(len(attempts) + 1)]

    def send(server: Server, k: int):
        return server.call(lena, "POST", f"/api/v1/journeys/{maps[k]}/snapshots", {"label": f"Attempt {k}"})

    def verify(server: Server, k: int, outcome: str) -> None:
        status, timeline = server.call(lena, "GET", f"/api/v1/journeys/{maps[k]}/snapshots")
        assert status == 200 and len(timeline["items"]) == (outcome == "present"), timeline
        deadline = time.monotonic() + 60  # a snapshot's history is indexed after its answer
        while instance.outbox() and time.monotonic() < deadline:
            time.sleep(0.05)
        history = _found(server, instance, f"q=mapword{k}&scope=history&type=step")
        assert history == (MAP_PHASES * MAP_STEPS if outcome == "present" else 0), f"attempt {k}: index disagrees"
        if outcome == "present":  # every object is there: the frozen map reads whole and equals the live one
            status, frozen = server.call(lena, "GET", f"/api/v1/snapshots/{timeline['items'][0]['id']}")
            assert status == 200, frozen
            status, live = server.call(lena, "GET", f"/api/v1/journeys/{maps[k]}")
            assert [[s["title"] for s in p["steps"]] for p in frozen["phases"]] == \
                   [[s["title"] for s in p["steps"]] for p in live["phases"]]

    def expected(k: int) -> dict[str, int]:
        """A snapshot row, and the objects of the map not stored yet (an empty evidence index is shared)."""
        with instance.database() as database, database.session() as session:
            objects = freeze(session, session.get(Journey, maps[k])).objects
            stored = set(session.scalars(select(SnapshotObject.hash).where(SnapshotObject.hash.in_(list(objects)))))
        return {"snapshots": 1, "snapshot_objects": len(set(objects) - stored)}

    outcomes = _run_server_attempts(instance, attempts, send, verify, expected)
    assert outcomes[-3:] == ["absent", "absent", "present"]


# ---- a workspace restored from a large backup, on the command line -------------------------------

def _backup_file(directory: Path) -> Path:
    """Workspace "atlas" built in a scratch database and exported: a map, quotes, two snapshots."""
    from insightrepo import schema_migrations

    engine = make_engine(f"sqlite:///{directory / 'source.sqlite3'}")
    schema_migrations.upgrade(engine)
    database = open_database(engine)
    with database.session() as session, transaction(session):
        lena = users.create_user(session, "lena@example.org", "a long enough password")
        workspaces.create_workspace(session, lena, "Atlas", "atlas")
    journey_id = _build_map(database, 99, "atlas")
    with database.session() as session, transaction(session):
        lena = users.find_user_by_email(session, "lena@example.org")
        quotes_csv.import_quotes(session, lena, "atlas", _csv(99, BACKUP_QUOTES), max_bytes=10**9,
                                   max_rows=10**7)
        journey = journeys.journey_for(session, lena, journey_id, "editor", whole_map=True)
        record_snapshot(session, lena, journey, "January", date(2026, 1, 15))
        for phase in journey.phases:
            phase.steps[0].title += " (revised)"
            phase.steps[0].version += 1
        session.flush()
        record_snapshot(session, lena, journey, "March", date(2026, 3, 15))
    with database.session() as session:
        document = backup.export_workspace(session, None, "atlas")
    engine.dispose()
    path = directory / "atlas.json"
    path.write_text(backup.dump_document(document), encoding="utf-8")
    return path


def _exported(instance: Instance, slug: str) -> dict:
    with instance.database() as database, database.session() as session:
        return backup.export_workspace(session, None, slug)


def test_a_workspace_restore_killed_in_the_middle_is_all_there_or_absent(instance, tmp_path):
    source = _backup_file(tmp_path)
    original = source.read_text(encoding="utf-8")
    counts = backup.section_counts(backup.parse_document(original))
    attempts = _attempts({
        "tripwire: the first batch of quotes written": r"^INSERT INTO quotes\b",
        "tripwire: every row written, before the commit": r"^INSERT INTO snapshot_objects\b > ^COMMIT$",
        "tripwire: committed, the index not told": r"^INSERT INTO workspaces\b > ^COMMITTED$",
    })
    restore = ["import", "workspace", str(source), "--link-accounts"]  # the operator brings it back as it was

    before = instance.row_counts()  # calibration: a copy, undisturbed
    started = time.monotonic()
    status, output = instance.cli(*restore, "--as", "calibration")
    duration = time.monotonic() - started
    assert status == 0, output
    whole = _delta(before, instance.row_counts())
    # Objects are stored once by content: one without ids in it (an empty evidence index) is shared
    # by every copy, so how many a restore adds varies; the export below shows they are all there.
    whole.pop("snapshot_objects")

    outcomes, restored = [], False
    for k, attempt in enumerate(attempts, start=1):
        slug = f"copy-{k}" if restored else None  # once the original is back, copies (new ids)
        before = instance.row_counts()
        marker = tmp_path / f"tripwire-{k}"
        command = instance.command(*restore, *(["--as", slug] if slug else []), tripwire=attempt.tripwire,
                                   tripwire_file=marker)
        if attempt.after is not None:
            time.sleep(duration * attempt.after)
        else:
            deadline = time.monotonic() + 300
            while not marker.exists():
                assert command.running(), f"{attempt.name}: finished without reaching the tripwire:\n{command.output()}"
                assert time.monotonic() < deadline, f"{attempt.name}: the tripwire was not reached in 300 s"
                time.sleep(0.01)
        command.kill()
        delta = _delta(before, instance.row_counts())
        objects = delta.pop("snapshot_objects", 0)
        outcome = _all_or_nothing(attempt, delta, whole)
        if outcome == "absent":
            assert objects == 0, f"{attempt.name}: {objects} snapshot objects left behind"
        elif slug is None:  # the original, byte for byte
            assert backup.dump_document(_exported(instance, "atlas")) == original, f"{attempt.name}: not as it was"
            restored = True
        else:  # a copy: every section whole, every object the snapshots reach included
            assert backup.section_counts(_exported(instance, slug)) == counts, attempt.name
        outcomes.append(outcome)

    assert outcomes[-3:] == ["absent", "absent", "present"]
    assert instance.outbox() > 0  # the last restore was killed before the index was told …
    assert "OK: the index matches the database." in instance.search_check()  # … and the next command catches up
    assert instance.outbox() == 0
