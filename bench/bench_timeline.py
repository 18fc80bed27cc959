"""Snapshot cost and compare time of the timeline, on large maps.

    python bench/bench_timeline.py [--runs 15] [--compare-runs 30] [--database-url URL]

1. A 1,000-step map (20 phases × 50 steps, every field filled): the time of
   POST /api/v1/journeys/{id}/snapshots and the bytes the snapshot adds — the first snapshot,
   then after 1 changed step and after 100 changed steps (spread over the phases), and an
   unchanged map re-validated on a new date. Beside them the baseline: a full copy of the
   frozen map per snapshot (its uncompressed canonical JSON, and that JSON zlib-compressed).
2. Two snapshots of a 2,000-step map (40 × 50) that differ by 100 edited, 20 moved,
   20 reordered, 10 added and 10 removed steps: GET /api/v1/snapshots/{a}/compare/{b}
   (target under 100 ms), and for reference the same with nothing changed, with every step
   changed, and against the live map.

Builds a scratch database through the migrations and times requests through the WSGI app
in-process (no network) after warm-up. Prints tables; results go to docs/benchmarks.md by hand."""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import tempfile
import time
import zlib

from sqlalchemy import select

from bench_journey_map import scratch_database
from insightrepo import create_app
from insightrepo.db import Database, transaction
from insightrepo.models import Phase, Snapshot, Step
from insightrepo.accounts import users, api_tokens
from insightrepo.journeys import journeys
from insightrepo.workspaces import workspaces
from insightrepo.timeline.objects import canonical
from insightrepo.timeline.snapshots import frozen_map


WORDS = ("växt krukväxt ljus mörker vattna jord kruka blad rot gödsel fönster balkong sol skugga fukt torka "
         "beställa leverans paket kartong betala kort faktura chatt fråga svar råd skötsel guide video app webb "
         "butik kassa frakt retur garanti recension betyg vän tips bild spara lista jämföra pris kvalitet "
         "oro glädje stolthet besvikelse förvåning lugn stress tid vecka morgon kväll helg hem vardagsrum kök "
         "sovrum kontor plant light water soil pot leaf order delivery parcel pay advice care guide review "
         "friend picture save compare price quality worry joy pride surprise calm week morning evening home").split()


