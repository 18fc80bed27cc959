"""`insightrepo export` and `insightrepo import workspace` against real SQLite databases in
two scratch data dirs: a backup made on one server restores on another."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from insightrepo import open_database
from insightrepo.cli import cli
from insightrepo.evidence import evidence
from insightrepo.journeys import journeys, phases, steps

PASSWORD = "a long enough password\n"


@pytest.fixture
def run(monkeypatch):
    for name in ("INSIGHTREPO_ENV", "INSIGHTREPO_DATABASE_URL", "INSIGHTREPO_SECRET_KEY", "INSIGHTREPO_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()

    def invoke(data_dir: Path, *args: str, input: str | bytes | None = None):
        return runner.invoke(cli, list(args), input=input, env={"INSIGHTREPO_DATA_DIR": str(data_dir)},
                             catch_exceptions=False)

    return invoke


@pytest.fixture
def origin(run, tmp_path) -> Path:
    """A server with workspace cx-lab (Lena is its admin) holding a small map and a quote."""
    data_dir = tmp_path / "origin"
    run(data_dir, "init")
    run(data_dir, "user", "create", "lena@example.org", "--password-stdin", "--workspace", "cx-lab", input=PASSWORD)
    database = open_database(f"sqlite:///{data_dir / 'insightrepo.sqlite3'}")
    with database.session() as session:
        journey = journeys.create_journey(session, None, "cx-lab", {"title": "Få räkningen att stämma"})
        phase = phases.add_phase(session, None, journey.id, {"title": "Förstå räkningen"})
        step = steps.add_step(session, None, phase.id, {"title": "Läser fakturan", "emotion": -2})
        evidence.create_item(session, None, evidence.QUOTES, "cx-lab", {
            "text": "Jag förstod inte varför beloppet ändrats.", "step_ids": [step.id], "tags": ["faktura"]})
        session.commit()
    database.dispose()
    return data_dir


@pytest.fixture
def elsewhere(run, tmp_path) -> Path:
    """Another, empty server where Lena has an account."""
    data_dir = tmp_path / "elsewhere"
    run(data_dir, "init")
    run(data_dir, "user", "create", "lena@example.org", "--password-stdin", input=PASSWORD)
    return data_dir


def _one_line_error(result, message: str) -> None:
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "Traceback" not in result.output


def test_a_backup_file_restores_on_another_server_exactly(run, origin, elsewhere, tmp_path):
    backup = tmp_path / "backup.json"
    exported = run(origin, "export", "--workspace", "cx-lab", "--output", str(backup))
    assert exported.exit_code == 0, exported.output
    assert "Exported cx-lab: 1 members, 1 journeys, 1 phases, 1 steps" in exported.stderr
    assert run(origin, "export", "--workspace", "cx-lab").stdout_bytes == backup.read_bytes()

    restored = run(elsewhere, "import", "workspace", str(backup), "--link-accounts")

    assert restored.exit_code == 0, restored.output
    assert "Restored workspace cx-lab: 1 members, 1 journeys, 1 phases, 1 steps" in restored.stdout
    assert run(elsewhere, "export", "--workspace", "cx-lab").stdout_bytes == backup.read_bytes()


def test_a_copy_from_standard_input_sits_beside_the_original(run, origin):
    backup = run(origin, "export", "--workspace", "cx-lab").stdout_bytes

    copied = run(origin, "import", "workspace", "-", "--as", "cx-lab-kopia", input=backup)

    assert copied.exit_code == 0, copied.output
    assert "Copied workspace cx-lab-kopia" in copied.stdout
    copy = run(origin, "export", "--workspace", "cx-lab-kopia").stdout
    assert "Jag förstod inte varför beloppet ändrats." in copy
    assert run(origin, "export", "--workspace", "cx-lab").stdout_bytes == backup


def test_members_without_an_account_are_skipped_and_named(run, origin, tmp_path):
    backup = tmp_path / "backup.json"
    run(origin, "export", "--workspace", "cx-lab", "--output", str(backup))
    bare = tmp_path / "bare"
    run(bare, "init")

    restored = run(bare, "import", "workspace", str(backup), "--link-accounts")

    assert restored.exit_code == 0
    assert "Skipped member lena@example.org (admin)" in restored.stderr
    assert "insightrepo user create lena@example.org --password-stdin --workspace cx-lab --role admin" \
        in restored.stderr


def test_without_link_accounts_a_restore_makes_nobody_a_member_and_says_how(run, origin, elsewhere, tmp_path):
    backup = tmp_path / "backup.json"
    run(origin, "export", "--workspace", "cx-lab", "--output", str(backup))

    restored = run(elsewhere, "import", "workspace", str(backup))

    assert restored.exit_code == 0, restored.output
    assert "Restored workspace cx-lab: 0 members, 1 journeys" in restored.stdout
    assert "Nobody was made a member of cx-lab (the backup lists lena@example.org (admin))" in restored.stderr
    assert "--link-accounts" in restored.stderr
    assert '"members": []' in run(elsewhere, "export", "--workspace", "cx-lab").stdout


def test_a_truncated_file_is_refused_in_one_line_and_changes_nothing(run, origin, elsewhere, tmp_path):
    whole = run(origin, "export", "--workspace", "cx-lab").stdout_bytes
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(whole[: len(whole) * 2 // 3])

    result = run(elsewhere, "import", "workspace", str(truncated))

    _one_line_error(result, "is not valid JSON")
    assert "truncated or corrupt" in result.output
    _one_line_error(run(elsewhere, "export", "--workspace", "cx-lab"), "No such workspace.")


def test_a_backup_with_a_problem_is_refused_in_one_line(run, origin, elsewhere, tmp_path):
    text = run(origin, "export", "--workspace", "cx-lab").stdout
    damaged = tmp_path / "damaged.json"
    damaged.write_text(text.replace('"emotion": -2', '"emotion": -5'), encoding="utf-8")

    result = run(elsewhere, "import", "workspace", str(damaged))

    _one_line_error(result, "This backup cannot be restored (1 problem); nothing was written.")
    assert "steps[0].emotion: must be a whole number from -2 to 2 or null" in result.output
    _one_line_error(run(elsewhere, "export", "--workspace", "cx-lab"), "No such workspace.")


def test_restoring_where_the_workspace_exists_is_refused_in_one_line(run, origin, tmp_path):
    backup = tmp_path / "backup.json"
    run(origin, "export", "--workspace", "cx-lab", "--output", str(backup))

    _one_line_error(run(origin, "import", "workspace", str(backup)), "“cx-lab” already exists")


def test_a_missing_file_or_workspace_is_a_one_line_error(run, origin, tmp_path):
    _one_line_error(run(origin, "import", "workspace", str(tmp_path / "nowhere.json")), "Cannot read")
    output = tmp_path / "out.json"
    _one_line_error(run(origin, "export", "--workspace", "nowhere", "--output", str(output)), "No such workspace.")
    assert not output.exists()
