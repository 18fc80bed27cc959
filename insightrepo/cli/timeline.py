"""`insightrepo timeline check`."""

from __future__ import annotations

import click

from insightrepo.cli.context import unit_of_work
from insightrepo.timeline.integrity import check_timeline

SHOWN = 20


@click.group("timeline")
def timeline_group() -> None:
    """Check the stored snapshots."""


@timeline_group.command("check")
def check() -> None:
    """Read every snapshot object against its hash; list what is damaged and exit 1 if anything is."""
    with unit_of_work() as session:
        report = check_timeline(session)
    for damage in report.damaged:
        click.echo(f"object {damage.digest} ({damage.kind}): {damage.problem}")
        for label in damage.snapshots[:SHOWN]:
            click.echo(f"  in snapshot {label}")
        if len(damage.snapshots) > SHOWN:
            click.echo(f"  … and {len(damage.snapshots) - SHOWN:,} more snapshots")
    if not report.ok:
        raise click.ClickException(
            f"{len(report.damaged):,} of {report.objects:,} snapshot objects are damaged: the snapshots listed "
            "are refused until the database is restored from a backup")
    click.echo(f"OK: {report.snapshots:,} snapshots, {report.objects:,} objects; all objects match their hashes.")
