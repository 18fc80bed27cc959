"""`insightrepo import …`: bringing data in from files (`import quotes FILE.csv`)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from insightrepo.cli.context import settings, unit_of_work
from insightrepo.imports import csv_batches, quotes_csv

STAGES = {"check": "Checking rows", "write": "Writing quotes"}


@click.group("import")
def import_group() -> None:
    """Import data from files."""


@contextmanager
def _progress_bar() -> Iterator[quotes_csv.Progress]:
    """A progress bar on standard error when it is a terminal; silent otherwise."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal, transient=True) as bar:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield report


def _mapping(pairs: tuple[str, ...]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"“{pair}” is not FIELD=COLUMN, e.g. text=\"Review Text\"", param_hint="--map")
        mapping[name.strip()] = column
    return mapping or None


@import_group.command("quotes")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--workspace", "slug", required=True, metavar="SLUG", help="The workspace the quotes go into.")
@click.option("--map", "pairs", multiple=True, metavar="FIELD=COLUMN",
              help=f"Which column holds a field ({', '.join(quotes_csv.FIELDS)}); repeat for each field. "
                   "Without any, columns named like the fields are used.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@click.option("--skip-empty", is_flag=True, help="Leave out rows whose text is empty instead of refusing the file.")
@click.option("--mask-personal-data", is_flag=True,
              help="Replace e-mail addresses, phone and personal identity numbers with “[removed]”.")
@click.option("--language", default="", metavar="CODE",
              help="The language of every quote whose row names none (default: the workspace's).")
@click.option("--batch", type=click.IntRange(min=1), metavar="N",
              help="For files above the row limit: check every row first, then import N rows per "
                   "transaction, reading the file as a stream.")
def quotes(file: Path, slug: str, pairs: tuple[str, ...], dry_run: bool, skip_empty: bool,
           mask_personal_data: bool, language: str, batch: int | None) -> None:
    """Import quotes from a CSV file: every row, or none.

    FILE is UTF-8 (with or without BOM), separated by commas, semicolons or tabs, with a header
    line. Each bad row is printed as `line N: reason` and nothing is imported (exit status 1).
    With --batch N every row is checked first (nothing is written if any is bad), then the rows
    are written N at a time, each batch in a transaction of its own."""
    config = settings()
    mapping = _mapping(pairs)
    if batch is not None:
        _batched(file, slug, mapping, batch, dry_run=dry_run, skip_empty=skip_empty,
                 mask_personal_data=mask_personal_data, language=language)
        return
    data = file.read_bytes()
    rejected = None
    with _progress_bar() as progress, unit_of_work() as session:
        try:
            report = quotes_csv.import_quotes(
                session, None, slug, data, mapping, dry_run=dry_run, skip_empty=skip_empty,
                mask_personal_data=mask_personal_data, language=language, max_bytes=config.quote_import_max_bytes,
                max_rows=config.quote_import_max_rows, progress=progress)
        except quotes_csv.ImportRejected as error:
            rejected, report = error, error.report
    _print_lines(report)
    if rejected is not None:
        hint = " Use --skip-empty to leave rows without text out." if rejected.empty_text else ""
        raise click.ClickException(rejected.message + hint)
    click.echo(_summary(report, slug))


def _print_lines(report: quotes_csv.ImportReport) -> None:
    for problem in report.errors:
        click.echo(f"line {problem.line}: {problem.message}")
    for warning in report.personal_data:
        click.echo(f"line {warning.line}: warning: {warning.message}")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _summary(report: quotes_csv.ImportReport, slug: str) -> str:
    quotes = _count(report.would_import, "quote")
    done = (f"Dry run: {quotes} would be imported into {slug}; nothing was written" if report.dry_run
            else f"Imported {quotes} into {slug}")
    extras = []
    if report.skipped_empty:
        extras.append(f"{_count(report.skipped_empty, 'row')} without text skipped")
    created = [_count(n, noun) for n, noun in ((report.participants_created, "new participant"),
                                               (report.tags_created, "new tag")) if n]
    if created:
        extras.append(" and ".join(created) + (" would be created" if report.dry_run else " created"))
    if report.personal_data:
        extras.append(f"{_count(len(report.personal_data), 'quote')} with what looks like personal data"
                      + (", masked" if report.masked else ", not masked (--mask-personal-data masks it)"))
    extras.append(f"language {report.language}, " + ("chosen for the file" if report.language_chosen
                                                      else "the workspace's"))
    return done + (f" ({'; '.join(extras)})" if extras else "") + "."


def _batched(file: Path, slug: str, mapping: dict[str, str] | None, size: int, **options) -> None:
    """`import quotes --batch N`: every batch checked (a dry run, nothing written), then — only if
    all are good — each imported in a transaction of its own, with one progress bar per pass."""
    config = settings()
    if size > config.quote_import_max_rows:
        raise click.BadParameter(f"at most {config.quote_import_max_rows:,} rows (the row limit of one import)",
                                 param_hint="--batch")
    limits = {"max_bytes": config.quote_import_max_bytes, "max_rows": size}
    dry_run = options.pop("dry_run")
    passes = [("Checking rows", True)] + ([] if dry_run else [("Writing quotes", False)])
    total, reports = None, []
    for label, checking in passes:
        reports, problems, warnings, rejected = [], [], [], None
        with _rows_bar(label, total) as advance:
            try:
                for part in csv_batches.batches(file, size):
                    with unit_of_work() as session:
                        try:
                            reports.append(quotes_csv.import_quotes(session, None, slug, part.data, mapping,
                                                                    dry_run=checking, **options, **limits))
                            if checking:
                                warnings += [f"line {part.file_line(w.line)}: warning: {w.message}"
                                             for w in reports[-1].personal_data]
                        except quotes_csv.ImportRejected as error:
                            rejected = error
                            problems += [f"line {part.file_line(p.line)}: {p.message}" for p in error.report.errors]
                            if not error.report.errors:
                                break  # the same for every batch (a column missing): once is enough
                    advance(part.rows)
            except csv_batches.BatchProblem as problem:
                raise click.ClickException(f"line {problem.line}: {problem.message}. Nothing was imported.") from None
        for line in problems + warnings:
            click.echo(line)
        if rejected is not None:
            hint = " Use --skip-empty to leave rows without text out." if rejected.empty_text else ""
            done = "Nothing was imported." if checking else \
                f"The {len(reports):,} batches before this one were imported; it and those after were not."
            raise click.ClickException(f"{rejected.message}{hint} {done}")
        total = sum(r.rows for r in reports)
    report = reports[0]
    for more in reports[1:]:
        for name in ("rows", "would_import", "imported", "participants_created", "tags_created", "masked",
                     "own_language"):
            setattr(report, name, getattr(report, name) + getattr(more, name))
        report.skipped_lines += more.skipped_lines
        report.personal_data += more.personal_data
    click.echo(_summary(report, slug) + f" In {len(reports):,} batches of at most {size:,} rows.")


@contextmanager
def _rows_bar(label: str, total: int | None) -> Iterator:
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda rows: bar.advance(task, rows)
