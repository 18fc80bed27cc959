"""`insightrepo db …`: the schema, through the Alembic scripts."""

from __future__ import annotations

import click

from insightrepo import schema_migrations
from insightrepo.cli.context import database


@click.group()
def db() -> None:
    """Create, upgrade and inspect the database schema."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: the newest)."""
    with database() as database_:
        schema_migrations.upgrade(database_.bind, revision)
        click.echo(f"Database at revision {schema_migrations.current_revision(database_.bind)}.")


@db.command()
@click.argument("revision", default="-1")
def downgrade(revision: str) -> None:
    """Downgrade the database to REVISION (default: one step back; `base` empties it)."""
    with database() as database_:
        schema_migrations.downgrade(database_.bind, revision)
        click.echo(f"Database at revision {schema_migrations.current_revision(database_.bind) or 'base (empty)'}.")


@db.command()
def current() -> None:
    """Print the database's revision and the newest one this version knows."""
    with database() as database_:
        click.echo(f"current: {schema_migrations.current_revision(database_.bind) or 'base (empty)'}")
        click.echo(f"head:    {schema_migrations.head_revision()}")


@db.command()
def check() -> None:
    """Exit 1 unless the database is at the newest revision and matches the models."""
    with database() as database_:
        current_rev, head = schema_migrations.current_revision(database_.bind), schema_migrations.head_revision()
        if current_rev != head:
            raise click.ClickException(f"database at {current_rev or 'base'}, code at {head}: run `insightrepo db upgrade`")
        differences = schema_migrations.drift(database_.bind)
        if differences:
            for difference in differences:
                click.echo(f"drift: {difference}", err=True)
            raise click.ClickException(f"{len(differences)} difference(s) between the models and the database")
        click.echo(f"OK: database at {head}, no drift.")
