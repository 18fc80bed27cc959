"""Search at 10,000 and 100,000 quotes: indexing throughput and query latency of the Whoosh and
PostgreSQL adapters, with SQLite FTS5 on the same texts as the reference.

    python bench/bench_search.py [--sizes 10000 100000] [--repeat 5] [--postgresql-url URL]

The corpus is made by sampling the shared corpus (../shared/corpus/clothing-reviews.csv, the 958
reviews that have text) with a fixed seed, with replacement, and mixing: every other quote gets
the first sentence of another review appended, and every third one the review's own title in
front, so few texts repeat. Each quote has two tags (department and class), a participant (the
Clothing ID), a sentiment from the rating, a date in 2024–2026 and — for 60 % of them — a step on
one of three journey maps (3 × 4 phases × 5 steps). A second workspace of 1,000 quotes shares
the index, so the workspace filter is real work. Without the shared corpus the texts are
generated from a small vocabulary instead.

Indexing: the documents are built in memory first (no database reads), then written in bulk, as
`insightrepo search reindex` writes them (``replace_workspace``); quotes per second. FTS5: the
same texts inserted into an FTS5 table (title, body, tags; porter + unicode61, diacritics
removed) and a plain table of the facet columns, in one transaction.

Queries: a fixed set of each kind (one word, two or three words, phrase, prefix, a word with
filters, an empty query with filters, a misspelling); each runs ``--repeat`` times after a warm-up,
asking for all eight facets and the first page of 20 with snippets, as the results page does.
FTS5 answers the same with ``bm25()`` (title ×3, tags ×2), ``snippet()``, a count and eight
GROUP BY counts over the hits. Prints p50/p95 in milliseconds per kind and engine.

With --postgresql-url a scratch database is created on that server (and dropped afterwards;
--keep keeps it, and --reuse queries a kept one without indexing again). --compare-tuning runs every
PostgreSQL query twice, alternately, with the adapter's planner settings and capped rank pass
(PLANNER, RANK_CAP in search/postgresql/index.py) and without them, so both see the same load;
--compare-exact likewise as configured (totals above search_estimate_above estimated) and counting
every hit. "hits per query" then shows each estimate beside the exact count.

    python bench/bench_search.py --end-to-end [--sizes 100000] [--files 2] [--workers 2]

measures what a user meets instead: a served instance, the API import, the time until
searchable, p50/p95 over HTTP beside in-process on the same index, the server's CPU time and
RSS (bench/search_end_to_end.py)."""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from insightrepo import schema_migrations
from insightrepo.db import Database, make_engine
from insightrepo.search.port import FACETS, Document, Filters, PageRequest, SearchIndex, WorkspaceRef
from insightrepo.search.postgresql.index import PostgresIndex
from insightrepo.search.whoosh.index import WhooshIndex

CORPUS = Path(os.environ.get("INSIGHTREPO_BENCH_CORPUS")
              or Path(__file__).resolve().parents[2] / "shared" / "corpus" / "clothing-reviews.csv")
WORKSPACE, OTHER = "a" * 32, "b" * 32
SCRATCH = "insightrepo_bench_search"
EVERY_HIT = 10**12  # an estimate_above no search reaches: every hit counted
SENTIMENT = {"1": "negative", "2": "negative", "3": "mixed", "4": "positive", "5": "positive"}
WORDS = ("fit size fabric colour delivery return price staff store online order soft warm small large "
         "lovely disappointed recommend quality wash shrink comfortable pattern length sleeve dress").split()


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"


CASES = [
    *(Case("1 word", w) for w in ("dress", "fabric", "zipper", "gorgeous", "returned")),
    *(Case("2–3 words", w) for w in ("runs small", "love the color", "soft fabric quality", "too short",
                                     "petite length")),
    *(Case("phrase", w) for w in ('"true to size"', '"runs large"', '"fits perfectly"', '"the material is"',
                                  '"i love this"')),
    *(Case("prefix", w) for w in ("comfort*", "embroid*", "flatter*", "wash*", "perf*")),
    Case("word + filters", "dress", Filters(tag="dresses")),
    Case("word + filters", "fabric", Filters(sentiment="negative", year="2025")),
    Case("word + filters", "color", Filters(types=("quote",), date_from=date(2025, 3, 1), date_to=date(2025, 9, 30))),
    Case("word + filters", "tag:knits soft", Filters(participant="c1078")),
    Case("word + filters", "small", Filters(tag="tops"), sort="date"),
    Case("empty + filters", "", Filters()),
    Case("empty + filters", "", Filters(tag="jeans")),
    Case("empty + filters", "*", Filters(sentiment="mixed", year="2026")),
    Case("misspelling", "gorgous"),
    Case("misspelling", "fabirc quality"),
]


