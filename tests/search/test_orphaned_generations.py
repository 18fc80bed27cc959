"""Issue 18 (12): a rebuild killed half-way leaves its generation directory behind, never swapped
in. `search check` reports such orphans, `search check --clean` removes them, and `reindex` and
`init` remove them before they build. They take disk but are never searched: not drift."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.cli.test_commands import run  # noqa: F401 — the `insightrepo` runner on a scratch data dir
from tests.search.test_cli import lab  # noqa: F401 — cx-lab with two quotes, indexed


def _killed_rebuilds(index: Path) -> list[Path]:
    """What a reindex killed during its build leaves: a new generation beside the live one (with a
    segment's worth of bytes), and a workspace's first build that never got a CURRENT."""
    [workspace] = [d for d in index.iterdir() if d.is_dir()]
    orphans = [workspace / f"g{time.time_ns()}-99999", index / ("f" * 32) / f"g{time.time_ns()}-99998"]
    for orphan in orphans:
        orphan.mkdir(parents=True)
        (orphan / "FORMAT").write_text("whatever")
        (orphan / "_MAIN_1.seg").write_bytes(b"\0" * 300_000)
    return orphans


def test_check_reports_orphaned_generations_and_clean_removes_them(lab, run):
    orphans = _killed_rebuilds(lab / "search-index")

    checked = run("search", "check")

    assert checked.exit_code == 0  # the index still matches the database
    assert "cx-lab: 2 documents, OK" in checked.output
    for orphan in orphans:
        assert f"orphaned: {orphan}" in checked.output
    assert "2 orphaned index generations (0.6 MB)" in checked.output
    assert "`insightrepo search check --clean` removes them" in checked.output
    assert all(orphan.exists() for orphan in orphans)  # a check alone removes nothing

    cleaned = run("search", "check", "--clean")

    assert cleaned.exit_code == 0, cleaned.output
    assert "Removed 2 orphaned index generations (0.6 MB)." in cleaned.output
    assert not any(orphan.exists() for orphan in orphans)
    assert not (lab / "search-index" / ("f" * 32)).exists()
    assert "orphaned" not in (again := run("search", "check").output)
    assert again.endswith("OK: the index matches the database.\n")
    assert run("search", "query", "mould", "--workspace", "cx-lab").output.startswith("1 result")


@pytest.mark.parametrize("command", [("search", "reindex"), ("init",)])
def test_reindex_and_init_remove_orphaned_generations(lab, run, command):
    orphans = _killed_rebuilds(lab / "search-index")

    result = run(*command)

    assert result.exit_code == 0, result.output
    assert "Removed 2 orphaned index generations (0.6 MB)." in result.output
    assert not any(orphan.exists() for orphan in orphans)
    assert run("search", "check").exit_code == 0
