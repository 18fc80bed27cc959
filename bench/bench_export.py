"""Wall and CPU time of the map's exports (PNG, PDF on A4 and A3, the curve's PNG) for a 100-step map.

    python bench/bench_export.py [--phases 10] [--steps 10] [--runs 10] [--database-url URL] [--keep DIR]

Builds a scratch database through the migrations, fills one journey with every step field set
(Swedish text, hearts, thunderclouds, moments of truth), then times GET /journeys/{id}/export.png,
export.pdf?paper=a4|a3 and curve.png through the WSGI app in-process (no network) with an API
token, after one warm-up each. Prints p50/p95/max wall time and the median CPU time of this
process in milliseconds, with the load average before and after (other work on the machine
slows wall time, not CPU time). ``--keep DIR`` writes the last PNG and PDFs there to look at.
Target (issue 22): < 3 s for the PNG and the PDF of a 100-step map. Results go to
docs/benchmarks.md by hand."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_journey_map import build, scratch_database  # noqa: E402  (the same 100-step map the map view is timed on)

from insightrepo import create_app  # noqa: E402


def timed(client, path: str, runs: int, headers: dict) -> tuple[list[float], list[float], bytes]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.status_code
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, headers=headers)
        body = response.get_data()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return wall, cpu, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phases", type=int, default=10)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", default="")
    args = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        db = scratch_database(args.database_url, tmp)
        journey_id, secret, _email = build(db, args.phases, args.steps)
        app = create_app({"env": "testing", "data_dir": tmp}, database=db)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {secret}"}
        rows = []
        for name, path, suffix in (("export.png", "export.png", "png"), ("export.pdf A4", "export.pdf?paper=a4", "pdf"),
                                   ("export.pdf A3", "export.pdf?paper=a3", "a3.pdf"), ("curve.png", "curve.png", "curve.png")):
            wall, cpu, body = timed(client, f"/journeys/{journey_id}/{path}", args.runs, headers)
            rows.append((name, wall, cpu, len(body)))
            if args.keep:
                Path(args.keep).mkdir(parents=True, exist_ok=True)
                (Path(args.keep) / f"map.{suffix}").write_bytes(body)
        db.dispose()
    load_after = os.getloadavg()

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, database: {db.bind.dialect.name}")
    print(f"journey: {args.phases} phases × {args.steps} steps = {args.phases * args.steps} steps; "
          f"{args.runs} timed runs after 1 warm-up; load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print(f"{'request':16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50 ms':>11} {'KiB':>7}")
    for name, wall, cpu, size in rows:
        wall.sort()
        p95 = wall[int(round(0.95 * (len(wall) - 1)))]
        print(f"{name:16} {statistics.median(wall):8.0f} {p95:8.0f} {wall[-1]:8.0f} {statistics.median(cpu):11.0f} "
              f"{size / 1024:7.0f}")


if __name__ == "__main__":
    main()
