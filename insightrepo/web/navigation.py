"""What every page's layout needs: the signed-in user's workspaces for the switcher, and how many
invitations wait for their answer."""

from __future__ import annotations

from flask import Flask, g, session
from flask_login import current_user

from insightrepo.db import current_session
from insightrepo.services.members import my_invitations
from insightrepo.services.workspaces import list_workspaces

CURRENT_WORKSPACE_KEY = "workspace"


def remember_workspace(slug: str) -> None:
    session[CURRENT_WORKSPACE_KEY] = slug


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
