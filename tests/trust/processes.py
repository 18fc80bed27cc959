"""Real processes for the trust tests: an InsightRepo installation (a data directory and a database,
SQLite or PostgreSQL) with `insightrepo serve` in production mode (gunicorn, several workers) and
`insightrepo` commands run against it, killed with SIGKILL when a test says so.

Commands run either as a fresh `python -m insightrepo …` (``via="exec"``) or forked from the
launcher (processes_launcher.py), a process that has imported InsightRepo once: the same command
in a process of its own, started in a fraction of the time. Each command leads its own process
group, so `kill()` takes gunicorn's master and every worker down at once, as `kill -9` of the
server would.

``INSIGHTREPO_TRUST_SCALE=N`` multiplies the rounds and sizes of the load tests (the long runs;
CI runs N=1)."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
from sqlalchemy import inspect, text

from insightrepo import open_database, schema_migrations
from insightrepo.db import Database, make_engine
from insightrepo.models import Membership
from insightrepo.accounts import users, api_tokens
from insightrepo.workspaces import workspaces
from tests.database_backends import drop_database, fresh_database_url
from tests.servers import free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PASSWORD = "a long enough password"
SCALE = max(1, int(os.environ.get("INSIGHTREPO_TRUST_SCALE", "1") or "1"))


def scaled(n: int) -> int:
    return n * SCALE


# ---- the launcher ---------------------------------------------------------------------------

class Launcher:
    """The client side of processes_launcher.py (one per test session and xdist worker)."""

    def __init__(self, log: Path):
        self._log = log.open("w")
        self.process = subprocess.Popen([sys.executable, str(HERE / "processes_launcher.py")], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True)
        self._lock = threading.Lock()

    def _ask(self, request: dict) -> dict:
        with self._lock:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the launcher died (log: {self._log.name})")
        return json.loads(answer)

    def run(self, args: list[str], env: dict, out: Path, tripwire: str | None = None,
            tripwire_file: Path | None = None) -> int:
        return self._ask({"run": args, "env": env, "cwd": str(ROOT), "out": str(out), "tripwire": tripwire,
                          "tripwire_file": str(tripwire_file) if tripwire_file else None})["pid"]

    def wait(self, pid: int, timeout: float) -> int | None:
        return self._ask({"wait": pid, "timeout": timeout})["status"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self._log.close()


@pytest.fixture(scope="module")
def launcher(tmp_path_factory) -> Iterator[Launcher]:
    """The launcher for a test module's commands (import it into the module to use it)."""
    launcher = Launcher(tmp_path_factory.mktemp("launcher") / "launcher.log")
    yield launcher
    launcher.close()


class Command:
    """One running `insightrepo …` process (its own process group)."""

    def __init__(self, args: list[str], env: dict, out: Path, launcher: Launcher | None,
                 tripwire: str | None = None, tripwire_file: Path | None = None):
        self.args, self.out, self.launcher = args, out, launcher
        if launcher is not None:
            self.pid = launcher.run(args, env, out, tripwire, tripwire_file)
            self.popen = None
        else:
            assert tripwire is None, "tripwires need the launcher"
            with out.open("a") as log:
                self.popen = subprocess.Popen([sys.executable, "-m", "insightrepo", *args], env=env, cwd=ROOT,
                                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                              start_new_session=True)
            self.pid = self.popen.pid
        self.status: int | None = None

    def wait(self, timeout: float = 300) -> int | None:
        if self.status is None:
            if self.popen is not None:
                try:
                    self.status = self.popen.wait(timeout)
                except subprocess.TimeoutExpired:
                    return None
            else:
                self.status = self.launcher.wait(self.pid, timeout)
        return self.status

    def running(self) -> bool:
        return self.wait(0) is None

    def signal(self, signum: int) -> None:
        if self.status is not None:
            return  # reaped: the group is gone (and its number may be someone else's by now)
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """SIGKILL to the whole process group (gunicorn's master and every worker), then reap it."""
        self.signal(signal.SIGKILL)
        if self.wait(30) is None:
            raise RuntimeError(f"{self.args} survived SIGKILL")

    def output(self) -> str:
        return self.out.read_text(errors="replace") if self.out.exists() else ""


# ---- an installation ------------------------------------------------------------------------

@dataclass
class Member:
    email: str
    token: str


