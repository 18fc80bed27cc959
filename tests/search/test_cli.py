"""`insightrepo search query|check|reindex`, and `init` building the index, against a real
SQLite database in a scratch data dir."""

from __future__ import annotations

import shutil

import pytest

from tests.cli.test_commands import run  # noqa: F401 — the `insightrepo` runner on a scratch data dir

CSV = "text,participant,tags\nThe soil smelled of mould,P03,soil\nRepotting was messy,P04,soil\n"


@pytest.fixture
def lab(run, tmp_path):
    assert "Search index ready" in run("init").output
    run("user", "create", "lena@example.org", "--password-stdin", "--workspace", "cx-lab",
        input="a long enough password\n")
    (tmp_path / "quotes.csv").write_text(CSV)
    assert run("import", "quotes", str(tmp_path / "quotes.csv"), "--workspace", "cx-lab").exit_code == 0
    return tmp_path


def test_an_import_on_the_command_line_is_searchable_when_it_ends(lab, run):
    result = run("search", "query", "mould", "--workspace", "cx-lab")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1 result in cx-lab"
    assert lines[1].startswith("1. [quote] “The soil smelled of mould”") and "P03" in lines[1]
    assert lines[2].strip() == "The soil smelled of mould"
    assert "tag: soil 1" in result.output


def test_query_options_and_errors(lab, run):
    assert run("search", "query", "tag:soil", "--workspace", "cx-lab", "--type", "step").output.startswith(
        "0 results")
    assert run("search", "query", "soyl", "--workspace", "cx-lab").output.splitlines()[1] == "Did you mean: soil"
    missing = run("search", "query", "x", "--workspace", "nowhere")
    assert missing.exit_code == 1 and "No such workspace" in missing.output


def test_check_reports_drift_and_reindex_repairs_it(lab, run):
    assert run("search", "check").output.endswith("OK: the index matches the database.\n")
    for workspace_dir in (lab / "search-index").iterdir():
        if workspace_dir.is_dir():
            shutil.rmtree(workspace_dir)  # the index is lost
    drifted = run("search", "check")
    assert drifted.exit_code == 1
    assert "cx-lab: 2 documents, 2 missing, 0 stale, 0 extra" in drifted.output
    assert "insightrepo search reindex" in drifted.output
    assert run("search", "reindex").output == "Reindexed 1 workspace: 2 documents.\n"
    assert run("search", "check").exit_code == 0
    assert run("search", "query", "repotting", "--workspace", "cx-lab").output.startswith("1 result")


def test_init_rebuilds_a_missing_index(lab, run):
    shutil.rmtree(lab / "search-index")
    assert "built 1 workspace index(es)" in run("init").output
    assert run("search", "check").exit_code == 0
    assert "built" not in run("init").output  # idempotent


def test_reindex_of_an_unknown_workspace_is_an_error(lab, run):
    result = run("search", "reindex", "--workspace", "nowhere")
    assert result.exit_code == 1 and "no such workspace: nowhere" in result.output


def test_init_rebuilds_an_index_written_by_an_older_version(lab, run):
    for marker in (lab / "search-index").glob("*/g*/FORMAT"):
        marker.unlink()  # as an index from before the format marker looks
    assert "built 1 workspace index(es)" in run("init").output
    assert run("search", "query", "mould", "--workspace", "cx-lab").output.startswith("1 result")
    assert run("search", "query", '"smelled of mould"', "--workspace", "cx-lab").output.startswith("1 result")
