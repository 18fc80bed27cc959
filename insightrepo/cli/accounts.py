"""`insightrepo user …` and `insightrepo token …`."""

from __future__ import annotations

import sys

import click

from insightrepo.cli.context import unit_of_work
from insightrepo.models import ROLES
from insightrepo.accounts import users, api_tokens
from insightrepo.workspaces import members, workspaces
from insightrepo.errors import NotFound


@click.group()
def user() -> None:
    """Manage user accounts."""


@user.command("create")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from the first line of standard input.")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--workspace", "slug", help="Add the user to this workspace (created if missing).")
@click.option("--role", type=click.Choice(ROLES),
              help="Role in --workspace [default: admin of a new workspace, else editor].")
def create_user(email: str, password_stdin: bool, display_name: str, slug: str | None, role: str | None) -> None:
    """Create a user account (there is no open sign-up)."""
    password = sys.stdin.readline().rstrip("\r\n")
    if role and not slug:
        raise click.UsageError("--role needs --workspace")
    with unit_of_work() as session:
        new_user = users.create_user(session, email, password, display_name)
        click.echo(f"Created user {new_user.email}.")
        if slug:
            workspace = workspaces.find_workspace(session, slug)
            if workspace is None:
                workspace = workspaces.create_workspace(session, None, slug, slug)
                click.echo(f"Created workspace {slug}.")
                role = role or "admin"
            members.add_member(session, None, slug, new_user.email, role or "editor")
            click.echo(f"{new_user.email} is {role or 'editor'} in {slug}.")


@click.group()
def token() -> None:
    """Manage API tokens."""


@token.command("create")
@click.argument("email")
@click.option("--name", default="", help="What the token is for.")
def create_token(email: str, name: str) -> None:
    """Create an API token for EMAIL; the token is the last line printed."""
    with unit_of_work() as session:
        owner = users.find_user_by_email(session, email)
        if owner is None:
            raise NotFound(f"No user with email {email}.")
        created, secret = api_tokens.create_token(session, owner, name)
        click.echo(f"Created token “{created.name}” for {owner.email}. It is shown only once:", err=True)
    click.echo(secret)
