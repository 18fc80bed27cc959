"""Quotes, narratives and jobs: the same routes for each kind, made by one function."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.evidence import (
    DeleteArgsSchema,
    EvidenceListArgsSchema,
    JobCreateSchema,
    JobPageSchema,
    JobPatchSchema,
    JobSchema,
    NarrativeCreateSchema,
    NarrativePageSchema,
    NarrativePatchSchema,
    NarrativeSchema,
    QuoteCreateSchema,
    QuotePageSchema,
    QuotePatchSchema,
    QuoteSchema,
    StepEvidenceSchema,
)
from insightrepo.api.schemas.common import ErrorSchema
from insightrepo.db import current_session
from insightrepo.evidence import evidence
from insightrepo.evidence.evidence import Kind

blp = Blueprint("api-evidence", __name__, description="The evidence library: quotes, narratives, jobs to be done")


def filters_of(args: dict) -> dict:
    return {**args, "from": args.get("from_")}


def _routes(kind: Kind, create_schema, patch_schema, item_schema, page_schema) -> None:
    noun = kind.name

    @blp.route(f"/workspaces/<slug>/{kind.plural}", endpoint=f"{kind.plural}")
    class Collection(MethodView):
        @blp.arguments(EvidenceListArgsSchema, location="query")
        @blp.response(200, page_schema)
        @blp.alt_response(404, schema=ErrorSchema)
        def get(self, args, slug):
            session = current_session()
            page = evidence.list_items(session, actor(), kind, slug, filters_of(args), args["page"], args["per_page"])
            return page.__dict__

        @blp.arguments(create_schema)
        @blp.response(201, item_schema)
        @blp.alt_response(403, schema=ErrorSchema)
        def post(self, data, slug):
            session = current_session()
            return evidence.create_item(session, actor(), kind, slug, data)

    @blp.route(f"/{kind.plural}/<item_id>", endpoint=f"{noun}")
    class Item(MethodView):
        @blp.response(200, item_schema)
        @blp.alt_response(404, schema=ErrorSchema)
        def get(self, item_id):
            session = current_session()
            return evidence.item_for(session, actor(), kind, item_id)

        @blp.arguments(patch_schema)
        @blp.response(200, item_schema)
        @blp.alt_response(409, schema=ErrorSchema, description="Stale version")
        def patch(self, data, item_id):
            version = data.pop("version")
            session = current_session()
            return evidence.update_item(session, actor(), kind, item_id, version, data)

        @blp.arguments(DeleteArgsSchema, location="query")
        @blp.response(204)
        @blp.alt_response(409, schema=ErrorSchema, description="Linked to steps; needs force=true")
        def delete(self, args, item_id):
            session = current_session()
            evidence.delete_item(session, actor(), kind, item_id, force=args["force"])

    Collection.get.__doc__ = f"The workspace's {kind.plural}, filtered by tag, participant, step, journey, sentiment, date."
    Collection.post.__doc__ = f"Add a {noun}; `step_ids` links it to steps."
    Item.get.__doc__ = f"One {noun}."
    Item.patch.__doc__ = f"Edit a {noun}; `step_ids` and `tags` replace the current ones."
    Item.delete.__doc__ = f"Delete a {noun}; a linked one needs `force=true` (the steps stay)."


_routes(evidence.QUOTES, QuoteCreateSchema, QuotePatchSchema, QuoteSchema, QuotePageSchema)
_routes(evidence.NARRATIVES, NarrativeCreateSchema, NarrativePatchSchema, NarrativeSchema, NarrativePageSchema)
_routes(evidence.JOBS, JobCreateSchema, JobPatchSchema, JobSchema, JobPageSchema)


@blp.route("/steps/<step_id>/evidence")
@blp.response(200, StepEvidenceSchema)
@blp.alt_response(404, schema=ErrorSchema)
def step_evidence(step_id):
    """The quotes, narratives and jobs that support a step."""
    session = current_session()
    return evidence.evidence_for_step(session, actor(), step_id)
