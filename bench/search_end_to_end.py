"""The end-to-end mode of bench_search.py (``--end-to-end``): search as a user meets it.

A fresh embedded installation (SQLite, the Whoosh index in its data directory) under
`insightrepo serve` in production mode (gunicorn, ``--workers`` workers); the corpus imported
through ``POST /api/v1/workspaces/{slug}/quotes/import`` in ``--files`` CSV files; the time until
every quote is searchable (the search API's ``indexing`` is null and the total is right),
measured from the moment the last import answered and from the first import's start; then each
query of bench_search.CASES over HTTP (a kept-alive connection, all facets, a page of 20 with
snippets, as the results page asks) — p50/p95 wall clock per kind — beside the same queries
in-process on the same index files; and the server's CPU time (master and workers, from /proc)
and RSS. Nothing is mocked: the bytes go through gunicorn, the app, the outbox and the drainer."""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from insightrepo import open_database, schema_migrations  # noqa: E402
from insightrepo.accounts import api_tokens, users  # noqa: E402
from insightrepo.db import make_engine  # noqa: E402
from insightrepo.search.port import FACETS, PageRequest, WorkspaceRef  # noqa: E402
from insightrepo.search.whoosh.index import WhooshIndex  # noqa: E402
from insightrepo.workspaces import workspaces  # noqa: E402

SLUG = "bench"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _csv(docs) -> bytes:
    lines = ["text;participant;date;tags;sentiment"]
    for doc in docs:
        text = doc.body.replace('"', '""').replace("\r", " ").replace("\n", " ")
        tags = ", ".join(doc.tags)
        lines.append(f'"{text}";{doc.participant};{doc.date.isoformat()};"{tags}";{doc.sentiment or ""}')
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _params(case) -> dict:
    f = case.filters
    params = {"q": case.text, "sort": case.sort, "per_page": 20}
    for name, value in (("tag", f.tag), ("participant", f.participant), ("sentiment", f.sentiment),
                        ("year", f.year), ("from", f.date_from and f.date_from.isoformat()),
                        ("to", f.date_to and f.date_to.isoformat())):
        if value:
            params[name] = value
    if f.types:
        params["type"] = list(f.types)
    return params


class Client:
    def __init__(self, port: int, token: str):
        self.port, self.token = port, token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json"):
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": content_type}
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):  # the server closed a kept-alive connection
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        payload = response.read()
        if response.getheader("Content-Type", "").startswith("application/json"):
            return response.status, json.loads(payload)
        return response.status, payload

    def search(self, params: dict):
        return self.call("GET", f"/api/v1/workspaces/{SLUG}/search?" + urlencode(params, doseq=True))


def _processes(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            todo += [int(c) for c in children]
    return found


def _cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except FileNotFoundError:
            pass
    return total / tick


def _rss_mb(pids: list[int]) -> dict[int, float]:
    sizes = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) / 1024
        except FileNotFoundError:
            pass
    return sizes


