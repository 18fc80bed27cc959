"""Schemas of the evidence library: participants, quotes, narratives, jobs and tags."""

from __future__ import annotations

from marshmallow import fields, validate

from insightrepo.api.schemas.common import (
    NOT_EMPTY,
    Day,
    PageArgsSchema,
    StrictSchema,
    UtcDateTime,
    page_schema,
)
from insightrepo.models.evidence import PARTICIPANT_METHODS, SENTIMENTS
from insightrepo.evidence.markdown_text import render_markdown
from insightrepo.evidence.personal_data import kinds_of_personal_data

_DATE = {"format": "date"}


class ParticipantFieldsSchema(StrictSchema):
    code = fields.String(metadata={"description": "Pseudonymous code such as P07 — never a name"})
    segment = fields.String()
    method = fields.String(validate=validate.OneOf(PARTICIPANT_METHODS))
    interviewed_on = Day(allow_none=True)
    note = fields.String()


class ParticipantCreateSchema(ParticipantFieldsSchema):
    code = fields.String(required=True, metadata=NOT_EMPTY)


class ParticipantPatchSchema(ParticipantFieldsSchema):
    version = fields.Integer(required=True)


class ParticipantSchema(ParticipantFieldsSchema):
    id = fields.String()
    created_at = UtcDateTime()
    version = fields.Integer()


class ParticipantListArgsSchema(PageArgsSchema):
    segment = fields.String()
    method = fields.String(validate=validate.OneOf(PARTICIPANT_METHODS))
    from_ = Day(data_key="from")
    to = Day()


class EvidenceListArgsSchema(PageArgsSchema):
    tag = fields.String(validate=validate.Length(max=60))
    participant = fields.String(validate=validate.Length(max=40), metadata={"description": "participant code"})
    step = fields.String(validate=validate.Length(max=64), metadata={"description": "step id"})
    journey = fields.String(validate=validate.Length(max=64), metadata={"description": "journey id"})
    sentiment = fields.String(validate=validate.OneOf(SENTIMENTS))
    from_ = Day(data_key="from")
    to = Day()


class DeleteArgsSchema(StrictSchema):
    force = fields.Boolean(load_default=False, metadata={"description": "Delete even if linked; the links go too"})


_TAGS = {"metadata": {"description": "Tag names (case-insensitive per workspace)"}}
_STEPS = {"metadata": {"description": "Ids of the steps this supports"}}
_PARTICIPANT = {"metadata": {"description": "Participant code; a new code creates the participant"}}


class QuoteFieldsSchema(StrictSchema):
    text = fields.String(metadata={"description": "The participant's verbatim words"})
    participant = fields.String(allow_none=True, **_PARTICIPANT)
    collected_on = Day(allow_none=True)
    source = fields.String(metadata={"description": "e.g. “interview 2026-03-04”"})
    language = fields.String()
    sentiment = fields.String(allow_none=True, metadata={"description": "positive, negative, neutral, mixed, or null"})
    tags = fields.List(fields.String(), **_TAGS)
    step_ids = fields.List(fields.String(), **_STEPS)


class QuoteCreateSchema(QuoteFieldsSchema):
    text = fields.String(required=True, metadata=NOT_EMPTY)


class QuotePatchSchema(QuoteFieldsSchema):
    version = fields.Integer(required=True)


class _EvidenceOut(StrictSchema):
    id = fields.String()
    tags = fields.List(fields.String(), attribute="tag_names")
    step_ids = fields.List(fields.String())
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    version = fields.Integer()


class QuoteSchema(_EvidenceOut):
    text = fields.String()
    participant = fields.Function(lambda q: q.participant.code if q.participant else None, allow_none=True)
    participant_id = fields.String(allow_none=True)
    collected_on = Day(allow_none=True)
    source = fields.String()
    language = fields.String()
    sentiment = fields.String(allow_none=True)
    personal_data = fields.Function(lambda q: kinds_of_personal_data(q.text), metadata={
        "description": "Kinds of personal data the text seems to contain (email, phone, personal_identity_number)"})


