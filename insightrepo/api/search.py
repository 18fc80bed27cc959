"""Searching a workspace: GET /api/v1/workspaces/{slug}/search."""

from __future__ import annotations

from flask import jsonify
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.common import ErrorSchema
from insightrepo.api.schemas.search import SearchArgsSchema, SearchResultsSchema
from insightrepo.db import current_session
from insightrepo.search import searching
from insightrepo.search.engine import current_search

blp = Blueprint("api-search", __name__, description="Search: quotes, narratives, jobs, steps, journeys, experiments "
                                                      "and what the snapshots hold")


@blp.route("/workspaces/<slug>/search")
@blp.arguments(SearchArgsSchema, location="query")
@blp.response(200, SearchResultsSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema, description="A filter is not valid, or q is too long or asks for too "
                                                      "much (too many terms or prefix searches)")
@blp.alt_response(429, schema=ErrorSchema, description="You already have as many searches running as you may; "
                                                      "see Retry-After")
@blp.alt_response(503, schema=ErrorSchema, description="The search took longer than its time budget and was "
                                                      "stopped; see Retry-After")
def search(args, slug):
    """Search the workspace: hits with highlighted snippets, facet counts and a "did you mean"."""
    request = searching.search_request({**args, "from": args.get("from_")})
    session = current_session()
    found = searching.search(session, actor(), current_search(), slug, request,
                             args["per_page"])
    # Built as SearchResultsSchema documents it (a test holds the two together), not dumped
    # through it: marshmallow's field-by-field dump of every facet value was a fifth of a
    # search's time over HTTP (docs/benchmarks.md).
    return jsonify(as_json(found))


def _day(value) -> str | None:
    return value.isoformat() if value else None


def as_json(found: searching.Found) -> dict:
    results = found.results
    items = []
    for hit in results.hits:
        snapshot = found.snapshots.get(hit.snapshot_id) if hit.snapshot_id else None
        items.append({"type": hit.type, "id": hit.id, "title": found.title(hit), "snippet": hit.snippet,
                      "score": hit.score, "journey_id": hit.journey_id, "step_id": hit.step_id,
                      "snapshot_id": hit.snapshot_id, "date": _day(hit.date), "scope": hit.scope,
                      "tags": list(hit.tags), "participant": hit.participant,
                      "snapshot_label": snapshot.label if snapshot else None, "first_date": _day(hit.first_date),
                      "snapshot_count": hit.snapshot_count})
    facets = {name: [{"value": f.value, "label": found.label(name, f.value), "count": f.count} for f in counts]
              for name, counts in results.facets.items()}
    indexing = found.indexing
    return {"total": results.total, "total_is_estimate": results.total_is_estimate, "page": found.request.page, "per_page": found.per_page, "items": items,
            "facets": facets, "suggestion": results.suggestion,
            "indexing": {"pending": indexing.pending, "done": indexing.done} if indexing else None}
