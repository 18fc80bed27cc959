"""The map workbench (issue 22): server time and weight of the map page in read and edit mode, and
the round trip of one in-place edit, for a 10 × 30 journey.

    python bench/bench_map.py [--phases 10] [--steps 30] [--runs 60] [--database-url URL] [--no-freeze]

Builds a scratch database through the migrations (the journey as bench_journey_map.py builds it,
every step field set), then times requests through the WSGI app in-process (no network), after
warm-up, with the start-up objects frozen out of the garbage collector as the production server
does (``--no-freeze`` leaves that out). An in-place edit is PATCH /api/v1/steps/{id}/cells/{field}
with the browser session and its CSRF token, as static/map.js sends it: a text cell (answered with
the cell) and an emotion (answered with the cell and the whole curve). Prints p50/p95/max in
milliseconds, and p50/p95 of the CPU time the process spent per request (time.process_time: on a
machine others load, what this code costs rather than how long it waited), the page sizes and the
load average; results go to docs/benchmarks.md by hand."""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_journey_map import build, scratch_database  # noqa: E402

from insightrepo import create_app  # noqa: E402
from insightrepo.models import Step  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def timed_get(client, path: str, runs: int) -> tuple[list[float], list[float]]:
    for _ in range(5):
        assert client.get(path).status_code == 200
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return samples, cpu


def timed_edits(client, csrf: str, step_id: str, field: str, values: list,
                runs: int) -> tuple[list[float], list[float]]:
    version = client.get(f"/api/v1/steps/{step_id}").get_json()["version"]
    samples, cpu = [], []
    for i in range(runs + 5):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.patch(f"/api/v1/steps/{step_id}/cells/{field}", json={"value": values[i % len(values)],
                                "version": version}, headers={"X-CSRFToken": csrf})
        elapsed, elapsed_cpu = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["version"]
        if i >= 5:
            samples.append(elapsed)
            cpu.append(elapsed_cpu)
    return samples, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phases", type=int, default=10)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave out gc.freeze() after start-up (the production server does it)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = scratch_database(args.database_url, tmp)
        journey_id, _secret, email = build(db, args.phases, args.steps)
        with db.session() as session:
            step_id = session.query(Step.id).order_by(Step.id).first()[0]
        app = create_app({"env": "testing", "data_dir": tmp}, database=db)
        if not args.no_freeze:
            # as a production worker does after building its app (wsgi_server.py): what start-up
            # built stays out of the collector's full passes, which otherwise cost ~100 ms every
            # seventh map page here (the p95)
            gc.freeze()
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post("/login", data={"email": email, "password": "benchmark password",
                                           "csrf_token": csrf}).status_code == 302
        map_path = f"/journeys/{journey_id}"
        read_size = len(client.get(map_path).data)
        rows = [("map page, read mode", timed_get(client, map_path, args.runs))]
        html = client.get(map_path).get_data(as_text=True)
        token = html.split('name="csrf_token" value="')[1].split('"')[0]
        assert client.post(f"{map_path}/view", data={"editing": "on", "csrf_token": token}).status_code == 302
        edit_size = len(client.get(map_path).data)
        rows.append(("map page, edit mode", timed_get(client, map_path, args.runs)))
        rows.append(("edit a text cell (need)", timed_edits(client, token, step_id, "need",
                                                            ["Behov A", "Behov B"], args.runs)))
        rows.append(("edit an emotion (+ curve)", timed_edits(client, token, step_id, "emotion", [2, -1], args.runs)))
        db.dispose()

    # what the map page loads (edit mode; undo.js also in read mode, for the Undo button's Ctrl+Z)
    scripts = [ROOT / "static" / "map.js", ROOT / "static" / "undo.js"]
    load = os.getloadavg()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, database: {db.bind.dialect.name}, "
          f"gc.freeze {'no' if args.no_freeze else 'yes'}; "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"journey: {args.phases} phases × {args.steps} steps = {args.phases * args.steps} steps; "
          f"{args.runs} timed runs after 5 warm-up")
    print(f"map page: read mode {read_size / 1024:.0f} KiB, edit mode {edit_size / 1024:.0f} KiB (uncompressed HTML); "
          f"JavaScript {sum(p.stat().st_size for p in scripts) / 1024:.1f} KiB "
          f"({', '.join(f'{p.name} {p.stat().st_size / 1024:.1f}' for p in scripts)})")
    print(f"{'request':32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   {'CPU p50':>8} {'CPU p95':>8}")
    for name, (samples, cpu) in rows:
        print(f"{name:32} {statistics.median(samples):8.1f} {p95(samples):8.1f} {max(samples):8.1f}   "
              f"{statistics.median(cpu):8.1f} {p95(cpu):8.1f}")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[int(round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
