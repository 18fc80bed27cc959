"""`insightrepo search query|check|reindex`."""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from typing import Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from insightrepo.cli.context import database, reported_errors, settings
from insightrepo.db import transaction
from insightrepo.schema_migrations import ensure_current
from insightrepo.search import maintenance, searching
from insightrepo.search.engine import Search
from insightrepo.search.outbox import COMMITTED_WORK
from insightrepo.search.port import SCOPES, SORTS, TYPES, Orphan

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


@click.group("search")
def search_group() -> None:
    """Search a workspace, and check or rebuild the search index."""


@contextmanager
def _search() -> Iterator[Search]:
    config = settings()
    with database() as db, reported_errors():
        ensure_current(db.bind)
        search = Search.from_settings(db, config)
        try:
            yield search
        finally:
            search.close()


@contextmanager
def _progress_bar(label: str) -> Iterator:
    """A progress bar on standard error when it is a terminal; silent otherwise. Redrawn on each
    report, not by rich's refresh thread: a rebuild forks writer processes only in a process
    that runs no other thread (WhooshIndex.replace_workspace)."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}"),
               TimeElapsedColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal, transient=True,
                  auto_refresh=False) as bar:
        tasks: dict[str, int] = {}

        def report(workspace_id: str, done: int, total: int) -> None:
            if workspace_id not in tasks:
                tasks[workspace_id] = bar.add_task(f"{label} {workspace_id[:8]}", total=total or None)
            bar.update(tasks[workspace_id], completed=done, total=total or None, refresh=True)

        yield report


@search_group.command("query")
@click.argument("text")
@click.option("--workspace", "slug", required=True, metavar="SLUG", help="The workspace to search.")
@click.option("--type", "types", multiple=True, type=click.Choice(TYPES), help="Only this type (repeatable).")
@click.option("--tag", help="Only items with this tag.")
@click.option("--scope", type=click.Choice(SCOPES), default="live", show_default=True,
              help="live: the data now; history: what the snapshots hold.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1, searching.MAX_PAGE), default=1, show_default=True)
def query(text: str, slug: str, types: tuple[str, ...], tag: str | None, scope: str, sort: str, page: int) -> None:
    """Search a workspace as its operator: TEXT is what you would type in the search box."""
    console = Console(highlight=False)
    with _search() as search, reported_errors():
        session = search.database.session()
        try:
            with transaction(session):
                request = searching.search_request({"q": text, "type": types, "tag": tag, "scope": scope,
                                                    "sort": sort, "page": page})
                found = searching.search(session, None, search, slug, request)
        finally:
            session.close()
    _print(console, found)


def _print(console: Console, found: searching.Found) -> None:
    results = found.results
    noun = "result" if results.total == 1 else "results"
    about = "about " if results.total_is_estimate else ""
    console.print(f"{about}{results.total:,} {noun} in {found.workspace.slug}"
                  + (f" (page {found.request.page})" if found.request.page > 1 else ""))
    if results.suggestion:
        console.print(f"Did you mean: {results.suggestion}")
    first = (found.request.page - 1) * found.per_page
    for n, hit in enumerate(results.hits, first + 1):
        where = found.journeys.get(hit.journey_id or "", "")
        when = hit.date.isoformat() if hit.date else ""
        if hit.scope == "history" and hit.snapshot_id in found.snapshots:
            when = f"snapshot “{found.snapshots[hit.snapshot_id].label}” of {when}"
        details = " · ".join(part for part in (where, hit.participant or "", when) if part)
        console.print(Text(f"{n}. [{hit.type}] {found.title(hit)}") + Text(f"  {details}" if details else "", style="dim"))
        console.print(Text("   ") + _snippet(hit.snippet))
    for name, counts in results.facets.items():
        if counts:
            shown = ", ".join(f"{found.label(name, f.value)} {f.count}" for f in counts[:8])
            console.print(Text(f"{name}: {shown}", style="dim"))


def _snippet(snippet: str) -> Text:
    """The snippet's HTML as text, the matched words in bold."""
    text, last = Text(), 0
    for match in _MARK.finditer(snippet):
        text.append(html.unescape(snippet[last:match.start()]))
        text.append(html.unescape(match.group(1)), style="bold yellow")
        last = match.end()
    text.append(html.unescape(snippet[last:]))
    return text


