from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.evidence import filters_of
from insightrepo.api.schemas.evidence import (
    DeleteArgsSchema,
    ParticipantCreateSchema,
    ParticipantListArgsSchema,
    ParticipantPageSchema,
    ParticipantPatchSchema,
    ParticipantSchema,
)
from insightrepo.api.schemas.common import ErrorSchema
from insightrepo.db import current_session
from insightrepo.evidence import participants

blp = Blueprint("api-participants", __name__, description="Research participants (pseudonymous)")


@blp.route("/workspaces/<slug>/participants")
class Participants(MethodView):
    @blp.arguments(ParticipantListArgsSchema, location="query")
    @blp.response(200, ParticipantPageSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, args, slug):
        """The workspace's participants by code."""
        session = current_session()
        page = participants.list_participants(session, actor(), slug, filters_of(args), args["page"], args["per_page"])
        return page.__dict__

    @blp.arguments(ParticipantCreateSchema)
    @blp.response(201, ParticipantSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="The code is taken")
    def post(self, data, slug):
        """Add a participant."""
        session = current_session()
        return participants.create_participant(session, actor(), slug, data)


@blp.route("/participants/<participant_id>")
class ParticipantItem(MethodView):
    @blp.response(200, ParticipantSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, participant_id):
        session = current_session()
        return participants.participant_for(session, actor(), participant_id)

    @blp.arguments(ParticipantPatchSchema)
    @blp.response(200, ParticipantSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Stale version, or the code is taken")
    def patch(self, data, participant_id):
        version = data.pop("version")
        session = current_session()
        return participants.update_participant(session, actor(), participant_id, version, data)

    @blp.arguments(DeleteArgsSchema, location="query")
    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description="Quoted in the library; needs force=true")
    def delete(self, args, participant_id):
        """Delete a participant; one with quotes or stories needs `force=true` (they stay, unattributed)."""
        session = current_session()
        participants.delete_participant(session, actor(), participant_id, force=args["force"])