def run(size: int, repeat: int, files: int, workers: int, cases, corpus, percentile) -> None:
    docs, origin = corpus(size, "a" * 32, seed=7)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        url = f"sqlite:///{data / 'insightrepo.sqlite3'}"
        engine = make_engine(url)
        schema_migrations.upgrade(engine)
        database = open_database(engine)
        with database.session() as session:
            admin = users.create_user(session, "bench@example.org", "a long enough password")
            workspaces.create_workspace(session, admin, "Bench", SLUG)
            workspace_id = workspaces.find_workspace(session, SLUG).id
            _, token = api_tokens.create_token(session, admin, "bench")
            session.commit()
        engine.dispose()
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("INSIGHTREPO_")}
        env.update({"INSIGHTREPO_ENV": "production", "INSIGHTREPO_SECRET_KEY": "bench-" + "x" * 40,
                    "INSIGHTREPO_DATA_DIR": str(data), "INSIGHTREPO_DATABASE_URL": url,
                    "INSIGHTREPO_WORKERS": str(workers), "PYTHONPATH": str(ROOT)})
        log = (Path(tmp) / "server.log").open("w")
        server = subprocess.Popen([sys.executable, "-m", "insightrepo", "serve", "--host", "127.0.0.1", "--port",
                                   str(port)], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            client = Client(port, token)
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.call("GET", "/login")[0] == 200:
                        break
                except (OSError, json.JSONDecodeError, http.client.HTTPException):
                    client.connection.close()
                    client = Client(port, token)
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start:\n" + (Path(tmp) / "server.log").read_text())
                time.sleep(0.2)
            pids = _processes(server.pid)
            print(f"  server up: {len(pids)} processes ({workers} workers), RSS "
                  f"{sum(_rss_mb(pids).values()):.0f} MB, load average {os.getloadavg()[0]:.1f}", flush=True)

            per_file = -(-len(docs) // files)
            # Someone searching while the import and the indexing run: every answer must be a 200.
            during: list[tuple[int, float]] = []
            busy = threading.Event()

            def searching() -> None:
                other = Client(port, token)
                while not busy.is_set():
                    start = time.perf_counter()
                    try:
                        status, _ = other.search({"q": "dress", "per_page": 20})
                    except OSError as error:  # a worker killed under the request (gunicorn's timeout)
                        status = f"{type(error).__name__}"
                        other = Client(port, token)
                    during.append((status, (time.perf_counter() - start) * 1000))
                    time.sleep(0.2)

            searcher = threading.Thread(target=searching, daemon=True)
            searcher.start()
            cpu_start, started = _cpu_seconds(pids), time.perf_counter()
            imported = 0
            for first in range(0, len(docs), per_file):
                part = docs[first:first + per_file]
                body = _csv(part)
                sent = time.perf_counter()
                status, answer = client.call("POST", f"/api/v1/workspaces/{SLUG}/quotes/import", body,
                                             "text/csv; charset=utf-8")
                if status not in (200, 201):
                    raise SystemExit(f"import answered {status}: {answer}")
                imported += len(part)
                took = time.perf_counter() - sent
                print(f"  import of {len(part):,} rows answered in {took:.1f} s ({len(part) / took:,.0f} rows/s), "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
            answered = time.perf_counter()
            progress = []
            while True:
                status, body = client.search({"q": "", "per_page": 1})
                if body["indexing"] is None and body["total"] == imported:
                    break
                progress.append((time.perf_counter() - answered, body["indexing"], body["total"]))
                time.sleep(0.5)
            searchable = time.perf_counter()
            busy.set()
            searcher.join(600)
            statuses = sorted({str(status) for status, _ in during})
            print(f"  searches while importing and indexing: {len(during)}, answers {statuses}, p50 "
                  f"{statistics.median([ms for _, ms in during]):.0f} ms, slowest {max(ms for _, ms in during):.0f} ms",
                  flush=True)
            cpu_indexing = _cpu_seconds(_processes(server.pid)) - cpu_start
            after_import = searchable - answered
            overall = searchable - started
            print(f"  searchable {after_import:.1f} s after the last import answered, {overall:.1f} s after the "
                  f"first began ({imported / overall:,.0f} quotes/s end to end); server CPU {cpu_indexing:.1f} s; "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)
            for at, indexing, total in progress[:: max(1, len(progress) // 6)]:
                print(f"    at {at:.1f} s: indexing {indexing}, total {total}")

            pids = _processes(server.pid)
            kinds = list(dict.fromkeys(case.kind for case in cases))
            http_ms: dict[str, list[float]] = {}
            cpu_before = _cpu_seconds(pids)
            load_before = os.getloadavg()[0]
            count = 0
            for case in cases:
                client.search(_params(case))  # warm-up
                for _ in range(repeat):
                    start = time.perf_counter()
                    status, body = client.search(_params(case))
                    http_ms.setdefault(case.kind, []).append((time.perf_counter() - start) * 1000)
                    assert status == 200, body
                    count += 1
            server_cpu_ms = (_cpu_seconds(pids) - cpu_before) * 1000 / count
            rss = _rss_mb(_processes(server.pid))
            load_after = os.getloadavg()[0]

            index = WhooshIndex(data / "search-index")
            local_ms: dict[str, list[float]] = {}
            ref = WorkspaceRef(workspace_id, "en")
            for case in cases:
                index.query(ref, case.text, case.filters, FACETS, PageRequest(1, 20, case.sort))
                for _ in range(repeat):
                    start = time.perf_counter()
                    index.query(ref, case.text, case.filters, FACETS, PageRequest(1, 20, case.sort))
                    local_ms.setdefault(case.kind, []).append((time.perf_counter() - start) * 1000)
            segments = index.segment_sizes(workspace_id)
            index.close()
        finally:
            server.terminate()
            server.wait(60)
            log.close()

    print(f"\n### End to end: {size:,} quotes ({origin}) imported through the API in {files} file(s), "
          f"served by gunicorn with {workers} workers (production mode, SQLite, Whoosh)\n")
    print(f"| measure | value |\n|---|---:|\n| searchable after the last import answered | {after_import:.1f} s |\n"
          f"| searchable after the first import began | {overall:.1f} s ({imported / overall:,.0f} quotes/s) |\n"
          f"| server CPU time, import + indexing | {cpu_indexing:.1f} s |\n"
          f"| searches while importing and indexing | {len(during)}, answered {statuses}, p50 "
          f"{statistics.median([ms for _, ms in during]):.0f} ms, slowest {max(ms for _, ms in during):.0f} ms |\n"
          f"| index segments | {len(segments)} ({', '.join(f'{s:,}' for s in segments)}) |\n"
          f"| server RSS after the queries | {sum(rss.values()):.0f} MB in {len(rss)} processes "
          f"({', '.join(f'{v:.0f}' for v in sorted(rss.values()))}) |\n"
          f"| server CPU per query (HTTP) | {server_cpu_ms:.1f} ms |\n"
          f"| load average before / after the queries | {load_before:.1f} / {load_after:.1f} |")
    print(f"\n{len(cases)} queries × {repeat}, ms\n\n| query kind | HTTP p50 | HTTP p95 | in-process p50 | "
          f"in-process p95 |\n|---|---:|---:|---:|---:|")
    for kind in kinds + ["all queries"]:
        pick = (lambda t: [v for vs in t.values() for v in vs]) if kind == "all queries" else (lambda t: t[kind])
        over, local = pick(http_ms), pick(local_ms)
        print(f"| {kind} | {statistics.median(over):.1f} | {percentile(over, 95):.1f} | "
              f"{statistics.median(local):.1f} | {percentile(local, 95):.1f} |")
