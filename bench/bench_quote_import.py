"""Importing 50,000 quotes from one CSV file: rows per second, on SQLite (and PostgreSQL).

    python bench/bench_quote_import.py [--rows 50000] [--runs 3] [--postgresql-url URL]

The file is made by sampling the shared corpus (../shared/corpus/clothing-reviews.csv, or the file
INSIGHTREPO_BENCH_CORPUS names, as bench_search.py reads it — a worktree has no ../shared; the 958
reviews that have text) with a fixed seed, and mixing: every other quote gets the first sentence
of another review appended, so few texts repeat. Each row has a participant code (the Clothing
ID: 146 distinct), a date in 2025, two tags (department and class, comma-separated in one
cell), a sentiment from the rating, a source and a language. It is written the way Swedish
Excel saves it: `;`-separated, with a byte-order mark and CRLF line ends. Without the corpus,
texts are generated from a small vocabulary instead.

Each run imports the whole file into a new, empty workspace (so every participant and tag is
created too) in one transaction, through the service the API, web page and CLI share, and also
through the API (multipart upload via the WSGI app in-process, no network). Prints the median
seconds and rows per second. With --postgresql-url a scratch database is created on that server
(and dropped afterwards); the database named in the URL is not touched."""

from __future__ import annotations

import argparse
import csv
import io
import os
import json
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from insightrepo import create_app, open_database, schema_migrations
from insightrepo.db import make_engine, transaction
from insightrepo.accounts import users, api_tokens
from insightrepo.imports import quotes_csv
from insightrepo.workspaces import workspaces

CORPUS = Path(os.environ.get("INSIGHTREPO_BENCH_CORPUS")
              or Path(__file__).resolve().parents[2] / "shared" / "corpus" / "clothing-reviews.csv")
MAPPING = {"text": "Review Text", "participant": "Clothing ID", "date": "Date", "tags": "Tags",
           "sentiment": "Sentiment", "source": "Source", "language": "Language"}
SENTIMENT = {"1": "negative", "2": "negative", "3": "mixed", "4": "positive", "5": "positive"}
WORDS = ("fit size fabric colour delivery return price staff store online order soft warm small large "
         "lovely disappointed recommend quality wash shrink comfortable pattern length sleeve").split()


def seed_rows(rng: random.Random) -> tuple[list[dict[str, str]], str]:
    if CORPUS.is_file():
        with CORPUS.open(newline="", encoding="utf-8-sig") as fh:
            rows = [r for r in csv.DictReader(fh) if r["Review Text"].strip()]
        return rows, f"sampled from {CORPUS.name} ({len(rows)} reviews with text)"
    rows = [{"Review Text": " ".join(rng.choices(WORDS, k=rng.randint(8, 80))).capitalize() + ".",
             "Clothing ID": str(rng.randint(1, 700)), "Department Name": rng.choice(["Tops", "Dresses", "Bottoms"]),
             "Class Name": rng.choice(["Knits", "Blouses", "Pants", "Jeans"]), "Rating": str(rng.randint(1, 5))}
            for _ in range(1_000)]
    return rows, "generated (the shared corpus is absent)"


def build_csv(n: int, seed: int = 7) -> tuple[bytes, str]:
    rng = random.Random(seed)
    rows, origin = seed_rows(rng)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(MAPPING.values())
    for i in range(n):
        row = rng.choice(rows)
        quote = row["Review Text"].strip()
        if i % 2:
            other = rng.choice(rows)["Review Text"].strip()
            quote = f"{quote} {other.split('. ')[0].rstrip('.')}."
        writer.writerow([quote, row["Clothing ID"], f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                         ", ".join(t for t in (row["Department Name"], row["Class Name"]) if t),
                         SENTIMENT.get(row["Rating"], ""), "web review", "en"])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"), origin


def scratch_postgresql(url: str) -> str:
    name = "insightrepo_bench_quote_import"
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_postgresql(url: str) -> None:
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('DROP DATABASE IF EXISTS "insightrepo_bench_quote_import" WITH (FORCE)'))
    admin.dispose()


def bench_backend(label: str, url: str, data: bytes, n: int, runs: int,
                  tmp: str) -> list[tuple[str, str, float, float]]:
    """(database, what, median wall seconds, median CPU seconds of this process) per stage."""
    engine = make_engine(url)
    schema_migrations.upgrade(engine)
    db = open_database(engine)
    with db.session() as session, transaction(session):
        user = users.create_user(session, "bench@example.org", "benchmark password")
        _, secret = api_tokens.create_token(session, user, "bench")
    results: dict[str, list[tuple[float, float]]] = {
        "dry run (parse + check)": [], "import (service, one transaction)": [], "import (API, multipart upload)": []}

    def service(slug: str, dry_run: bool) -> tuple[float, float]:
        with db.session() as session:
            start, cpu = time.perf_counter(), time.process_time()
            with transaction(session):
                report = quotes_csv.import_quotes(session, user, slug, data, MAPPING, dry_run=dry_run)
            elapsed = time.perf_counter() - start, time.process_time() - cpu
        assert report.would_import == n, report
        return elapsed

    app = create_app({"env": "testing", "data_dir": tmp, "quote_import_max_bytes": len(data) + 1,
                      "quote_import_max_rows": n}, database=db)
    client = app.test_client()
    for run in range(runs):
        for kind in ("service", "api"):
            slug = f"bench-{kind}-{run}"
            with db.session() as session, transaction(session):
                workspaces.create_workspace(session, user, slug, slug, "en")
        results["dry run (parse + check)"].append(service(f"bench-service-{run}", dry_run=True))
        results["import (service, one transaction)"].append(service(f"bench-service-{run}", dry_run=False))
        start, cpu = time.perf_counter(), time.process_time()
        response = client.post(f"/api/v1/workspaces/bench-api-{run}/quotes/import",
                               data={"file": (io.BytesIO(data), "bench.csv"), "mapping": json.dumps(MAPPING)},
                               headers={"Authorization": f"Bearer {secret}"}, content_type="multipart/form-data")
        results["import (API, multipart upload)"].append((time.perf_counter() - start, time.process_time() - cpu))
        assert response.status_code == 201 and response.json["imported"] == n, response.get_data(as_text=True)[:500]
    engine.dispose()
    return [(label, stage, statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))
            for stage, times in results.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgresql-url", default="", help="a server to make a scratch database on")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    data, origin = build_csv(args.rows)
    print(f"{args.rows:,} quotes, {len(data) / 1_048_576:.1f} MiB, {origin}; "
          f"Python {platform.python_version()}, median of {args.runs} runs")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += bench_backend("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", data, args.rows, args.runs, tmp)
        if args.postgresql_url:
            url = scratch_postgresql(args.postgresql_url)
            try:
                rows += bench_backend("PostgreSQL", url, data, args.rows, args.runs, tmp)
            finally:
                drop_postgresql(args.postgresql_url)
    print(f"load average before: {load_before:.1f}, after: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")
    print("\n| database | what | seconds | rows/s | rows/min | CPU s (this process) |\n|---|---|---:|---:|---:|---:|")
    for backend, stage, seconds, cpu in rows:
        print(f"| {backend} | {stage} | {seconds:.2f} | {args.rows / seconds:,.0f} | {args.rows / seconds * 60:,.0f} "
              f"| {cpu:.2f} |")


if __name__ == "__main__":
    main()