def _megabytes(orphans: list[Orphan]) -> str:
    return f"{sum(o.bytes for o in orphans) / 1e6:.1f} MB"


def _removed(orphans: list[Orphan]) -> None:
    if orphans:
        click.echo(f"Removed {len(orphans)} orphaned index generation{'s' if len(orphans) != 1 else ''} "
                   f"({_megabytes(orphans)}).")


@search_group.command("check")
@click.option("--clean", is_flag=True, help="Remove orphaned index generations (left by a killed rebuild).")
def check(clean: bool) -> None:
    """Report documents missing, stale or extra in the index (exit 1 if any), and orphaned index
    generations a killed rebuild left behind (removed with --clean)."""
    with _search() as search, _progress_bar("Checking") as progress:
        report = maintenance.check(search.sync, progress, clean=clean)
    for drift in report.workspaces:
        name = drift.slug or f"{drift.workspace_id} (no longer in the database)"
        state = "OK" if drift.ok else (f"{len(drift.missing)} missing, {len(drift.stale)} stale, "
                                       f"{len(drift.extra)} extra")
        click.echo(f"{name}: {drift.documents:,} documents, {state}")
        for label, keys in (("missing", drift.missing), ("stale", drift.stale), ("extra", drift.extra)):
            for key in keys[:20]:
                click.echo(f"  {label}: {key}")
            if len(keys) > 20:
                click.echo(f"  … and {len(keys) - 20:,} more {label}")
    for row in report.failed:
        click.echo(f"outbox row {row.id} ({row.kind} {row.ref}) cannot be applied: {row.error}")
    if report.pending:
        click.echo(f"{report.pending:,} outbox rows were written during the check and wait to be applied.")
    if report.cleaned:
        _removed(report.orphans)
    elif report.orphans:
        for orphan in report.orphans:
            click.echo(f"orphaned: {orphan.where} ({orphan.bytes / 1e6:.1f} MB)")
        click.echo(f"{len(report.orphans)} orphaned index generation{'s' if len(report.orphans) != 1 else ''} "
                   f"({_megabytes(report.orphans)}), left by rebuilds that never finished: "
                   "`insightrepo search check --clean` removes them.")
    if not report.ok:
        raise click.ClickException("the index has drifted from the database: run `insightrepo search reindex`")
    click.echo("OK: the index matches the database.")


@search_group.command("reindex")
@click.option("--workspace", "slugs", multiple=True, metavar="SLUG", help="Only this workspace (repeatable).")
def reindex(slugs: tuple[str, ...]) -> None:
    """Rebuild the index from the database beside the live one, and swap it in when complete."""
    with _search() as search, _progress_bar("Indexing") as progress:
        _removed(maintenance.remove_orphans(search.sync))
        written = maintenance.reindex(search.sync, list(slugs) or None, progress)
    missing = sorted(set(slugs) - set(written))
    if missing:
        raise click.ClickException(f"no such workspace: {', '.join(missing)}")
    total = sum(written.values())
    click.echo(f"Reindexed {len(written)} workspace{'s' if len(written) != 1 else ''}: {total:,} documents.")


def drain_after_command() -> None:
    """Index work a command committed (an import, a restore, the demo) reaches the index before the
    command ends, instead of waiting for the next server start."""
    if not COMMITTED_WORK.is_set():
        return
    COMMITTED_WORK.clear()
    with _search() as search:
        search.sync.drain(wait=True)


def ensure_index() -> str:
    """For `insightrepo init`: the index of every workspace exists and holds the outbox's work."""
    with _search() as search, _progress_bar("Indexing") as progress:
        _removed(maintenance.remove_orphans(search.sync))
        built = maintenance.build_missing(search.sync, progress)
        where = "in the database" if search.index.name == "postgresql" else settings().index_dir
    return f"Search index ready ({where}{f'; built {built} workspace index(es)' if built else ''})."
