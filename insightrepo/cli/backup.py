"""`insightrepo export --workspace SLUG` and `insightrepo import workspace FILE [--as NEW_SLUG]`."""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from insightrepo.cli.context import reported_errors, unit_of_work
from insightrepo.backup import backup


@contextmanager
def progress_bar(label: str) -> Iterator[backup.Progress]:
    """A progress bar on standard error when it is a terminal; silent otherwise."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def report(what: str, done: int, total: int) -> None:
            bar.update(task, description=f"{label} {what}", completed=done, total=total)

        yield report


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items())


@click.command("export")
@click.option("--workspace", "slug", required=True, metavar="SLUG", help="The workspace to back up.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def export(slug: str, output: Path | None) -> None:
    """Write a whole workspace as one JSON document (a backup)."""
    with progress_bar("Exporting") as report, unit_of_work() as session:
        document = backup.export_workspace(session, None, slug, progress=report)
    data = backup.dump_document(document).encode("utf-8")
    if output is None:
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
    else:
        _write_whole(output, data)
    click.echo(f"Exported {slug}: {_summary(backup.section_counts(document))}"
               + (f" → {output}" if output else "") + ".", err=True)


def _write_whole(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, so a failed export leaves no half file."""
    with reported_errors():
        try:
            handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.")
            with os.fdopen(handle, "wb") as fh:
                fh.write(data)
            os.replace(temporary, path)
        except OSError as exc:
            raise click.ClickException(f"Cannot write {path}: {exc.strerror or exc}") from None


@click.command("workspace")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--as", "new_slug", metavar="NEW_SLUG",
              help="Make a copy beside the original under this slug, with new ids.")
@click.option("--link-accounts", is_flag=True,
              help="Trust the file's people: give its members with an account here (same email) their roles, "
                   "and link the authors of its snapshots and changes to those accounts.")
def import_workspace(file: str, new_slug: str | None, link_accounts: bool) -> None:
    """Restore a workspace from a backup FILE (- for standard input), in one transaction.

    Without --as the ids are kept, so the database must not hold the workspace already.
    Without --link-accounts nobody becomes a member and authors are kept as the names (emails)
    the file gives; with it, members are matched to accounts by email (those without one are
    skipped) and so are authors."""
    name = "Standard input" if file == "-" else file
    try:
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"Cannot read {file}: {exc.strerror or exc}") from None
    with reported_errors():
        document = backup.parse_document(raw, name)
    with progress_bar("Importing") as report, unit_of_work() as session:
        restored = backup.import_workspace(session, None, document, new_slug, progress=report,
                                           link_accounts=link_accounts)
        slug = restored.workspace.slug
    verb = "Copied" if new_slug else "Restored"
    click.echo(f"{verb} workspace {slug}: {_summary(restored.counts)}.")
    if not link_accounts:
        if restored.skipped_members:
            listed = ", ".join(f"{m['email']} ({m['role']})" for m in restored.skipped_members)
            click.echo(f"Nobody was made a member of {slug} (the backup lists {listed}); restore with "
                       "--link-accounts to give the members with an account here their roles.", err=True)
        if restored.unknown_authors:
            click.echo(f"Authors kept as names, not linked to accounts: {', '.join(restored.unknown_authors)} "
                       "(--link-accounts links them).", err=True)
        return
    for member in restored.skipped_members:
        click.echo(f"Skipped member {member['email']} ({member['role']}): no account with that email here; "
                   f"`insightrepo user create {member['email']} --password-stdin --workspace {slug} "
                   f"--role {member['role']}` adds it.", err=True)
    if restored.unknown_authors:
        click.echo(f"No account here for {', '.join(restored.unknown_authors)}: their snapshots and changes are "
                   "kept with the author's email as a name.", err=True)
