"""The `insightrepo` command line against a real SQLite database in a scratch data dir."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from insightrepo import create_app, open_database
from insightrepo.cli import cli
from insightrepo.accounts import users


@pytest.fixture
def run(tmp_path, monkeypatch):
    for name in ("INSIGHTREPO_ENV", "INSIGHTREPO_DATABASE_URL", "INSIGHTREPO_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSIGHTREPO_DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


def test_init_creates_the_database_and_is_idempotent(run, tmp_path):
    first = run("init")
    assert first.exit_code == 0, first.output
    assert "upgraded empty" in first.output
    assert (tmp_path / "insightrepo.sqlite3").exists()
    again = run("init")
    assert again.exit_code == 0 and "up to date" in again.output


def test_db_commands_report_and_move_the_revision(run):
    run("db", "upgrade")
    current = run("db", "current")
    head = current.output.split("head:")[1].strip()
    assert f"current: {head}" in current.output
    assert run("db", "check").exit_code == 0
    down = run("db", "downgrade", "base")
    assert "base (empty)" in down.output
    check = run("db", "check")
    assert check.exit_code == 1 and "insightrepo db upgrade" in check.output


def test_user_create_reads_the_password_from_stdin_and_makes_the_workspace(run, tmp_path):
    run("init")
    result = run("user", "create", "Lena@Example.org", "--password-stdin", "--workspace", "cx-lab",
                 input="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "Created workspace cx-lab" in result.output and "is admin in cx-lab" in result.output

    database = open_database(f"sqlite:///{tmp_path / 'insightrepo.sqlite3'}")
    with database.session() as session:
        user = users.authenticate(session, "lena@example.org", "a long enough password")
        assert user is not None and [m.workspace.slug for m in user.memberships] == ["cx-lab"]
    database.dispose()

    joiner = run("user", "create", "kim@example.org", "--password-stdin", "--workspace", "cx-lab",
                 "--role", "viewer", input="another long password\n")
    assert "kim@example.org is viewer in cx-lab" in joiner.output


@pytest.mark.parametrize("email, password, message", [
    ("not-an-email", "a long enough password", "email must look like"),
    ("ok@example.org", "short", "at least 10 characters"),
])
def test_user_create_explains_bad_input_in_one_line(run, email, password, message):
    run("init")
    result = run("user", "create", email, "--password-stdin", input=password + "\n")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_duplicate_user_is_refused(run):
    run("init")
    run("user", "create", "a@example.org", "--password-stdin", input="a long enough password\n")
    result = run("user", "create", "A@example.org", "--password-stdin", input="a long enough password\n")
    assert result.exit_code == 1 and "already exists" in result.output


def test_token_create_prints_a_working_token_as_the_last_line(run, tmp_path):
    run("init")
    run("user", "create", "t@example.org", "--password-stdin", "--workspace", "ops",
        input="a long enough password\n")
    result = run("token", "create", "t@example.org", "--name", "nightly import")
    assert result.exit_code == 0
    secret = result.output.strip().splitlines()[-1]

    app = create_app({"env": "testing", "data_dir": str(tmp_path)})
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.json["email"] == "t@example.org"
    app.extensions["insightrepo.db"].dispose()


def test_token_for_unknown_user_fails_cleanly(run):
    run("init")
    result = run("token", "create", "nobody@example.org")
    assert result.exit_code == 1 and "No user with email" in result.output


def test_serve_refuses_a_database_that_is_behind(run):
    result = run("serve", "--port", "5999")
    assert result.exit_code == 1
    assert "run `insightrepo db upgrade`" in result.output
    assert "Traceback" not in result.output


def test_serve_in_production_needs_a_secret_key(run):
    result = run("serve", env={"INSIGHTREPO_ENV": "production"})
    assert result.exit_code == 1
    assert "INSIGHTREPO_SECRET_KEY is not set" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_demo_without_serving_prints_a_login_that_works_and_can_run_twice(run, tmp_path):
    first = run("demo", "--no-serve", "--port", "5123")
    assert first.exit_code == 0, first.output
    assert "http://127.0.0.1:5123/" in first.output
    emails = [part.split()[0] for part in first.output.split("Email")[1:]]
    passwords = [part.split()[0] for part in first.output.split("Password")[1:]]
    assert len(emails) == len(passwords) == 2  # the Swedish-speaking user first, then the English one
    assert run("demo", "--no-serve").exit_code == 0

    database = open_database(f"sqlite:///{tmp_path / 'insightrepo.sqlite3'}")
    with database.session() as session:
        swedish, english = (users.authenticate(session, e, p) for e, p in zip(emails, passwords))
        assert swedish is not None and swedish.locale == "sv"
        assert {m.workspace.language for m in swedish.memberships} == {"sv"}
        assert english is not None
        assert {m.workspace.language for m in english.memberships} == {"sv", "en"}
    database.dispose()


def test_python_dash_m_runs_the_same_command_line():
    result = subprocess.run([sys.executable, "-m", "insightrepo", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("init", "serve", "demo", "db", "user", "token"):
        assert command in result.stdout