@dataclass
class Instance:
    """One InsightRepo installation: a data directory and a database, with workspace "lab"."""

    backend: str
    directory: Path
    database_url: str
    launcher: Launcher | None
    members: dict[str, Member] = field(default_factory=dict)
    _logs: int = 0

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("INSIGHTREPO_")}
        env.update({"INSIGHTREPO_ENV": "production", "INSIGHTREPO_SECRET_KEY": "trust-" + "x" * 40,
                    "INSIGHTREPO_DATA_DIR": str(self.data_dir), "INSIGHTREPO_DATABASE_URL": self.database_url,
                    "PYTHONPATH": str(ROOT)})
        env.update(extra)
        return env

    def log(self, name: str) -> Path:
        self._logs += 1
        return self.directory / f"{self._logs:03d}-{name}.log"

    def command(self, *args: str, via: str = "launcher", tripwire: str | None = None,
                tripwire_file: Path | None = None, **env: str) -> Command:
        launcher = self.launcher if via == "launcher" else None
        return Command(list(args), self.env(**env), self.log(args[0] if args else "cli"), launcher, tripwire,
                       tripwire_file)

    def cli(self, *args: str, timeout: float = 600, **env: str) -> tuple[int, str]:
        """Run a command to its end: (exit status, output)."""
        command = self.command(*args, **env)
        status = command.wait(timeout)
        if status is None:
            command.kill()
            raise AssertionError(f"`insightrepo {' '.join(args)}` did not finish in {timeout} s:\n{command.output()}")
        return status, command.output()

    def serve(self, workers: int = 2, via: str = "launcher", tripwire: str | None = None, **env: str) -> "Server":
        port = free_port()
        marker = self.directory / f"tripwire-{port}"
        command = self.command("serve", "--host", "127.0.0.1", "--port", str(port), via=via, tripwire=tripwire,
                               tripwire_file=marker, INSIGHTREPO_WORKERS=str(workers), **env)
        server = Server(f"http://127.0.0.1:{port}", command, marker)
        server.wait_until_up()
        return server

    @contextmanager
    def database(self) -> Iterator[Database]:
        database = open_database(make_engine(self.database_url))
        try:
            yield database
        finally:
            database.dispose()

    def add_member(self, email: str, role: str = "editor") -> Member:
        with self.database() as database, database.session() as session:
            user = users.create_user(session, email, PASSWORD)
            session.add(Membership(workspace=workspaces.find_workspace(session, "lab"), user=user, role=role))
            _, secret = api_tokens.create_token(session, user, "trust")
            session.commit()
        self.members[email] = Member(email, secret)
        return self.members[email]

    def row_counts(self) -> dict[str, int]:
        """Rows per table, but for the search outbox (work in flight) and tokens' use times."""
        with self.database() as database, database.bind.connect() as connection:
            tables = [t for t in inspect(connection).get_table_names()
                      if t not in ("search_outbox", "alembic_version")]
            return {t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}

    def outbox(self) -> int:
        with self.database() as database, database.bind.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM search_outbox")).scalar_one()

    def search_check(self) -> str:
        """`insightrepo search check`: its output; fails the test on any drift."""
        status, output = self.cli("search", "check")
        assert status == 0, f"search check found drift:\n{output}"
        return output


def make_instance(backend: str, directory: Path, launcher: Launcher | None) -> Instance:
    """A migrated database with workspace "lab", whose admin is lena@example.org."""
    directory.mkdir(parents=True, exist_ok=True)
    url = fresh_database_url(backend, f"trust_{directory.name}"[:40], directory)
    engine = make_engine(url)
    schema_migrations.upgrade(engine)
    database = open_database(engine)
    with database.session() as session:
        admin = users.create_user(session, "lena@example.org", PASSWORD)
        workspaces.create_workspace(session, admin, "Lab", "lab")
        _, secret = api_tokens.create_token(session, admin, "trust")
        session.commit()
    engine.dispose()
    instance = Instance(backend, directory, url, launcher)
    instance.members["lena@example.org"] = Member("lena@example.org", secret)
    (directory / "data").mkdir(exist_ok=True)
    return instance


def remove_instance(instance: Instance) -> None:
    drop_database(instance.database_url)


# ---- a server ---------------------------------------------------------------------------------

@dataclass
class Server:
    url: str
    command: Command
    tripwire_file: Path

    def wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                status, _ = call(self.url, None, "GET", "/login", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            if not self.command.running() or time.monotonic() > deadline:
                self.command.kill()
                raise AssertionError(f"the server did not start:\n{self.command.output()}")
            time.sleep(0.1)

    def errors(self) -> str:
        """What the server's log shows of 5xx answers and errors (tracebacks whole); empty if none."""
        lines, shown = self.command.output().splitlines(), []
        for n, line in enumerate(lines):
            if re.search(r'" 5\d\d \d', line) or "[ERROR]" in line:
                shown += lines[n:n + 40]
        return "\n".join(shown)

    def tripped(self) -> bool:
        return self.tripwire_file.exists()

    def kill(self) -> None:
        self.command.kill()

    def stop(self) -> None:
        """gunicorn's graceful shutdown (SIGTERM: requests in progress finish); SIGKILL if it does not go."""
        self.command.signal(signal.SIGTERM)
        if self.command.wait(60) is None:
            self.command.kill()

    def call(self, member: Member | None, method: str, path: str, body: Any = None, **kwargs) -> tuple[int, Any]:
        return call(self.url, member.token if member else None, method, path, body, **kwargs)


def call(url: str, token: str | None, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
         content_type: str = "application/json", headers: dict | None = None, timeout: float = 300,
         connection: http.client.HTTPConnection | None = None) -> tuple[int, Any]:
    """One HTTP request; (status, decoded JSON or text). ``connection``: reuse a kept-alive one."""
    own = connection is None
    if own:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    sent = {"Content-Type": content_type, **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        payload = response.read()
    finally:
        if own:
            connection.close()
    if response.getheader("Content-Type", "").startswith("application/json"):
        return response.status, json.loads(payload or b"null")
    return response.status, payload.decode("utf-8", "replace")
