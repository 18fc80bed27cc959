"""Server time of the map view and of GET /api/v1/journeys/{id} for a 10 × 30 journey.

    python bench/bench_journey_map.py [--phases 10] [--steps 30] [--runs 60] [--database-url URL]

Builds a scratch database through the migrations, fills one journey with every step field
set, then times requests through the WSGI app in-process (no network), after warm-up.
Prints p50/p95/max in milliseconds. Results go to docs/benchmarks.md by hand."""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

from insightrepo import create_app, open_database, schema_migrations
from insightrepo.db import Database, make_engine, transaction
from insightrepo.accounts import users, api_tokens
from insightrepo.journeys import journeys, phases, steps
from insightrepo.workspaces import workspaces


def build(db: Database, n_phases: int, n_steps: int) -> tuple[str, str, str]:
    with db.session() as session, transaction(session):
        user = users.create_user(session, "bench@example.org", "benchmark password")
        workspaces.create_workspace(session, user, "Bench", "bench", "sv")
        journey = journeys.create_journey(session, user, "bench", {"title": "Skapa ett frodande hem",
                                                                  "kind": "researched"})
        for p in range(n_phases):
            phase = phases.add_phase(session, user, journey.id, {"title": f"Fas {p + 1}", "goal": "Mål " * 12})
            for s in range(n_steps):
                steps.add_step(session, user, phase.id, {
                    "title": f"Steg {p + 1}.{s + 1} – väljer växter", "action": "Gör något " * 10,
                    "touchpoint": "Webbshop", "channels": ["Webb", "App"], "need": "Behov " * 8,
                    "thoughts": "Tankar och känslor " * 6, "emotion": (s % 5) - 2,
                    "marker": ("heart", "thundercloud", None)[s % 3],
                    "moment_of_truth": {"title": "Sanningens ögonblick", "description": "Varför " * 10} if s % 10 == 0 else None,
                    "owner": "E-handel", "employee_emotion": (s % 5) - 2,
                    "backstage": {"people": "Team " * 4, "policies": "Policy " * 4, "systems": "System " * 4},
                })
        _, secret = api_tokens.create_token(session, user, "bench")
        return journey.id, secret, user.email


def timed(client, path: str, runs: int, headers=None) -> list[float]:
    for _ in range(5):
        assert client.get(path, headers=headers).status_code == 200
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return samples



def scratch_database(database_url: str, folder: str) -> Database:
    """A database at the schema's head for one benchmark run: ``database_url`` emptied first, or
    an SQLite file in ``folder`` when none is given."""
    url = database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    engine = make_engine(url)
    if database_url:
        schema_migrations.downgrade(engine, "base")
    schema_migrations.upgrade(engine)
    return open_database(engine)

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phases", type=int, default=10)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = scratch_database(args.database_url, tmp)
        journey_id, secret, email = build(db, args.phases, args.steps)
        app = create_app({"env": "testing", "data_dir": tmp}, database=db)
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post("/login", data={"email": email, "password": "benchmark password",
                                           "csrf_token": csrf}).status_code == 302

        rows = [
            ("map view (HTML)", timed(client, f"/journeys/{journey_id}", args.runs)),
            ("GET /api/v1/journeys/{id}", timed(client, f"/api/v1/journeys/{journey_id}", args.runs,
                                                {"Authorization": f"Bearer {secret}"})),
            ("curve.svg", timed(client, f"/journeys/{journey_id}/curve.svg", args.runs)),
        ]
        size = len(client.get(f"/journeys/{journey_id}").data)
        db.dispose()

    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"database: {db.bind.dialect.name}")
    print(f"journey: {args.phases} phases × {args.steps} steps = {args.phases * args.steps} steps; "
          f"map page {size / 1024:.0f} KiB; {args.runs} timed runs after 5 warm-up")
    print(f"{'request':32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, samples in rows:
        samples.sort()
        p95 = samples[int(round(0.95 * (len(samples) - 1)))]
        print(f"{name:32} {statistics.median(samples):8.1f} {p95:8.1f} {samples[-1]:8.1f}")


if __name__ == "__main__":
    main()