class NarrativeFieldsSchema(StrictSchema):
    title = fields.String()
    body = fields.String(metadata={"description": "Markdown"})
    participant = fields.String(allow_none=True, **_PARTICIPANT)
    told_on = Day(allow_none=True)
    tags = fields.List(fields.String(), **_TAGS)
    step_ids = fields.List(fields.String(), **_STEPS)


class NarrativeCreateSchema(NarrativeFieldsSchema):
    title = fields.String(required=True, metadata=NOT_EMPTY)


class NarrativePatchSchema(NarrativeFieldsSchema):
    version = fields.Integer(required=True)


class NarrativeSchema(_EvidenceOut):
    title = fields.String()
    body = fields.String()
    body_html = fields.Function(lambda n: str(render_markdown(n.body)),
                                metadata={"description": "The body rendered and sanitised"})
    participant = fields.Function(lambda n: n.participant.code if n.participant else None, allow_none=True)
    participant_id = fields.String(allow_none=True)
    told_on = Day(allow_none=True)


_SCORE = {"allow_none": True, "strict": True, "validate": validate.Range(min=1, max=5)}  # 2.5: refused, not 2


class JobFieldsSchema(StrictSchema):
    situation = fields.String(metadata={"description": "When …"})
    motivation = fields.String(metadata={"description": "I want to …"})
    outcome = fields.String(metadata={"description": "so I can …"})
    importance = fields.Integer(**_SCORE)
    satisfaction = fields.Integer(**_SCORE)
    tags = fields.List(fields.String(), **_TAGS)
    step_ids = fields.List(fields.String(), **_STEPS)
    phase_ids = fields.List(fields.String(), metadata={"description": "Ids of the phases this job belongs to"})


class JobCreateSchema(JobFieldsSchema):
    situation = fields.String(required=True, metadata=NOT_EMPTY)
    motivation = fields.String(required=True, metadata=NOT_EMPTY)
    outcome = fields.String(required=True, metadata=NOT_EMPTY)


class JobPatchSchema(JobFieldsSchema):
    version = fields.Integer(required=True)


class JobSchema(_EvidenceOut):
    situation = fields.String()
    motivation = fields.String()
    outcome = fields.String()
    statement = fields.String()
    importance = fields.Integer(allow_none=True)
    satisfaction = fields.Integer(allow_none=True)
    opportunity = fields.Float(allow_none=True, metadata={"description": "importance + max(importance − satisfaction, 0)"})
    phase_ids = fields.List(fields.String())


class StepEvidenceSchema(StrictSchema):
    quotes = fields.List(fields.Nested(QuoteSchema))
    narratives = fields.List(fields.Nested(NarrativeSchema))
    jobs = fields.List(fields.Nested(JobSchema))


class TagSchema(StrictSchema):
    name = fields.String()
    quotes = fields.Integer()
    narratives = fields.Integer()
    jobs = fields.Integer()
    total = fields.Integer()


class TagRenameSchema(StrictSchema):
    name = fields.String(required=True, metadata=NOT_EMPTY)


class TagMergeSchema(StrictSchema):
    tags = fields.List(fields.String(), required=True, validate=validate.Length(min=1, max=100),
                       metadata={"description": "The tags to merge away"})
    into = fields.String(required=True, metadata={**NOT_EMPTY, "description": "The tag they become (created if needed)"})


ParticipantPageSchema = page_schema(ParticipantSchema, "ParticipantPage")
QuotePageSchema = page_schema(QuoteSchema, "QuotePage")
NarrativePageSchema = page_schema(NarrativeSchema, "NarrativePage")
JobPageSchema = page_schema(JobSchema, "JobPage")
TagPageSchema = page_schema(TagSchema, "TagPage")
