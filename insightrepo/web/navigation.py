"""What every page's layout needs: the signed-in user's workspaces for the switcher, how many
invitations wait for their answer, and the workspace the page belongs to.

A page belongs to the workspace its view passes to the template as ``workspace`` (the workspace
of the object it shows: a journey's, a step's, an import's…). That workspace sets the header —
the switcher, the menu, the search box and the page's language — and is remembered: in the
browser's session, so pages outside any workspace (API tokens, a new workspace) keep the one
shown last and signing in again in this browser lands there. Signing out keeps it on the user
(``User.last_workspace_id``; reading a page writes nothing), so signing in elsewhere lands there too."""

from __future__ import annotations

from flask import Flask, before_render_template, g, session
from flask_login import current_user
from sqlalchemy.orm import Session

from insightrepo.db import current_session
from insightrepo.workspaces.members import my_invitations
from insightrepo.models import User, Workspace
from insightrepo.workspaces.workspaces import list_workspaces

CURRENT_WORKSPACE_KEY = "workspace"


def remember_workspace(slug: str) -> None:
    session[CURRENT_WORKSPACE_KEY] = slug


def _page_workspace(app: Flask, template, context: dict, **_extra) -> None:
    """Before a template renders: its ``workspace`` is the header's, and the one remembered."""
    workspace = context.get("workspace")
    if isinstance(workspace, Workspace) and current_user.is_authenticated:
        context["current_workspace"] = workspace
        remember_workspace(workspace.slug)


def landing_workspace(user: User, slugs: dict[str, str]) -> str:
    """Where ``/`` leads: the workspace last shown in this browser, else the one ``user`` saw last
    anywhere, else their first; ``slugs`` maps each of the user's workspace ids to its slug."""
    last = session.get(CURRENT_WORKSPACE_KEY)
    if last in slugs.values():
        return last
    return slugs.get(user.last_workspace_id) or next(iter(slugs.values()))


def keep_last_workspace(db: Session, user: User) -> None:
    """On signing out: the workspace this browser showed last becomes ``user``'s, if they still belong to it."""
    slug = session.get(CURRENT_WORKSPACE_KEY)
    workspace = next((w for w, _ in list_workspaces(db, user) if w.slug == slug), None)
    if workspace is not None:
        user.last_workspace_id = workspace.id


def register_navigation(app: Flask) -> None:
    @app.context_processor
    def _navigation():
        if not current_user.is_authenticated:
            return {"my_workspaces": [], "current_workspace": None, "my_invitation_count": 0}
        if "my_workspaces" not in g:
            g.my_workspaces = list_workspaces(current_session(), current_user)
            g.my_invitation_count = len(my_invitations(current_session(), current_user))
        slug = session.get(CURRENT_WORKSPACE_KEY)
        current = next((w for w, _ in g.my_workspaces if w.slug == slug), None)
        return {"my_workspaces": g.my_workspaces, "current_workspace": current,
                "my_invitation_count": g.my_invitation_count}

    before_render_template.connect(_page_workspace, app)
