"""The `insightrepo` command line (click)."""

from __future__ import annotations

import click

from insightrepo.cli import accounts, backup, database, migrate, search, server, timeline, imports


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="insightrepo")
def cli() -> None:
    """InsightRepo: journeys, evidence and experiments on a versioned timeline."""


cli.add_command(server.init)
cli.add_command(server.serve)
cli.add_command(server.demo)
cli.add_command(database.db)
cli.add_command(accounts.user)
cli.add_command(accounts.token)
cli.add_command(backup.export)
cli.add_command(imports.import_group)
cli.add_command(search.search_group)
cli.add_command(timeline.timeline_group)
cli.add_command(migrate.migrate_to_command)
imports.import_group.add_command(backup.import_workspace)


@cli.result_callback()
def _index_what_was_written(*_results, **_options) -> None:
    search.drain_after_command()


def main() -> None:
    cli(prog_name="insightrepo")
