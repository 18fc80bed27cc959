"""`insightrepo import quotes FILE.csv --workspace SLUG …` against a scratch SQLite data dir."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from insightrepo import open_database
from insightrepo.cli import cli
from insightrepo.models import Quote
from tests.imports.helpers import CORPUS, csv_bytes


@pytest.fixture
def run(tmp_path, monkeypatch):
    for name in ("INSIGHTREPO_ENV", "INSIGHTREPO_DATABASE_URL", "INSIGHTREPO_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSIGHTREPO_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    assert invoke("init").exit_code == 0
    invoke("user", "create", "lena@example.org", "--password-stdin", "--workspace", "cx-lab",
           input="a long enough password\n")
    return invoke


def stored_quotes(tmp_path) -> list[Quote]:
    database = open_database(f"sqlite:///{tmp_path / 'data' / 'insightrepo.sqlite3'}")
    with database.session() as session:
        quotes = list(session.scalars(select(Quote).order_by(Quote.text)))
        result = [(q.text, q.participant.code if q.participant else None, q.tag_names) for q in quotes]
    database.dispose()
    return result


@pytest.fixture
def reviews(tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_bytes(csv_bytes([["Review Text", "Clothing ID", "Department Name"],
                                ["Runs small", "767", "Dresses"],
                                ["", "1080", "Tops"],
                                ["Mail me: eva@example.se", "1080", "Tops, Knits"]], delimiter=";", bom=True))
    return path


MAP = ("--map", "text=Review Text", "--map", "participant=Clothing ID", "--map", "tags=Department Name")


def test_invalid_rows_are_printed_by_line_and_nothing_is_imported(run, reviews, tmp_path):
    result = run("import", "quotes", str(reviews), "--workspace", "cx-lab", *MAP)

    assert result.exit_code == 1
    assert "line 3: text is required (column “Review Text”)" in result.output
    assert "1 row is not valid; nothing was imported" in result.output
    assert "--skip-empty" in result.output
    assert stored_quotes(tmp_path) == []


def test_skip_empty_imports_the_rest_and_reports_personal_data(run, reviews, tmp_path):
    result = run("import", "quotes", str(reviews), "--workspace", "cx-lab", *MAP, "--skip-empty")

    assert result.exit_code == 0, result.output
    assert "line 4: warning: looks like it contains an e-mail address" in result.output
    assert "Imported 2 quotes into cx-lab (1 row without text skipped" in result.output
    assert stored_quotes(tmp_path) == [("Mail me: eva@example.se", "1080", ["Knits", "Tops"]),
                                       ("Runs small", "767", ["Dresses"])]


def test_mask_personal_data(run, reviews, tmp_path):
    result = run("import", "quotes", str(reviews), "--workspace", "cx-lab", *MAP, "--skip-empty",
                 "--mask-personal-data")
    assert result.exit_code == 0, result.output
    assert "line 4: warning: looks like it contains an e-mail address — masked" in result.output
    assert ("Mail me: [removed]", "1080", ["Knits", "Tops"]) in stored_quotes(tmp_path)


def test_dry_run_writes_nothing(run, reviews, tmp_path):
    result = run("import", "quotes", str(reviews), "--workspace", "cx-lab", *MAP, "--skip-empty", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "Dry run: 2 quotes would be imported into cx-lab; nothing was written" in result.output
    assert stored_quotes(tmp_path) == []


def test_columns_named_like_the_fields_need_no_map(run, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_bytes(b"text,participant\nHello,P1\n")
    assert run("import", "quotes", str(path), "--workspace", "cx-lab").exit_code == 0
    assert stored_quotes(tmp_path) == [("Hello", "P1", [])]


@pytest.mark.parametrize("args, message", [
    (("--map", "text"), "is not FIELD=COLUMN"),
    (("--map", "quote=Review Text"), "unknown field quote"),
    (("--map", "text=Review"), "line 1: no column “Review” (mapped to text)"),
])
def test_mapping_mistakes_are_explained(run, reviews, args, message):
    result = run("import", "quotes", str(reviews), "--workspace", "cx-lab", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_unknown_workspace_and_row_limit(run, reviews):
    unknown = run("import", "quotes", str(reviews), "--workspace", "nope", *MAP)
    assert unknown.exit_code == 1 and "No such workspace" in unknown.output

    limited = run("import", "quotes", str(reviews), "--workspace", "cx-lab", *MAP,
                  env={"INSIGHTREPO_QUOTE_IMPORT_MAX_ROWS": "2"})
    assert limited.exit_code == 1 and "line 4: the file has more than 2 rows" in limited.output


@pytest.mark.skipif(not CORPUS.is_file(), reason="the shared corpus (../shared/corpus/) is absent")
def test_the_shared_corpus_from_the_command_line(run, tmp_path):
    refused = run("import", "quotes", str(CORPUS), "--workspace", "cx-lab", *MAP)
    assert refused.exit_code == 1
    assert refused.output.count(": text is required") == 42 and "line 114: text is required" in refused.output

    result = run("import", "quotes", str(CORPUS), "--workspace", "cx-lab", *MAP, "--skip-empty")
    assert result.exit_code == 0 and "Imported 958 quotes into cx-lab (42 rows without text skipped" in result.output
    assert len(stored_quotes(tmp_path)) == 958


def test_language_sets_the_language_of_every_row_without_its_own(run, reviews, tmp_path):
    result = run("import", "quotes", str(reviews), "--workspace", "cx-lab", *MAP, "--skip-empty", "--language", "sv")

    assert result.exit_code == 0 and "language sv, chosen for the file" in result.output
    database = open_database(f"sqlite:///{tmp_path / 'data' / 'insightrepo.sqlite3'}")
    with database.session() as session:
        assert set(session.scalars(select(Quote.language))) == {"sv"}
    database.dispose()


def test_an_unknown_language_is_refused(run, reviews, tmp_path):
    result = run("import", "quotes", str(reviews), "--workspace", "cx-lab", *MAP, "--language", "english")

    assert result.exit_code != 0 and "language must be one of" in result.output
    assert stored_quotes(tmp_path) == []


def _big_file(tmp_path, rows: int, bad: dict[int, str] | None = None):
    """A file of ``rows`` quotes, one with a line break inside its cell; ``bad``: row → text instead."""
    lines = [["text", "participant", "tags"]]
    for i in range(rows):
        text = (bad or {}).get(i, f"Quote number {i}" + ("\nover two lines" if i == 2 else ""))
        lines.append([text, f"P{i % 7}", f"batch, kind-{i % 3}"])
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes(lines, delimiter=";", bom=True))
    return path


def test_a_file_above_the_row_limit_is_imported_in_batches(run, tmp_path):
    path = _big_file(tmp_path, 25)
    limited = {"INSIGHTREPO_QUOTE_IMPORT_MAX_ROWS": "10"}
    refused = run("import", "quotes", str(path), "--workspace", "cx-lab", env=limited)
    assert refused.exit_code == 1 and "more than 10 rows" in refused.output

    result = run("import", "quotes", str(path), "--workspace", "cx-lab", "--batch", "10", env=limited)

    assert result.exit_code == 0, result.output
    assert "Imported 25 quotes into cx-lab" in result.output and "In 3 batches of at most 10 rows" in result.output
    assert "7 new participants and 4 new tags created" in result.output
    stored = stored_quotes(tmp_path)
    assert len(stored) == 25 and ("Quote number 2\nover two lines", "P2", ["batch", "kind-2"]) in stored


def test_a_bad_row_in_any_batch_is_reported_at_its_line_and_nothing_is_imported(run, tmp_path):
    path = _big_file(tmp_path, 25, bad={21: ""})  # line 24 of the file: header, 21 rows, one of two lines

    result = run("import", "quotes", str(path), "--workspace", "cx-lab", "--batch", "10")

    assert result.exit_code == 1
    assert "line 24: text is required" in result.output and "Nothing was imported." in result.output
    assert stored_quotes(tmp_path) == []


def test_a_batch_larger_than_the_row_limit_is_refused(run, tmp_path):
    result = run("import", "quotes", str(_big_file(tmp_path, 3)), "--workspace", "cx-lab", "--batch", "11",
                 env={"INSIGHTREPO_QUOTE_IMPORT_MAX_ROWS": "10"})

    assert result.exit_code == 2 and "at most 10 rows" in result.output
    assert stored_quotes(tmp_path) == []
