from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.common import (
    ErrorSchema,
    MemberAddedSchema,
    MemberCreateSchema,
    MemberPageSchema,
    MemberPatchSchema,
    MemberSchema,
    PageArgsSchema,
    page_of,
)
from insightrepo.config import current_settings
from insightrepo.db import current_session
from insightrepo.workspaces import members

blp = Blueprint("api-members", __name__, description="Members of a workspace and their roles")


def member_body(m) -> dict:
    return {"user_id": m.user_id, "email": m.user.email, "display_name": m.user.display_name,
            "role": m.role, "joined_at": m.created_at, "version": m.version}


@blp.route("/workspaces/<slug>/members")
class Members(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, MemberPageSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, args, slug):
        session = current_session()
        _, rows = members.list_members(session, actor(), slug)
        return page_of([member_body(m) for m in rows], args)

    @blp.arguments(MemberCreateSchema)
    @blp.response(201, MemberAddedSchema)
    @blp.alt_response(403, schema=ErrorSchema, description="Only admins add members")
    @blp.alt_response(409, schema=ErrorSchema, description="Already a member")
    def post(self, data, slug):
        """Invite someone (the link is returned once). The answer is the same whether or not an
        account has the email; an account joins when it accepts (GET /api/v1/me/invitations)."""
        days = current_settings().invitation_days
        session = current_session()
        added = members.add_member(session, actor(), slug, data["email"], data["role"], days)
        if added.membership is not None:
            return {"member": member_body(added.membership), "invitation": None}
        invitation = added.invitation
        return {"member": None, "invitation": {
            "id": invitation.id, "email": invitation.email, "role": invitation.role,
            "expires_at": invitation.expires_at,
            "url": url_for("auth.accept_invitation", secret=added.invitation_secret, _external=True)}}


@blp.route("/workspaces/<slug>/members/<user_id>")
class MemberItem(MethodView):
    @blp.arguments(MemberPatchSchema)
    @blp.response(200, MemberSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Stale version, or the last admin")
    def patch(self, data, slug, user_id):
        """Change a member's role (admins)."""
        session = current_session()
        return member_body(members.change_role(session, actor(), slug, user_id, data["role"], data["version"]))

    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description="The last admin cannot leave")
    def delete(self, slug, user_id):
        """Remove a member (admins), or leave (yourself)."""
        session = current_session()
        members.remove_member(session, actor(), slug, user_id)
