from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.journeys import (
    FindingPageSchema,
    JourneyCreateSchema,
    JourneyListArgsSchema,
    JourneyPageSchema,
    JourneyPatchSchema,
    JourneySchema,
)
from insightrepo.api.schemas.common import ErrorSchema, page_of
from insightrepo.db import current_session
from insightrepo.journeys import journeys
from insightrepo.journeys.map_evidence import map_evidence
from insightrepo.journeys.map_health import check_health

blp = Blueprint("api-journeys", __name__, description="Journey maps")


@blp.route("/workspaces/<slug>/journeys")
class Journeys(MethodView):
    @blp.arguments(JourneyListArgsSchema, location="query")
    @blp.response(200, JourneyPageSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, args, slug):
        """The workspace's journeys (archived ones with `archived=true`), most recently edited first."""
        session = current_session()
        page = journeys.list_journeys(session, actor(), slug, args["archived"], args["page"], args["per_page"])
        return page.__dict__

    @blp.arguments(JourneyCreateSchema)
    @blp.response(201, JourneySchema)
    @blp.alt_response(403, schema=ErrorSchema)
    def post(self, data, slug):
        """Start a journey map (editors)."""
        session = current_session()
        return journeys.create_journey(session, actor(), slug, data)


@blp.route("/journeys/<journey_id>")
class JourneyItem(MethodView):
    @blp.response(200, JourneySchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, journey_id):
        """The whole map: the journey, its phases in order, each with its steps in order."""
        session = current_session()
        return journeys.get_journey(session, actor(), journey_id)

    @blp.arguments(JourneyPatchSchema)
    @blp.response(200, JourneySchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Stale version")
    def patch(self, data, journey_id):
        """Edit the journey's fields; `archived` archives or restores it."""
        version = data.pop("version")
        session = current_session()
        return journeys.update_journey(session, actor(), journey_id, version, data)


@blp.route("/journeys/<journey_id>/health")
@blp.response(200, FindingPageSchema)
@blp.alt_response(404, schema=ErrorSchema)
def health(journey_id):
    """The map health check: the method's rules of thumb, each finding naming what it is about."""
    session = current_session()
    journey = journeys.get_journey(session, actor(), journey_id)
    findings = [f.__dict__ for f in check_health(journey, map_evidence(session, journey))]
    return page_of(findings, {"page": 1, "per_page": max(len(findings), 1)})
