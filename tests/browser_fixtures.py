"""Browser fixtures for every test that needs them (tests/e2e and the trust tests): a real server
(gunicorn, production mode) on a scratch database, and headless Chromium driven by Playwright.
Without a browser these tests skip, unless INSIGHTREPO_REQUIRE_BROWSER=1 (CI), where they fail.

They are defined once, here, and imported by tests/conftest.py: a second definition of the
session's browser (a test module importing it) would start a second Playwright inside the first
one's event loop on the same worker, which Playwright refuses."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import start_serving

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
E2E_PASSWORD = "journeys are untrue snapshots"


def _chromium() -> str | None:
    return os.environ.get("INSIGHTREPO_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _chromium()
    if path is None:
        if os.environ.get("INSIGHTREPO_REQUIRE_BROWSER") == "1":
            pytest.fail("INSIGHTREPO_REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)")
        pytest.skip("no Chromium on this machine (apt-get install chromium, or set INSIGHTREPO_CHROMIUM)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.set_default_navigation_timeout(60_000)  # a page of 20,000 characters on a loaded CI machine
    yield page
    context.close()


@dataclass
class LiveServer:
    url: str
    data_dir: Path
    env: dict

    def cli(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "insightrepo", *args], env=self.env, input=input,
                              capture_output=True, text=True, check=True, timeout=120)


def _production_env(data_dir: Path) -> dict:
    env = {**os.environ, "INSIGHTREPO_ENV": "production", "INSIGHTREPO_SECRET_KEY": secrets.token_hex(32),
           "INSIGHTREPO_DATA_DIR": str(data_dir), "INSIGHTREPO_WORKERS": "2"}
    env.pop("INSIGHTREPO_DATABASE_URL", None)
    return env


@pytest.fixture(scope="session")
def prepared_data(tmp_path_factory):
    """``prepared_data("demo", "--no-serve")`` → a data directory (SQLite database and search index)
    on which ``insightrepo <args>`` has run — once per session and worker; servers start on copies."""
    made: dict[tuple[str, ...], Path] = {}

    def prepare(*args: str) -> Path:
        if args not in made:
            data_dir = tmp_path_factory.mktemp("prepared") / "data"
            LiveServer("", data_dir, _production_env(data_dir)).cli(*args)
            made[args] = data_dir
        return made[args]

    return prepare


def _serve(tmp_path: Path, prepared: Path):
    """`insightrepo serve` in production mode (gunicorn, 2 workers) on a copy of ``prepared`` data."""
    data_dir = tmp_path / "data"
    shutil.copytree(prepared, data_dir)
    server = LiveServer("", data_dir, _production_env(data_dir))  # its url once it serves
    process, server.url = start_serving(server.env, tmp_path / "server.log", host="localhost")
    yield server
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # a loaded machine: stop it, and reap it (an unreaped child is a warning)
        process.kill()
        process.wait()


@pytest.fixture
def live_server(tmp_path, chromium_path, prepared_data):
    """A server on an empty, initialised database of its own."""
    yield from _serve(tmp_path, prepared_data("init"))


@pytest.fixture
def demo_server(tmp_path, chromium_path, prepared_data):
    """A freshly started demo of its own: `insightrepo serve` on a copy of what `insightrepo demo
    --no-serve` loaded (loaded once per session and worker, not once per test)."""
    yield from _serve(tmp_path, prepared_data("demo", "--no-serve"))


@pytest.fixture(scope="session")
def demo_reading_server(tmp_path_factory, chromium_path, prepared_data):
    """One demo server per session and worker, shared by the tests that only read the demo or whose
    every write must be refused: a server starts once for them, not once per test. A test that
    changes the demo takes ``demo_server``, a server of its own."""
    yield from _serve(tmp_path_factory.mktemp("demo-reading"), prepared_data("demo", "--no-serve"))
