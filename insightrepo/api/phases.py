from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.journeys import (
    PhaseCreateSchema,
    PhaseDeleteArgsSchema,
    PhasePatchSchema,
    PhaseSchema,
)
from insightrepo.api.schemas.common import ErrorSchema
from insightrepo.db import current_session
from insightrepo.journeys import phases

blp = Blueprint("api-phases", __name__, description="Phases of a journey")


@blp.route("/journeys/<journey_id>/phases", methods=["POST"])
@blp.arguments(PhaseCreateSchema)
@blp.response(201, PhaseSchema)
@blp.alt_response(404, schema=ErrorSchema)
def create(data, journey_id):
    """Add a phase (at `position`, default last)."""
    session = current_session()
    return phases.add_phase(session, actor(), journey_id, data)


@blp.route("/phases/<phase_id>")
class PhaseItem(MethodView):
    @blp.arguments(PhasePatchSchema)
    @blp.response(200, PhaseSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Stale version")
    def patch(self, data, phase_id):
        """Edit a phase; `position` moves it."""
        version = data.pop("version")
        session = current_session()
        return phases.update_phase(session, actor(), phase_id, version, data)

    @blp.arguments(PhaseDeleteArgsSchema, location="query")
    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description="The phase still has steps")
    def delete(self, args, phase_id):
        """Delete a phase; one that still has steps needs `cascade=true`."""
        session = current_session()
        phases.delete_phase(session, actor(), phase_id, cascade=args["cascade"])
