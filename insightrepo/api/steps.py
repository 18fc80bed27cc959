from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.journeys import StepCreateSchema, StepPatchSchema, StepSchema
from insightrepo.api.schemas.common import ErrorSchema
from insightrepo.db import current_session
from insightrepo.journeys import steps

blp = Blueprint("api-steps", __name__, description="Steps of a journey: touchpoints and what happens between them")


@blp.route("/phases/<phase_id>/steps", methods=["POST"])
@blp.arguments(StepCreateSchema)
@blp.response(201, StepSchema)
@blp.alt_response(404, schema=ErrorSchema)
def create(data, phase_id):
    """Add a step to a phase (at `position`, default last)."""
    session = current_session()
    return steps.add_step(session, actor(), phase_id, data)


@blp.route("/steps/<step_id>")
class StepItem(MethodView):
    @blp.response(200, StepSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, step_id):
        session = current_session()
        return steps.step_for(session, actor(), step_id)

    @blp.arguments(StepPatchSchema)
    @blp.response(200, StepSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Stale version")
    def patch(self, data, step_id):
        """Edit a step; `phase_id` and/or `position` move it, also to another phase. The id never changes."""
        version = data.pop("version")
        session = current_session()
        return steps.update_step(session, actor(), step_id, version, data)

    @blp.response(204)
    @blp.alt_response(404, schema=ErrorSchema)
    def delete(self, step_id):
        session = current_session()
        steps.delete_step(session, actor(), step_id)
