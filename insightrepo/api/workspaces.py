from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.common import (
    ErrorSchema,
    PageArgsSchema,
    page_of,
    WorkspacePageSchema,
    WorkspacePatchSchema,
    WorkspaceSchema,
)
from insightrepo.db import current_session
from insightrepo.workspaces import access, workspaces

blp = Blueprint("api-workspaces", __name__, description="Workspaces: a team's space")


def _with_role(session, workspace):
    member = access.membership(session, actor(), workspace)
    return {**_plain(workspace), "role": member.role if member else None}


@blp.route("/workspaces")
class Workspaces(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, WorkspacePageSchema)
    def get(self, args):
        """The workspaces you belong to."""
        session = current_session()
        rows = workspaces.list_workspaces(session, actor())
        return page_of([{**_plain(w), "role": role} for w, role in rows], args)

    @blp.arguments(WorkspaceSchema)
    @blp.response(201, WorkspaceSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="The slug is taken")
    def post(self, data):
        """Create a workspace; you become its admin."""
        session = current_session()
        workspace = workspaces.create_workspace(session, actor(), data["name"], data["slug"], data["language"])
        return _with_role(session, workspace)


@blp.route("/workspaces/<slug>")
class WorkspaceItem(MethodView):
    @blp.response(200, WorkspaceSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, slug):
        session = current_session()
        return _with_role(session, workspaces.get_workspace(session, actor(), slug))

    @blp.arguments(WorkspacePatchSchema)
    @blp.response(200, WorkspaceSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Stale version")
    def patch(self, data, slug):
        """Rename a workspace or change its language (admins)."""
        session = current_session()
        workspace = workspaces.update_workspace(session, actor(), slug, data["version"],
                                                name=data.get("name"), language=data.get("language"))
        return _with_role(session, workspace)


def _plain(workspace) -> dict:
    return {c: getattr(workspace, c) for c in ("id", "slug", "name", "language", "created_at", "version")}
