"""Workspaces: a team's space with members and a language."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Membership, User, Workspace
from insightrepo.models.workspace import LANGUAGES
from insightrepo.workspaces.access import workspace_for
from insightrepo.errors import Conflict, Invalid, check_version
from insightrepo.field_checks import slug_problem, text_problem
from insightrepo.i18n import gettext


def _problems(name: str | None, slug: str | None, language: str | None) -> dict[str, str]:
    problems = {}
    if name is not None and (p := text_problem("name", name, 120)):
        problems["name"] = p
    if slug is not None and (p := slug_problem(slug)):
        problems["slug"] = p
    if language is not None and language not in LANGUAGES:
        problems["language"] = f"language must be one of {', '.join(LANGUAGES)}"
    return problems


def find_workspace(session: Session, slug: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.slug == slug))


def create_workspace(session: Session, actor: User | None, name: str, slug: str,
                     language: str = "en") -> Workspace:
    """Create a workspace; the actor (if any) becomes its first admin."""
    slug = (slug or "").strip().lower()
    if problems := _problems(name, slug, language):
        raise Invalid(problems)
    if find_workspace(session, slug) is not None:
        raise Conflict(gettext("That slug is taken."), {"fields": {"slug": gettext("already taken")}})
    workspace = Workspace(name=name.strip(), slug=slug, language=language)
    session.add(workspace)
    if actor is not None:
        session.add(Membership(workspace=workspace, user=actor, role="admin"))
    session.flush()
    return workspace


def list_workspaces(session: Session, actor: User) -> list[tuple[Workspace, str]]:
    """The actor's workspaces with the actor's role in each, by name."""
    rows = session.execute(
        select(Workspace, Membership.role)
        .join(Membership, Membership.workspace_id == Workspace.id)
        .where(Membership.user_id == actor.id)
        .order_by(Workspace.name)
    )
    return [(w, role) for w, role in rows]


def get_workspace(session: Session, actor: User | None, slug: str) -> Workspace:
    return workspace_for(session, actor, slug, "viewer")


def update_workspace(session: Session, actor: User | None, slug: str, version: int | None,
                     name: str | None = None, language: str | None = None) -> Workspace:
    workspace = workspace_for(session, actor, slug, "admin")
    check_version(workspace, version)
    if problems := _problems(name, None, language):
        raise Invalid(problems)
    if name is not None:
        workspace.name = name.strip()
    if language is not None:
        workspace.language = language
    session.flush()
    return workspace
