"""Marshmallow schemas of journey maps: journeys, phases, steps and health findings.

Types and documentation live here; the services check the rules and say what is wrong."""

from __future__ import annotations

from marshmallow import fields, validate

from insightrepo.api.schemas.common import NOT_EMPTY, PageArgsSchema, StrictSchema, UtcDateTime, page_schema
from insightrepo.models.journey import KINDS, MARKERS, SCOPES
from insightrepo.journeys.fields import MAX_CHANNEL_LENGTH

_SCORE_DOC = {"description": "−2 (very negative) … +2 (very positive), or null", "minimum": -2, "maximum": 2}


def _score(**kwargs):
    # strict: 1.5 is refused, not silently stored as 1
    return fields.Integer(strict=True, allow_none=True, metadata=_SCORE_DOC, **kwargs)


class MomentOfTruthSchema(StrictSchema):
    title = fields.String(required=True, metadata=NOT_EMPTY)
    description = fields.String(load_default="")


class BackstageSchema(StrictSchema):
    people = fields.String(metadata={"description": "People and teams backstage"})
    policies = fields.String(metadata={"description": "Policies and processes"})
    systems = fields.String(metadata={"description": "Systems and tools"})


class StepFieldsSchema(StrictSchema):
    title = fields.String()
    action = fields.String(metadata={"description": "What the customer does"})
    touchpoint = fields.String()
    channels = fields.List(fields.String(metadata={"maxLength": MAX_CHANNEL_LENGTH}))
    direct = fields.Boolean(metadata={"description": "A direct interaction with the organisation"})
    present = fields.Boolean(metadata={"description": "Whether the organisation is present at all"})
    need = fields.String()
    thoughts = fields.String(metadata={"description": "Thoughts and feelings"})
    emotion = _score()
    marker = fields.String(allow_none=True, validate=validate.OneOf([*MARKERS, "none"]),
                           metadata={"description": "heart, thundercloud, or null/none"})
    moment_of_truth = fields.Nested(MomentOfTruthSchema, allow_none=True)
    owner = fields.String(metadata={"description": "Team or person responsible for the touchpoint"})
    backstage = fields.Nested(BackstageSchema)
    employee_emotion = _score()
    position = fields.Integer(validate=validate.Range(min=0))


class StepCreateSchema(StepFieldsSchema):
    title = fields.String(required=True, metadata=NOT_EMPTY)


class StepPatchSchema(StepFieldsSchema):
    phase_id = fields.String(metadata={"description": "Move the step to this phase (same journey)"})
    version = fields.Integer(required=True)


class StepSchema(StrictSchema):
    id = fields.String()
    phase_id = fields.String()
    position = fields.Integer()
    title = fields.String()
    action = fields.String()
    touchpoint = fields.String()
    channels = fields.List(fields.String(metadata={"maxLength": MAX_CHANNEL_LENGTH}))
    direct = fields.Boolean()
    present = fields.Boolean()
    need = fields.String()
    thoughts = fields.String()
    emotion = _score()
    marker = fields.String(allow_none=True)
    moment_of_truth = fields.Nested(MomentOfTruthSchema, allow_none=True)
    owner = fields.String()
    backstage = fields.Nested(BackstageSchema)
    employee_emotion = _score()
    version = fields.Integer()


class PhaseFieldsSchema(StrictSchema):
    title = fields.String()
    goal = fields.String(metadata={"description": "What the customer wants to achieve in this phase"})
    position = fields.Integer(validate=validate.Range(min=0))


class PhaseCreateSchema(PhaseFieldsSchema):
    title = fields.String(required=True, metadata=NOT_EMPTY)


class PhasePatchSchema(PhaseFieldsSchema):
    version = fields.Integer(required=True)


class PhaseSchema(StrictSchema):
    id = fields.String()
    journey_id = fields.String()
    position = fields.Integer()
    title = fields.String()
    goal = fields.String()
    version = fields.Integer()
    steps = fields.List(fields.Nested(StepSchema))


class PhaseDeleteArgsSchema(StrictSchema):
    cascade = fields.Boolean(load_default=False,
                             metadata={"description": "Also delete the phase's steps"})


class JourneyFieldsSchema(StrictSchema):
    title = fields.String(metadata={"description": "Phrased from the customer's side"})
    description = fields.String()
    scope = fields.String(validate=validate.OneOf(SCOPES))
    kind = fields.String(validate=validate.OneOf(KINDS))
    persona = fields.String()
    owner = fields.String()
    archived = fields.Boolean()


class JourneyCreateSchema(JourneyFieldsSchema):
    title = fields.String(required=True, metadata=NOT_EMPTY)


class JourneyPatchSchema(JourneyFieldsSchema):
    version = fields.Integer(required=True)


class JourneySummarySchema(StrictSchema):
    id = fields.String()
    workspace = fields.Function(lambda j: j.workspace.slug)
    title = fields.String()
    description = fields.String()
    scope = fields.String()
    kind = fields.String()
    persona = fields.String()
    owner = fields.String()
    archived = fields.Boolean()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    version = fields.Integer()
    phase_count = fields.Function(lambda j: len(j.phases))
    step_count = fields.Function(lambda j: len(j.steps))


class JourneySchema(JourneySummarySchema):
    phases = fields.List(fields.Nested(PhaseSchema))


class JourneyListArgsSchema(PageArgsSchema):
    archived = fields.Boolean(load_default=False, metadata={"description": "true: list archived journeys"})


class FindingSchema(StrictSchema):
    code = fields.String()
    severity = fields.String(metadata={"description": "warning or info"})
    message = fields.String()
    ids = fields.List(fields.String(), metadata={"description": "The steps or phases it is about"})


JourneyPageSchema = page_schema(JourneySummarySchema, "JourneyPage")
FindingPageSchema = page_schema(FindingSchema, "FindingPage")
