"""Schemas of experiments, their measurements and results. Types and documentation live here;
experiments/experiments.py and experiments/measurements.py check the rules and say what is wrong."""

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
from insightrepo.models.experiment import ALL_GROUPS, DESIGNS, DIRECTIONS, METRIC_KINDS, STATUSES, VERDICTS

_DATE_OR_NULL = {"allow_none": True}
_NUMBER = {"allow_none": True, "allow_nan": False}


class MetricSchema(StrictSchema):
    name = fields.String(metadata={"description": "What is measured, e.g. “share of deliveries with a complaint”"})
    kind = fields.String(validate=validate.OneOf(METRIC_KINDS))
    unit = fields.String(metadata={"maxLength": 40, "description": "e.g. “points (1–5)”; for a proportion, leave empty"})
    direction = fields.String(validate=validate.OneOf(DIRECTIONS), metadata={"description": "The desired direction"})


class LearningSchema(StrictSchema):
    observed = fields.String(metadata={"description": "We observed …"})
    learned = fields.String(metadata={"description": "From that we learned …"})
    next = fields.String(metadata={"description": "Therefore we will …"})


class ExperimentFieldsSchema(StrictSchema):
    title = fields.String()
    solution = fields.String(metadata={"description": "What we change (solution X)"})
    hypothesis = fields.String(metadata={"description": "The Test Card sentence; empty: generated from the fields"})
    criterion = fields.String(metadata={"description": "We are right if …; empty: generated from the minimum effect"})
    step_ids = fields.List(fields.String(), metadata={"description": "The journey steps it targets (at least one)"})
    job_id = fields.String(allow_none=True, metadata={"description": "The job to be done it serves (optional)"})
    metric = fields.Nested(MetricSchema)
    minimum_effect = fields.Float(**_NUMBER, metadata={
        "description": "The smallest effect that matters, in the metric's unit; for a proportion an absolute "
                       "difference of rates such as 0.02"})
    design = fields.String(validate=validate.OneOf(DESIGNS),
                           metadata={"description": "randomised (A/B) or before_after (observational)"})
    owner = fields.String()
    quote_ids = fields.List(fields.String(), metadata={"description": "Quotes that support it qualitatively"})
    narrative_ids = fields.List(fields.String())
    learning = fields.Nested(LearningSchema)


class ExperimentCreateSchema(ExperimentFieldsSchema):
    title = fields.String(required=True, metadata=NOT_EMPTY)
    step_ids = fields.List(fields.String(), required=True)
    metric = fields.Nested(MetricSchema, required=True)


class ExperimentPatchSchema(ExperimentFieldsSchema):
    verdict = fields.String(allow_none=True, validate=validate.OneOf(VERDICTS),
                            metadata={"description": "Only once concluded: the team's verdict"})
    verdict_reason = fields.String(metadata={"description": "Why, when the verdict differs from the suggestion"})
    version = fields.Integer(required=True)


class StatusChangeSchema(StrictSchema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES), metadata={
        "description": "running, concluded or abandoned; a move the current status does not allow (back to draft, "
                       "say) is a 409 that lists the allowed ones"})
    on = Day(**_DATE_OR_NULL, metadata={"description": "The date of the change (default today)"})
    verdict = fields.String(allow_none=True, validate=validate.OneOf(VERDICTS),
                            metadata={"description": "When concluding; default: the suggested verdict"})
    verdict_reason = fields.String(metadata={"description": "Required when the verdict overrides the suggestion"})
    version = fields.Integer(allow_none=True, metadata={"description": "The version you saw (409 if stale)"})


class MeasurementFieldsSchema(StrictSchema):
    group = fields.String(validate=validate.OneOf(ALL_GROUPS), metadata={
        "description": "baseline / follow_up (before_after), control / variant (randomised)"})
    measured_on = Day(**_DATE_OR_NULL)
    successes = fields.Integer(allow_none=True, strict=True)
    trials = fields.Integer(allow_none=True, strict=True)
    n = fields.Integer(allow_none=True, strict=True)
    mean = fields.Float(**_NUMBER)
    sd = fields.Float(**_NUMBER)
    note = fields.String()
    source = fields.String(metadata={"description": "Where the numbers come from, e.g. “Zendesk export”"})
    quote_ids = fields.List(fields.String())


