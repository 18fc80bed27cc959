from __future__ import annotations

from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.common import (
    ErrorSchema,
    MePatchSchema,
    MeSchema,
    MyInvitationPageSchema,
    MyWorkspaceSchema,
    PageArgsSchema,
    page_of,
)
from insightrepo.accounts import users
from insightrepo.db import current_session
from insightrepo.workspaces import members
from insightrepo.workspaces.workspaces import list_workspaces

blp = Blueprint("api-me", __name__, description="The calling user")


def _me(session, user):
    rows = list_workspaces(session, user)
    return {"id": user.id, "email": user.email, "display_name": user.display_name, "locale": user.locale,
            "workspaces": [{"slug": w.slug, "name": w.name, "role": role} for w, role in rows]}


@blp.route("/me")
@blp.response(200, MeSchema)
def get_me():
    """Who am I, and in which workspaces."""
    return _me(current_session(), actor())


@blp.route("/me", methods=["PATCH"])
@blp.arguments(MePatchSchema)
@blp.response(200, MeSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Not one of the interface's languages")
def patch_me(args):
    """Choose your interface language (the pages'; the API speaks English to tokens)."""
    session = current_session()
    user = users.set_locale(session, actor(), args["locale"])
    return _me(session, user)


@blp.route("/me/invitations")
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, MyInvitationPageSchema)
def my_invitations(args):
    """The open invitations to your email: accept or decline each."""
    session = current_session()
    rows = members.my_invitations(session, actor())
    return page_of([{"id": i.id, "workspace": i.workspace.slug, "workspace_name": i.workspace.name,
                     "role": i.role, "expires_at": i.expires_at} for i in rows], args)


@blp.route("/me/invitations/<invitation_id>/accept", methods=["POST"])
@blp.response(200, MyWorkspaceSchema)
@blp.alt_response(404, schema=ErrorSchema, description="Not an open invitation to you")
def accept_invitation(invitation_id):
    """Join the workspace with the invited role."""
    session = current_session()
    member = members.answer_invitation(session, actor(), invitation_id, accept=True)
    return {"slug": member.workspace.slug, "name": member.workspace.name, "role": member.role}


@blp.route("/me/invitations/<invitation_id>/decline", methods=["POST"])
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema, description="Not an open invitation to you")
def decline_invitation(invitation_id):
    """Say no: the invitation is gone and you are not added."""
    session = current_session()
    members.answer_invitation(session, actor(), invitation_id, accept=False)