# ---- the corpus ------------------------------------------------------------------------------

def seed_rows(rng: random.Random) -> tuple[list[dict[str, str]], str]:
    if CORPUS.is_file():
        with CORPUS.open(newline="", encoding="utf-8-sig") as fh:
            rows = [r for r in csv.DictReader(fh) if r["Review Text"].strip()]
        return rows, f"sampled from {CORPUS.name} ({len(rows)} reviews with text)"
    rows = [{"Review Text": " ".join(rng.choices(WORDS, k=rng.randint(8, 80))).capitalize() + ".",
             "Title": " ".join(rng.choices(WORDS, k=3)).capitalize(), "Clothing ID": str(rng.randint(1, 700)),
             "Department Name": rng.choice(["Tops", "Dresses", "Bottoms", "Jackets"]),
             "Class Name": rng.choice(["Knits", "Blouses", "Pants", "Jeans", "Dresses"]), "Rating": str(rng.randint(1, 5))}
            for _ in range(1_000)]
    return rows, "generated (the shared corpus is absent)"


def corpus(n: int, workspace_id: str, seed: int) -> tuple[list[Document], str]:
    rng = random.Random(seed)
    rows, origin = seed_rows(rng)
    steps = [(f"j{j:031d}", f"p{j}{p:030d}", f"s{j}{p}{s:029d}") for j in range(3) for p in range(4) for s in range(5)]
    first_day = date(2024, 1, 1)
    docs = []
    for i in range(n):
        row = rng.choice(rows)
        quote = row["Review Text"].strip()
        if i % 2:
            quote = f"{quote} {rng.choice(rows)['Review Text'].strip().split('. ')[0].rstrip('.')}."
        if i % 3 == 0 and row.get("Title"):
            quote = f"{row['Title'].strip()}. {quote}"
        tags = tuple(dict.fromkeys(t for t in (row["Department Name"], row["Class Name"]) if t))
        place = rng.choice(steps) if rng.random() < 0.6 else None
        item_id = f"{workspace_id[:4]}{i:028d}"
        docs.append(Document(
            key=f"quote:{item_id}", workspace_id=workspace_id, language="en", type="quote", id=item_id, title="",
            body=quote, tags=tags, tag_keys=tuple(t.casefold() for t in tags), participant=f"C{row['Clothing ID']}",
            sentiment=SENTIMENT.get(row["Rating"]), journey_ids=(place[0],) if place else (),
            phase_ids=(place[1],) if place else (), step_ids=(place[2],) if place else (),
            journey_id=place[0] if place else None, step_id=place[2] if place else None,
            date=first_day + timedelta(days=rng.randrange(3 * 365)), fingerprint=f"{i:032x}"))
    return docs, origin


# ---- the engines ------------------------------------------------------------------------------

class Engine:
    name = ""

    def index(self, docs: list[Document]) -> None: ...

    def query(self, case: Case) -> int: ...

    def close(self) -> None: ...


class Adapter(Engine):
    """An InsightRepo search adapter, through the port."""

    def __init__(self, name: str, make: Callable[[], SearchIndex]):
        self.name, self.adapter = name, make()

    def index(self, docs: list[Document]) -> None:
        by_workspace: dict[str, list[Document]] = {}
        for doc in docs:
            by_workspace.setdefault(doc.workspace_id, []).append(doc)
        for workspace_id, own in by_workspace.items():
            self.adapter.replace_workspace(workspace_id, own)

    def query(self, case: Case) -> int:
        results = self.adapter.query(WorkspaceRef(WORKSPACE, "en"), case.text, case.filters, FACETS,
                                     PageRequest(1, 20, case.sort))
        return results.total

    def close(self) -> None:
        self.adapter.close()


