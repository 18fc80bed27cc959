"""Schemas of the search route."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from insightrepo.api.schemas.common import Day, StrictSchema
from insightrepo.models.evidence import SENTIMENTS
from insightrepo.models.journey import MARKERS
from insightrepo.search.engine import current_search
from insightrepo.search.port import FACETS, SCOPES, SORTS, TYPES
from insightrepo.search.searching import MAX_PAGE

_ID = {"validate": validate.Length(max=64)}


class SearchArgsSchema(StrictSchema):
    q = fields.String(load_default="", metadata={
        "description": 'What to find: words, "exact phrases", prefix*, tag:…, participant:…, type:…, '
                       "sentiment:…, marker:…, year:…, AND / OR / NOT. Empty: everything that passes the filters."})
    type = fields.List(fields.String(validate=validate.OneOf(TYPES)), load_default=list,
                       metadata={"description": "Only these types (repeat for several)"})
    journey = fields.String(**_ID, metadata={"description": "journey id"})
    phase = fields.String(**_ID, metadata={"description": "phase id"})
    step = fields.String(**_ID, metadata={"description": "step id"})
    tag = fields.String(validate=validate.Length(max=60), metadata={"description": "tag name (any case)"})
    participant = fields.String(validate=validate.Length(max=40), metadata={"description": "participant code"})
    sentiment = fields.String(validate=validate.OneOf(SENTIMENTS))
    marker = fields.String(validate=validate.OneOf(MARKERS))
    year = fields.Integer(validate=validate.Range(min=1900, max=2200), strict=False)
    from_ = Day(data_key="from", metadata={"description": "dated items from this day on"})
    to = Day(metadata={"description": "dated items up to this day"})
    scope = fields.String(load_default="live", validate=validate.OneOf(SCOPES),
                          metadata={"description": "live: the data as it is now; history: what the snapshots hold"})
    sort = fields.String(load_default="relevance", validate=validate.OneOf(SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=None, validate=validate.Range(min=1, max=100))

    @validates_schema
    def _bounded(self, data, **_):
        search = current_search()
        if len(data.get("q", "")) > search.max_query_length:
            raise ValidationError(f"q must be at most {search.max_query_length} characters", "q")
        if data.get("from_") and data.get("to") and data["from_"] > data["to"]:
            raise ValidationError("from must not be after to", "from")


class SearchHitSchema(StrictSchema):
    type = fields.String(metadata={"description": ", ".join(TYPES)})
    id = fields.String(metadata={"description": "the item's id"})
    title = fields.String()
    snippet = fields.String(metadata={"description": "HTML: the text around the matched words, escaped, "
                                                     "matched words in <mark>"})
    score = fields.Float(allow_none=True, metadata={"description": "relevance (BM25F); null when sorted by date"})
    journey_id = fields.String(allow_none=True)
    step_id = fields.String(allow_none=True)
    snapshot_id = fields.String(allow_none=True, metadata={"description": "history: the latest snapshot holding "
                                                                          "this version"})
    date = Day(allow_none=True, metadata={"description": "the item's date; history: the snapshot's date"})
    scope = fields.String(metadata={"description": "live or history"})
    tags = fields.List(fields.String())
    participant = fields.String(allow_none=True)
    snapshot_label = fields.String(allow_none=True)
    first_date = Day(allow_none=True, metadata={"description": "history: the first snapshot holding it"})
    snapshot_count = fields.Integer(metadata={"description": "history: how many snapshots hold this version"})


class FacetValueSchema(StrictSchema):
    value = fields.String(metadata={"description": "what to pass as the filter of the same name"})
    label = fields.String()
    count = fields.Integer()


class IndexingSchema(StrictSchema):
    pending = fields.Integer(metadata={"description": "new or changed items still to be indexed"})
    done = fields.Integer(metadata={"description": "items indexed since the index began catching up"})


class SearchResultsSchema(StrictSchema):
    total = fields.Integer()
    total_is_estimate = fields.Boolean(metadata={
        "description": "true when total is an estimate (\"about N\"): the PostgreSQL search estimates a total above "
                       "its search_estimate_above setting (5,000 by default) from a sample of the hits, rounded to "
                       "two significant digits, and the facet counts from the same sample; false when every hit "
                       "was counted"})
    page = fields.Integer()
    per_page = fields.Integer()
    items = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Dict(keys=fields.String(validate=validate.OneOf(FACETS)),
                         values=fields.List(fields.Nested(FacetValueSchema)))
    suggestion = fields.String(allow_none=True, metadata={"description": "a corrected query, when it finds more"})
    indexing = fields.Nested(IndexingSchema, allow_none=True, metadata={
        "description": "null when the index is up to date; while it catches up with an import or a restore, "
                       "how far it is — the results may be incomplete until pending is 0"})