class MeasurementCreateSchema(MeasurementFieldsSchema):
    group = fields.String(required=True, validate=validate.OneOf(ALL_GROUPS))


class MeasurementPatchSchema(MeasurementFieldsSchema):
    version = fields.Integer(required=True)


class MeasurementSchema(MeasurementFieldsSchema):
    id = fields.String()
    experiment_id = fields.String()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    version = fields.Integer()


class ExperimentSchema(ExperimentFieldsSchema):
    id = fields.String()
    step_ids = fields.Function(lambda e: [s.id for s in e.steps_in_map_order],
                               metadata={"description": "The journey steps it targets, in map order"})
    metric = fields.Function(lambda e: {"name": e.metric_name, "kind": e.metric_kind, "unit": e.metric_unit,
                                        "direction": e.direction})
    learning = fields.Function(lambda e: {"observed": e.learning_observed, "learned": e.learning_learned,
                                          "next": e.learning_next})
    status = fields.String()
    verdict = fields.String(allow_none=True)
    verdict_reason = fields.String()
    observational = fields.Boolean(metadata={"description": "true for before_after: other things changed too"})
    started_on = Day(allow_none=True)
    ended_on = Day(allow_none=True)
    measurements = fields.List(fields.Nested(MeasurementSchema))
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    version = fields.Integer()


class ExperimentListArgsSchema(PageArgsSchema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    step = fields.String(validate=validate.Length(max=64), metadata={"description": "step id"})
    journey = fields.String(validate=validate.Length(max=64), metadata={"description": "journey id"})


class GroupResultSchema(StrictSchema):
    group = fields.String()
    label = fields.String()
    measurements = fields.Integer()
    successes = fields.Integer(allow_none=True)
    trials = fields.Integer(allow_none=True)
    rate = fields.Float(allow_none=True)
    n = fields.Integer(allow_none=True)
    mean = fields.Float(allow_none=True)
    sd = fields.Float(allow_none=True)
    ci_low = fields.Float(allow_none=True, metadata={"description": "95 % interval: Wilson for a rate, t for a mean"})
    ci_high = fields.Float(allow_none=True)
    notes = fields.List(fields.String())
    quote_ids = fields.List(fields.String())


class ResultSchema(StrictSchema):
    design = fields.String()
    metric = fields.Nested(MetricSchema)
    minimum_effect = fields.Float(allow_none=True)
    groups = fields.List(fields.Nested(GroupResultSchema))
    difference = fields.Float(allow_none=True, metadata={"description": "treated minus reference"})
    ci_low = fields.Float(allow_none=True, metadata={"description": "95 % interval of the difference"})
    ci_high = fields.Float(allow_none=True)
    confidence = fields.Float()
    relative_lift = fields.Float(allow_none=True)
    relative_lift_ci_low = fields.Float(allow_none=True)
    relative_lift_ci_high = fields.Float(allow_none=True)
    p_value = fields.Float(allow_none=True)
    test = fields.String(allow_none=True, metadata={"description": "fisher_exact, two_proportion_z or welch_t"})
    statistic = fields.Float(allow_none=True, metadata={"description": "z or t"})
    suggested_verdict = fields.String(allow_none=True)
    suggestion_reason = fields.String(allow_none=True, metadata={
        "description": "Why the numbers suggest that verdict, in plain words: what the 95 % interval includes "
                       "against the minimum effect that matters (and, when inconclusive, how many per group "
                       "would settle it); null without an interval"})
    required_n = fields.Integer(allow_none=True, metadata={
        "description": "When inconclusive: per group, to detect the minimum effect with 80 % power"})
    observational = fields.Boolean()
    caveat = fields.String()
    notes = fields.List(fields.String())


ExperimentPageSchema = page_schema(ExperimentSchema, "ExperimentPage")