class Untuned(Adapter):
    """The PostgreSQL adapter as before issue 20: the planner's defaults and every hit ranked."""

    def query(self, case: Case) -> int:
        from insightrepo.search.postgresql import index

        kept = index.PLANNER, index.RANK_CAP
        index.PLANNER, index.RANK_CAP = {}, 10**12
        try:
            return super().query(case)
        finally:
            index.PLANNER, index.RANK_CAP = kept


def measure_alternately(engines: dict[str, Engine], repeat: int) -> dict[str, Measured]:
    """Query timings of engines over one index, each query run by each engine in turn."""
    results = {name: Measured(0.0, 0.0, {}, {}, {}) for name in engines}
    for case in CASES:
        for name, engine in engines.items():
            results[name].totals[case] = engine.query(case)  # warm-up
        for _ in range(repeat):
            for name, engine in engines.items():
                start, cpu = time.perf_counter(), time.process_time()
                engine.query(case)
                results[name].wall_ms.setdefault(case.kind, []).append((time.perf_counter() - start) * 1000)
                results[name].cpu_ms.setdefault(case.kind, []).append((time.process_time() - cpu) * 1000)
    return results


class Fts5(Engine):
    """The reference: plain sqlite3, an FTS5 table and a table of the facet columns."""

    name = "SQLite FTS5"
    FACETS = {"type": "m.type", "participant": "m.participant", "sentiment": "m.sentiment", "year": "m.year",
              "marker": "m.marker", "tag": "t.value", "journey": "j.value", "phase": "p.value"}

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            PRAGMA journal_mode = WAL;
            CREATE VIRTUAL TABLE quotes USING fts5(title, body, tags,
                tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TABLE meta (id INTEGER PRIMARY KEY, workspace_id TEXT, type TEXT, participant TEXT,
                sentiment TEXT, marker TEXT, year TEXT, day TEXT, tags TEXT, journeys TEXT, phases TEXT);
            CREATE INDEX meta_workspace ON meta (workspace_id, day);
        """)

    def index(self, docs: list[Document]) -> None:
        with self.db:
            for n, doc in enumerate(docs, 1):
                self.db.execute("INSERT INTO quotes (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
                                (n, doc.title, doc.body, " ".join(doc.tags)))
                self.db.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, json(?), json(?), json(?))",
                                (n, doc.workspace_id, doc.type, (doc.participant or "").casefold() or None,
                                 doc.sentiment, doc.marker, doc.year, doc.date.isoformat() if doc.date else None,
                                 _json(doc.tag_keys), _json(doc.journey_ids), _json(doc.phase_ids)))

    def query(self, case: Case) -> int:
        where, params = ["m.workspace_id = ?"], [WORKSPACE]
        words = case.text.strip()
        for name in ("tag", "participant"):  # the app's field syntax, which FTS5 does not have
            for token in words.split():
                if token.startswith(f"{name}:"):
                    where.append(self._filter(name))
                    params.append(token.partition(":")[2].casefold())
                    words = words.replace(token, "").strip()
        f = case.filters
        for name, value in (("tag", f.tag), ("participant", f.participant), ("sentiment", f.sentiment),
                            ("year", f.year)):
            if value:
                where.append(self._filter(name))
                params.append(value)
        if f.types:
            where.append(f"m.type IN ({', '.join('?' * len(f.types))})")
            params.extend(f.types)
        if f.date_from:
            where.append("m.day >= ?")
            params.append(f.date_from.isoformat())
        if f.date_to:
            where.append("m.day <= ?")
            params.append(f.date_to.isoformat())
        if words and words != "*":
            where.append("quotes MATCH ?")
            params.append(words)
            rank, order = "bm25(quotes, 3.0, 1.0, 2.0)", "rank" if case.sort == "relevance" else "m.day DESC"
        else:
            rank, order = "0", "m.day DESC"
        # CROSS JOIN: the full-text match drives (else SQLite may scan the workspace and match row by row)
        hits = f"FROM quotes CROSS JOIN meta m ON m.id = quotes.rowid WHERE {' AND '.join(where)}"
        try:
            self.db.execute(f"SELECT m.id, {rank} AS rank, snippet(quotes, 1, '<mark>', '</mark>', '…', 30) "
                            f"{hits} ORDER BY {order} LIMIT 20", params).fetchall()
            total = self.db.execute(f"SELECT count(*) {hits}", params).fetchone()[0]
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hit (id INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM hit")
            self.db.execute(f"INSERT INTO hit SELECT m.id {hits}", params)
            for facet, column in self.FACETS.items():
                joins = {"tag": "JOIN json_each(m.tags) t", "journey": "JOIN json_each(m.journeys) j",
                         "phase": "JOIN json_each(m.phases) p"}.get(facet, "")
                self.db.execute(f"SELECT {column}, count(*) FROM hit JOIN meta m ON m.id = hit.id {joins} "
                                f"GROUP BY {column}").fetchall()
        except sqlite3.OperationalError:  # FTS5 syntax error (e.g. an unbalanced quote)
            return 0
        return total

    def _filter(self, name: str) -> str:
        return "EXISTS (SELECT 1 FROM json_each(m.tags) WHERE value = ?)" if name == "tag" else f"m.{name} = ?"

    def close(self) -> None:
        self.db.close()


def _json(values) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


# ---- running ----------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Measured:
    seconds: float  # indexing, wall clock
    cpu: float  # indexing, CPU time of this process (PostgreSQL's own work is not in it)
    wall_ms: dict[str, list[float]]  # query kind → timings
    cpu_ms: dict[str, list[float]]
    totals: dict[Case, int]


def measure(engine: Engine, docs: list[Document], repeat: int) -> Measured:
    start, cpu = time.perf_counter(), time.process_time()
    engine.index(docs)
    result = Measured(time.perf_counter() - start, time.process_time() - cpu, {}, {}, {})
    for case in CASES:
        result.totals[case] = engine.query(case)  # warm-up
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            engine.query(case)
            result.wall_ms.setdefault(case.kind, []).append((time.perf_counter() - start) * 1000)
            result.cpu_ms.setdefault(case.kind, []).append((time.process_time() - cpu) * 1000)
    return result


def report(results: dict[str, Measured], documents: int, kinds: list[str]) -> None:
    names = list(results)
    print("\n| engine | indexing s | quotes/s | CPU s (this process) |\n|---|---:|---:|---:|")
    for name in names:
        m = results[name]
        print(f"| {name} | {m.seconds:.1f} | {documents / m.seconds:,.0f} | {m.cpu:.1f} |")
    for label, pick in (("wall clock, ms", lambda m: m.wall_ms), ("CPU time of this process, ms", lambda m: m.cpu_ms)):
        header = " | ".join(f"{name} p50 | {name} p95" for name in names)
        print(f"\n{label}\n\n| query kind | {header} |\n|---|" + "---:|" * (2 * len(names)))
        for kind in kinds + ["all queries"]:
            cells = []
            for name in names:
                timings = pick(results[name])
                values = [v for vs in timings.values() for v in vs] if kind == "all queries" else timings[kind]
                cells.append(f"{statistics.median(values):.1f} | {percentile(values, 95):.1f}")
            print(f"| {kind} | {' | '.join(cells)} |")
    if "SQLite FTS5" in results:
        reference = results["SQLite FTS5"]
        every = [v for vs in reference.wall_ms.values() for v in vs]
        for name in names[:-1] if names[-1] == "SQLite FTS5" else names:
            values = [v for vs in results[name].wall_ms.values() for v in vs]
            print(f"\n{name} / FTS5 (wall clock): p50 ×{statistics.median(values) / statistics.median(every):.1f}, "
                  f"p95 ×{percentile(values, 95) / percentile(every, 95):.1f}, indexing "
                  f"×{results[name].seconds / reference.seconds:.1f} the time")
    print("\nhits per query (" + " / ".join(names) + "): " + "; ".join(
        f"{case.text or '(empty)'}: " + "/".join(str(results[n].totals[case]) for n in names) for case in CASES))


def compare(args) -> None:
    """--reuse / --compare-tuning: PostgreSQL only, on the kept scratch database (indexed once if new)."""
    global SCRATCH
    SCRATCH = args.scratch
    url = make_url(args.postgresql_url).set(database=SCRATCH).render_as_string(hide_password=False)
    size = args.sizes[0]
    if not args.reuse:
        url = scratch_postgresql(args.postgresql_url)
        schema_migrations.upgrade(make_engine(url))
    database = Database(make_engine(url))
    engines: dict[str, Engine] = {"PostgreSQL": Adapter("PostgreSQL", lambda: PostgresIndex(database))}
    if args.compare_tuning:
        engines["PostgreSQL untuned"] = Untuned("PostgreSQL untuned", lambda: PostgresIndex(database))
    if args.compare_exact:
        engines["PostgreSQL exact"] = Adapter("PostgreSQL exact",
                                              lambda: PostgresIndex(database, estimate_above=EVERY_HIT))
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    indexing = (0.0, 0.0)
    if not args.reuse:
        docs, origin = corpus(size, WORKSPACE, seed=7)
        docs += corpus(1_000, OTHER, seed=8)[0]
        start, cpu = time.perf_counter(), time.process_time()
        engines["PostgreSQL"].index(docs)
        indexing = (time.perf_counter() - start, time.process_time() - cpu)
        print(f"indexed {len(docs):,} documents ({origin}) in {indexing[0]:.1f} s, load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
    print(f"\n## {size:,} quotes (plus 1,000 in a second workspace), {len(CASES)} queries × {args.repeat}")
    results = measure_alternately(engines, args.repeat)
    for measured in results.values():
        measured.seconds, measured.cpu = indexing[0] or float("nan"), indexing[1]
    report(results, size + 1_000, list(dict.fromkeys(case.kind for case in CASES)))
    database.dispose()
    if not args.keep and not args.reuse:
        drop_postgresql(args.postgresql_url)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


def scratch_postgresql(url: str) -> str:
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{SCRATCH}"'))
    admin.dispose()
    return make_url(url).set(database=SCRATCH).render_as_string(hide_password=False)


def drop_postgresql(url: str) -> None:
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgresql-url", default="", help="a server to make a scratch database on")
    parser.add_argument("--engines", nargs="+", default=["whoosh", "postgresql", "fts5"])
    parser.add_argument("--end-to-end", action="store_true",
                        help="a served instance: API import, time until searchable, queries over HTTP")
    parser.add_argument("--files", type=int, default=2, help="end to end: CSV files the corpus is imported in")
    parser.add_argument("--workers", type=int, default=2, help="end to end: gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL scratch database")
    parser.add_argument("--scratch", default=SCRATCH, help="the scratch database's name")
    parser.add_argument("--reuse", action="store_true", help="query a kept scratch database, without indexing")
    parser.add_argument("--compare-tuning", action="store_true",
                        help="PostgreSQL with and without its planner settings and rank cap, alternately")
    parser.add_argument("--compare-exact", action="store_true",
                        help="PostgreSQL as configured and counting every hit (no estimates), alternately")
    args = parser.parse_args()
    if args.end_to_end:
        from search_end_to_end import run

        print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        for size in args.sizes:
            run(size, args.repeat, args.files, args.workers, CASES, corpus, percentile)
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
        return
    if args.reuse or args.compare_tuning or args.compare_exact:
        compare(args)
        return

    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    kinds = list(dict.fromkeys(case.kind for case in CASES))
    for size in args.sizes:
        docs, origin = corpus(size, WORKSPACE, seed=7)
        docs += corpus(1_000, OTHER, seed=8)[0]
        print(f"\n## {size:,} quotes ({origin}; plus 1,000 in a second workspace), "
              f"{len(CASES)} queries × {args.repeat}")
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            engines: list[tuple[str, Callable[[], Engine]]] = []
            if "whoosh" in args.engines:
                engines.append(("Whoosh", lambda: Adapter("Whoosh", lambda: WhooshIndex(Path(tmp) / "index"))))
            if "postgresql" in args.engines and args.postgresql_url:
                url = scratch_postgresql(args.postgresql_url)
                database = make_engine(url)
                schema_migrations.upgrade(database)
                engines.append(("PostgreSQL",
                                lambda: Adapter("PostgreSQL", lambda: PostgresIndex(Database(database)))))
            if "fts5" in args.engines:
                engines.append(("SQLite FTS5", lambda: Fts5(Path(tmp) / "fts5.sqlite3")))
            try:
                for name, make in engines:
                    engine = make()
                    try:
                        results[name] = measure(engine, docs, args.repeat)
                    finally:
                        engine.close()
                    print(f"  {name}: indexed in {results[name].seconds:.1f} s, load average "
                          f"{os.getloadavg()[0]:.1f}", flush=True)
            finally:
                if "postgresql" in args.engines and args.postgresql_url:
                    database.dispose()
                    drop_postgresql(args.postgresql_url)
        report(results, len(docs), kinds)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
