"""`insightrepo init`, `serve` and `demo`."""

from __future__ import annotations

import click

from insightrepo import schema_migrations
from insightrepo.cli.context import database, reported_errors, settings, unit_of_work
from insightrepo.cli.search import ensure_index
from insightrepo.demo import demo_logins, load_demo
from insightrepo.i18n import gettext
from insightrepo.search.engine import current_search


def _init() -> None:
    with database() as db:
        before = schema_migrations.current_revision(db.bind)
        schema_migrations.upgrade(db.bind)
        after = schema_migrations.current_revision(db.bind)
    state = "up to date" if before == after else f"upgraded {before or 'empty'} → {after}"
    click.echo(f"Database {state} ({settings().sqlalchemy_url.split('@')[-1]}).")
    click.echo(ensure_index())


@click.command()
def init() -> None:
    """Create or upgrade the database and the search index (safe to run again)."""
    _init()


def _serve(host: str | None, port: int | None) -> None:
    from insightrepo import create_app

    config = settings()
    host = host or config.host
    port = port or config.port
    with reported_errors():
        app = create_app()  # fails fast, with one line, on bad settings or an old schema
    if config.is_production:
        from insightrepo.wsgi_server import run_gunicorn

        app.extensions["insightrepo.db"].dispose()
        current_search(app).close()  # each worker opens its own index files
        run_gunicorn(host, port, config.workers)
    else:
        click.echo(f"Serving on http://{host}:{port}/ (development server; "
                   "set INSIGHTREPO_ENV=production for gunicorn)")
        app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


@click.command()
@click.option("--host", help="Address to listen on [default: from settings, 127.0.0.1].")
@click.option("--port", type=int, help="Port to listen on [default: from settings, 5000].")
def serve(host: str | None, port: int | None) -> None:
    """Serve the web app and API (gunicorn when INSIGHTREPO_ENV=production)."""
    _serve(host, port)


@click.command()
@click.option("--host", help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", type=int, help="Port to listen on [default: 5000].")
@click.option("--no-serve", is_flag=True, help="Only set up the demo; do not start the server.")
def demo(host: str | None, port: int | None, no_serve: bool) -> None:
    """Set up the demo workspace, print the login and serve it."""
    _init()
    with unit_of_work() as session:
        login = load_demo(session)
    config = settings()
    address = f"http://{host or config.host}:{port or config.port}/"
    click.echo("")
    click.echo(f"  {gettext('Open')}     {address}")
    for each in demo_logins():
        click.echo("")
        click.echo("  " + (gettext("The Swedish plant shop, with the interface in Swedish:") if each.locale == "sv" else
                           gettext("The English B2B billing team (and the plant shop), with the interface in English:")))
        # "Email" and "Password" start the lines .ci/run reads (the first login is the one it tries).
        click.echo(f"  Email    {each.email}")
        click.echo(f"  Password {each.password}")
    click.echo("")
    if not no_serve:
        _serve(host, port)
