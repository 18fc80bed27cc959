"""`insightrepo migrate-to URL`: this installation's data into another (empty) database."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url

from insightrepo.backup import migrate_to
from insightrepo.cli.backup import progress_bar
from insightrepo.cli.context import database, reported_errors
from insightrepo.search import maintenance
from insightrepo.search.engine import database_synchroniser


@click.command("migrate-to")
@click.argument("url")
def migrate_to_command(url: str) -> None:
    """Copy everything this installation holds into the empty database at URL (e.g.
    postgresql+psycopg://user:pass@host/db) and build its PostgreSQL search index there. Nothing
    here changes; point INSIGHTREPO_DATABASE_URL at URL afterwards."""
    shown = make_url(url).render_as_string(hide_password=True) if "://" in url else url
    with database() as db, reported_errors(), progress_bar("Copying") as report:
        copied = migrate_to.copy_database(db, url, progress=report)
    click.echo(f"Copied {sum(copied.values()):,} rows of {len(copied)} tables to {shown}.")
    if make_url(url).get_backend_name() == "postgresql":
        from insightrepo import open_database

        target = open_database(url)
        try:
            with progress_bar("Indexing") as report:
                written = maintenance.reindex(database_synchroniser(target), progress=report)
        finally:
            target.dispose()
        click.echo(f"Search index built in the database: {sum(written.values()):,} documents "
                   f"in {len(written)} workspaces.")
        click.echo("Now set INSIGHTREPO_DATABASE_URL to that URL and INSIGHTREPO_SEARCH_BACKEND=postgresql "
                   "on every app server (docs/deployment.md).")
    else:
        click.echo("Set INSIGHTREPO_DATABASE_URL to that URL; `insightrepo init` builds the search index.")
