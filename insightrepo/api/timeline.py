"""Snapshots, comparisons, the change log, restore and backdated maps."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.evidence import filters_of
from insightrepo.api.schemas.common import ErrorSchema, PageArgsSchema, page_of
from insightrepo.api.schemas.timeline import (
    ChangeListArgsSchema,
    ChangePageSchema,
    CompareArgsSchema,
    ComparisonSchema,
    FrozenMapSchema,
    JourneyImportedSchema,
    JourneyImportSchema,
    RestoreResultSchema,
    SnapshotCreateSchema,
    SnapshotPageSchema,
    SnapshotSchema,
    StepLifeSchema,
)
from insightrepo.db import current_session
from insightrepo.journeys import journeys
from insightrepo.timeline import (
    backdating,
    change_history,
    comparison,
    restore,
    snapshots,
)

blp = Blueprint("api-timeline", __name__, description="The timeline: snapshots, compare, change log, restore")


@blp.route("/journeys/<journey_id>/snapshots")
class Snapshots(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, SnapshotPageSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, args, journey_id):
        """The journey's timeline, ordered by `as_of`, then creation."""
        session = current_session()
        return page_of(snapshots.list_snapshots(session, actor(), journey_id), args)

    @blp.arguments(SnapshotCreateSchema)
    @blp.response(201, SnapshotSchema)
    @blp.alt_response(200, schema=SnapshotSchema, description="The map is unchanged and `as_of` is the latest's: that snapshot")
    @blp.alt_response(403, schema=ErrorSchema)
    def post(self, data, journey_id):
        """Freeze the live map with everything linked to it."""
        session = current_session()
        taken = snapshots.take_snapshot(session, actor(), journey_id, data)
        return taken.snapshot, 201 if taken.created else 200


@blp.route("/snapshots/<snapshot_id>")
@blp.response(200, FrozenMapSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_snapshot(snapshot_id):
    """The frozen map, in the shape of GET /api/v1/journeys/{id}, plus label, as_of, note, created_at, created_by."""
    session = current_session()
    snapshot = snapshots.snapshot_for(session, actor(), snapshot_id)
    body = snapshots.frozen_map(session, snapshot)
    return {**body, "id": snapshot_id}


_A_SNAPSHOT = {"type": "string", "not": {"enum": ["live"]}}  # `live` needs a journey: /journeys/{id}/compare


@blp.route("/snapshots/<a>/compare/<b>", parameters=[
    {"in": "path", "name": "a", "required": True, "schema": _A_SNAPSHOT, "description": "A snapshot id (not `live`)"},
    {"in": "path", "name": "b", "required": True, "schema": _A_SNAPSHOT, "description": "A snapshot id (not `live`)"},
])
@blp.response(200, ComparisonSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema, description="`live` on either side (it needs a journey: use "
                  "/journeys/{id}/compare), or snapshots of two different journeys")
def compare_snapshots(a, b):
    """What changed from snapshot `a` to snapshot `b`."""
    session = current_session()
    return comparison.compare_refs(session, actor(), a, b)


@blp.route("/journeys/<journey_id>/compare")
@blp.arguments(CompareArgsSchema, location="query")
@blp.response(200, ComparisonSchema)
@blp.alt_response(404, schema=ErrorSchema)
def compare_in_journey(args, journey_id):
    """What changed between two states of the map; `from` and `to` are snapshot ids or `live`."""
    session = current_session()
    return comparison.compare_refs(session, actor(), args["from_"], args["to"], journey_id)


@blp.route("/journeys/<journey_id>/changes")
@blp.arguments(ChangeListArgsSchema, location="query")
@blp.response(200, ChangePageSchema)
@blp.alt_response(404, schema=ErrorSchema)
def changes(args, journey_id):
    """The journey's change log, newest first; filter by actor, entity, date."""
    session = current_session()
    return change_history.list_changes(session, actor(), journey_id, filters_of(args),
                                   args["page"], args["per_page"]).__dict__


@blp.route("/steps/<step_id>/history")
@blp.response(200, StepLifeSchema)
@blp.alt_response(404, schema=ErrorSchema)
def step_history(step_id):
    """A step's life: its edits and its state in every snapshot."""
    session = current_session()
    return change_history.step_life(session, actor(), step_id)


@blp.route("/snapshots/<snapshot_id>/restore", methods=["POST"])
@blp.response(200, RestoreResultSchema)
@blp.alt_response(403, schema=ErrorSchema)
def restore_snapshot(snapshot_id):
    """Make the live map equal to the snapshot (a safety snapshot of the live map is taken first
    if it is not on the timeline)."""
    session = current_session()
    journey, safety = restore.restore_snapshot(session, actor(), snapshot_id)
    return {"journey_id": journey.id, "safety_snapshot": safety}


@blp.route("/workspaces/<slug>/journeys/import", methods=["POST"])
@blp.arguments(JourneyImportSchema)
@blp.response(201, JourneyImportedSchema)
@blp.alt_response(403, schema=ErrorSchema)
def import_journey(data, slug):
    """Enter an old map: a new journey (new ids) whose first snapshot carries `as_of`."""
    session = current_session()
    taken = backdating.import_journey(session, actor(), slug, data)
    journey = journeys.get_journey(session, actor(), taken.snapshot.journey_id)
    return {"journey_id": journey.id, "journey": journey, "snapshot": taken.snapshot}