def text(rng: random.Random, words: int) -> str:
    """Varied prose, so compression is as hard as on a real map (repeated filler compresses unrealistically well)."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build(db: Database, title: str, n_phases: int, per_phase: int, slug: str = "bench") -> tuple[str, str]:
    """A journey with every step field filled, built directly (as an import would); returns (journey id, token)."""
    rng = random.Random(f"{title}-{n_phases}-{per_phase}")
    with db.session() as session, transaction(session):
        user = users.find_user_by_email(session, "bench@example.org")
        if user is None:
            user = users.create_user(session, "bench@example.org", "benchmark password")
            workspaces.create_workspace(session, user, "Bench", slug, "sv")
        journey = journeys.create_journey(session, user, slug, {"title": title, "kind": "researched"})
        for p in range(n_phases):
            phase = Phase(journey=journey, position=p, title=text(rng, 4), goal=text(rng, 14))
            session.add(phase)
            for s in range(per_phase):
                session.add(Step(
                    phase=phase, position=s, title=text(rng, 5), action=text(rng, 12),
                    touchpoint=rng.choice(["Webbshop", "App", "Kundtjänst", "Butik", "Paket", "E-post"]),
                    channels=rng.sample(["Webb", "App", "Telefon", "Butik", "E-post"], 2), need=text(rng, 10),
                    thoughts=text(rng, 16), emotion=rng.randint(-2, 2),
                    marker=rng.choice(["heart", "thundercloud", None, None, None]),
                    moment_title=text(rng, 3) if s % 10 == 0 else None,
                    moment_description=text(rng, 10) if s % 10 == 0 else "",
                    owner=rng.choice(["E-handel", "Logistik", "Kundtjänst", "Innehåll"]),
                    backstage_people=text(rng, 4), backstage_policies=text(rng, 4), backstage_systems=text(rng, 3),
                    employee_emotion=rng.randint(-2, 2)))
        _, secret = api_tokens.create_token(session, user, "bench")
        return journey.id, secret


def step_ids(db: Database, journey_id: str) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Step.id).join(Phase).where(Phase.journey_id == journey_id)
                                    .order_by(Phase.position, Step.position)))


def edit_steps(db: Database, ids: list[str], marker: str) -> None:
    with db.session() as session, transaction(session):
        for step in session.scalars(select(Step).where(Step.id.in_(ids))):
            step.thoughts = f"Ändrat ({marker})"
            step.version += 1


def timed_post(client, path: str, body: dict, headers: dict) -> tuple[float, dict]:
    start = time.perf_counter()
    response = client.post(path, json=body, headers=headers)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return elapsed, response.get_json()


def timed_get(client, path: str, headers: dict, runs: int) -> list[float]:
    for _ in range(3):
        assert client.get(path, headers=headers).status_code == 200
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    return samples


def p50_p95(samples: list[float]) -> tuple[float, float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[int(round(0.95 * (len(samples) - 1)))], samples[-1]


def snapshot_costs(db: Database, client, runs: int) -> tuple[list[tuple], int, int]:
    journey_id, secret = build(db, "Skapa ett frodande hem", 20, 50)
    headers = {"Authorization": f"Bearer {secret}"}
    path = f"/api/v1/journeys/{journey_id}/snapshots"
    ids = step_ids(db, journey_id)
    assert len(ids) == 1000
    rows = []

    elapsed, first = timed_post(client, path, {"label": "Första", "as_of": "2026-01-01"}, headers)
    rows.append(("first snapshot (whole map)", [elapsed], [first["bytes_added"]]))
    with db.session() as session:
        body = frozen_map(session, session.get(Snapshot, first["id"]))
    full = canonical({k: v for k, v in body.items() if k not in ("id", "snapshot_id")})

    for label, changed in (("1 changed step", 1), ("100 changed steps", 100)):
        times, sizes = [], []
        for run in range(runs):
            edit_steps(db, ids[run % 10::10][:changed] if changed > 1 else [ids[(run * 37) % len(ids)]],
                       f"{label} {run}")
            elapsed, taken = timed_post(client, path, {"label": f"{label} {run}"}, headers)
            times.append(elapsed)
            sizes.append(taken["bytes_added"])
        rows.append((label, times, sizes))

    times, sizes = [], []
    for run in range(runs):
        elapsed, taken = timed_post(client, path, {"label": f"Still true {run}", "as_of": f"2025-01-{run + 1:02d}"},
                                    headers)
        times.append(elapsed)
        sizes.append(taken["bytes_added"])
    rows.append(("unchanged map, new as_of", times, sizes))
    return rows, len(full), len(zlib.compress(full, 6))


def compare_times(db: Database, client, runs: int) -> list[tuple]:
    journey_id, secret = build(db, "Skapa ett frodande hem (stor)", 40, 50)
    headers = {"Authorization": f"Bearer {secret}"}
    path = f"/api/v1/journeys/{journey_id}/snapshots"
    ids = step_ids(db, journey_id)
    assert len(ids) == 2000
    _, a = timed_post(client, path, {"label": "A", "as_of": "2026-01-01"}, headers)
    _, same = timed_post(client, path, {"label": "A, still true", "as_of": "2026-01-02"}, headers)

    with db.session() as session, transaction(session):
        phases = list(session.scalars(select(Phase).where(Phase.journey_id == journey_id).order_by(Phase.position)))
        steps = {s.id: s for s in session.scalars(select(Step).where(Step.id.in_(ids)))}
        for i in range(0, 2000, 20):              # 100 edited (emotion and thoughts)
            steps[ids[i]].thoughts = "Ändrat"
            steps[ids[i]].emotion = 2 if steps[ids[i]].emotion != 2 else -2
            steps[ids[i]].version += 1
        for n, i in enumerate(range(5, 2000, 100)):  # 20 moved to another phase
            steps[ids[i]].phase = phases[(n * 7 + 3) % 40]
            steps[ids[i]].position = 1000 + n
            steps[ids[i]].version += 1
        for n, i in enumerate(range(7, 2000, 100)):  # 20 reordered within their phase
            steps[ids[i]].position = -1 - n
            steps[ids[i]].version += 1
        for i in range(9, 2000, 200):              # 10 removed
            session.delete(steps[ids[i]])
        for n in range(10):                        # 10 added
            session.add(Step(phase=phases[n * 4], position=500 + n, title=f"Ny {n}", emotion=1, marker="heart"))
    _, b = timed_post(client, path, {"label": "B", "as_of": "2026-02-01"}, headers)
    diff = client.get(f"/api/v1/snapshots/{a['id']}/compare/{b['id']}", headers=headers).get_json()
    counts = diff["summary"]["steps"]

    edit_steps(db, ids, "allt")
    _, everything = timed_post(client, path, {"label": "C", "as_of": "2026-03-01"}, headers)

    def compare(x: dict, y: dict) -> list[float]:
        return timed_get(client, f"/api/v1/snapshots/{x['id']}/compare/{y['id']}", headers, runs)

    return [
        (f"A→B: {counts['changed']} changed, {counts['moved']} moved, {counts['added']} added, "
         f"{counts['removed']} removed", compare(a, b)),
        ("A→A' (nothing changed)", compare(a, same)),
        ("A→C (every step changed)", compare(a, everything)),
        ("B→live (live map frozen first)", timed_get(
            client, f"/api/v1/journeys/{journey_id}/compare?from={b['id']}&to=live", headers, runs)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="snapshots per row of the snapshot table")
    parser.add_argument("--compare-runs", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--snapshots-only", action="store_true", help="time the snapshots, not the compares")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="move the start-up heap out of the collector's reach before timing (gc.freeze()), "
                             "as a server may after loading the app: shows what full collections cost the p95")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = scratch_database(args.database_url, tmp)
        app = create_app({"env": "testing", "data_dir": tmp}, database=db)
        client = app.test_client()
        if args.gc_freeze:
            gc.collect()
            gc.freeze()
        cpu, wall = time.process_time(), time.perf_counter()
        snapshot_rows, full, full_compressed = snapshot_costs(db, client, args.runs)
        # The snapshots' index work may still be draining in the background: wait for it, so the
        # process CPU below holds all the work the snapshots caused.
        while app.extensions["insightrepo.search"].sync.pending():
            time.sleep(0.05)
        snapshot_cpu, snapshot_wall = time.process_time() - cpu, time.perf_counter() - wall
        compare_rows = [] if args.snapshots_only else compare_times(db, client, args.compare_runs)
        db.dispose()

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, database: {db.bind.dialect.name}, "
          f"load average {os.getloadavg()[0]:.1f}{', gc.freeze()' if args.gc_freeze else ''}")
    print(f"\n1,000-step map; {args.runs} snapshots per row (POST /api/v1/journeys/{{id}}/snapshots)")
    print(f"{'snapshot':30} {'p50 ms':>8} {'p95 ms':>8} {'bytes added (median)':>21} {'vs full copy':>13}")
    for name, times, sizes in snapshot_rows:
        p50, p95, _ = p50_p95(times)
        added = statistics.median(sizes)
        print(f"{name:30} {p50:8.1f} {p95:8.1f} {added:21,.0f} {added / full:12.2%}")
    print(f"{'baseline: full copy (JSON)':30} {'':8} {'':8} {full:21,} {1:12.0%}")
    print(f"{'baseline: full copy (zlib)':30} {'':8} {'':8} {full_compressed:21,} {full_compressed / full:12.2%}")
    print(f"all {1 + 3 * args.runs} snapshots, their index work drained: {snapshot_wall:.1f} s wall, "
          f"{snapshot_cpu:.1f} s process CPU (drainer thread included)")

    print(f"\n2,000-step snapshots; GET /api/v1/snapshots/{{a}}/compare/{{b}}; {args.compare_runs} runs after warm-up")
    print(f"{'compare':52} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, samples in compare_rows:
        p50, p95, worst = p50_p95(samples)
        print(f"{name:52} {p50:8.1f} {p95:8.1f} {worst:8.1f}")


if __name__ == "__main__":
    main()
