"""Schemas of the timeline: snapshots, comparisons, the change log."""

from __future__ import annotations

from marshmallow import fields, validate

from insightrepo.api.schemas.journeys import JourneySchema
from insightrepo.api.schemas.common import (
    NOT_EMPTY,
    Day,
    PageArgsSchema,
    StrictSchema,
    UtcDateTime,
    page_schema,
)


class SnapshotCreateSchema(StrictSchema):
    label = fields.String(required=True, metadata={**NOT_EMPTY, "description": "e.g. “After 12 interviews”"})
    as_of = Day(metadata={"description": "The date the map describes (default today; may be in the past)"})
    note = fields.String()


class SnapshotSchema(StrictSchema):
    id = fields.String()
    journey_id = fields.String()
    label = fields.String()
    as_of = Day()
    note = fields.String()
    created_at = UtcDateTime()
    created_by = fields.Function(lambda s: s.author, allow_none=True)
    bytes_added = fields.Integer(metadata={"description": "Storage this snapshot added (shared content is free)"})


class FrozenMapSchema(StrictSchema):
    """The frozen map, in the shape of GET /api/v1/journeys/{id} (steps also list their evidence,
    phases their jobs), plus the snapshot's timeline fields. A snapshot is not editable, so it
    carries no `version`."""

    id = fields.String(metadata={"description": "The snapshot's id"})
    journey_id = fields.String()
    label = fields.String()
    as_of = Day()
    note = fields.String()
    created_at = UtcDateTime()
    created_by = fields.String(allow_none=True)
    workspace = fields.String()
    title = fields.String()
    description = fields.String()
    scope = fields.String()
    kind = fields.String()
    persona = fields.String()
    owner = fields.String()
    archived = fields.Boolean()
    phase_count = fields.Integer()
    step_count = fields.Integer()
    phases = fields.List(fields.Dict())


class CompareArgsSchema(StrictSchema):
    from_ = fields.String(data_key="from", required=True, validate=validate.Length(max=64),
                          metadata={"description": "A snapshot id or `live`"})
    to = fields.String(required=True, validate=validate.Length(max=64), metadata={"description": "A snapshot id or `live`"})


class WindowSchema(StrictSchema):
    from_ = fields.String(data_key="from", attribute="from",
                          metadata={"format": "date", "description": "The earlier side's date"})
    to = fields.String(metadata={"format": "date",
                                 "description": "The later side's date (today for the live map)"})


class InBetweenSchema(StrictSchema):
    """An experiment the team ran between the two sides: one on the map's steps (on either side)
    whose running period overlaps the window — started on or before `window.to` and not ended
    before `window.from` (still running: runs to today). Abandoned ones that ran are included;
    drafts, never started, are not."""

    id = fields.String()
    title = fields.String()
    status = fields.String(metadata={"description": "running, concluded or abandoned (as it stands now)"})
    verdict = fields.String(allow_none=True)
    started_on = fields.String(metadata={"format": "date"})
    ended_on = fields.String(allow_none=True,
                             metadata={"format": "date", "description": "null while it is still running"})
    steps = fields.List(fields.String(), metadata={"description": "The ids of the steps it targets"})
    changed_steps = fields.List(fields.String(), metadata={
        "description": "Those of its steps listed under `steps` of the comparison (changed, relinked, moved, "
                       "added or removed)"})


class ComparisonSchema(StrictSchema):
    from_ = fields.Dict(data_key="from", attribute="from")
    to = fields.Dict()
    journey = fields.Dict()
    summary = fields.Dict(metadata={"description": (
        "steps: {added, removed, changed (its own fields changed), relinked (only the evidence it cites "
        "changed), moved, before, after} — each listed step counted once by its `change`, `moved` apart; "
        "phases: {added, removed, changed, moved}; mean_emotion: {before, after}; biggest_emotion_changes; "
        "hearts, thunderclouds, moments_of_truth: {gained, lost}; evidence: {quotes|narratives|jobs: "
        "{linked, unlinked, changed}} (links added and removed, items whose content changed); "
        "experiments: {linked, unlinked (links to the map's steps, as in `experiment_links`), changed (frozen state "
        "changed), in_between (the number of `in_between`)}")})
    phases = fields.List(fields.Dict())
    steps = fields.List(fields.Dict(), metadata={"description": "{id, title, change, moved, from_phase_id, "
                                                                  "to_phase_id, fields, evidence, experiments, "
                                                                  "emotion_delta}; change: added, removed, changed "
                                                                  "(its fields), relinked (only its evidence links) "
                                                                  "or moved. A step whose only difference is an "
                                                                  "experiment logged on it or taken off is not "
                                                                  "listed (see `in_between`); evidence and "
                                                                  "experiments: {kind: {linked, unlinked}} and "
                                                                  "{linked, unlinked}"})
    evidence_links = fields.List(fields.Dict(), metadata={
        "description": "Which quote, narrative or job was linked to or unlinked from which step, by name: "
                       "{kind, id, label (a quote's text, a narrative's title, a job's situation), step_id, "
                       "step_title, change: linked | unlinked} — what the summary's evidence counts count"})
    experiment_links = fields.List(fields.Dict(), metadata={
        "description": "Each step an experiment was logged on or taken off, listed or not: "
                       "{id, title, linked, unlinked} (experiment ids)"})
    window = fields.Nested(WindowSchema, metadata={"description": "The dates the two sides describe, earlier first"})
    in_between = fields.List(fields.Nested(InBetweenSchema), metadata={
        "description": "What we did in between: the experiments that ran in `window`, by start date"})
    evidence = fields.List(fields.Dict(), metadata={"description": "Linked quotes, narratives and jobs on both sides "
                                                                     "whose content changed: {kind, id, change, fields}"})
    experiments = fields.List(fields.Dict(), metadata={
        "description": "Experiments on the map's steps on both sides whose frozen state changed (status, verdict, "
                       "dates, learning, number of measurements …): {kind, id, title, change, fields}"})


class ChangeListArgsSchema(PageArgsSchema):
    actor = fields.String(validate=validate.Length(max=254), metadata={"description": "user id or email"})
    entity = fields.String(validate=validate.OneOf(["journey", "phase", "step", "quote", "narrative", "job",
                                                    "experiment", "measurement"]))
    entity_id = fields.String(validate=validate.Length(max=64))
    from_ = Day(data_key="from")
    to = Day()


class ChangeSchema(StrictSchema):
    id = fields.String()
    at = UtcDateTime()
    actor = fields.Function(lambda c: c.author, allow_none=True)
    actor_id = fields.String(allow_none=True)
    entity = fields.String()
    entity_id = fields.String()
    entity_label = fields.String(metadata={
        "description": "What the entity is called: its title, a quote's words in quotation marks, a job's "
                       "situation, a measurement's group, a participant's code (as recorded, if deleted since)"})
    action = fields.String(metadata={"description": "create, update or delete"})
    field = fields.String(allow_none=True)
    old = fields.Raw(allow_none=True)
    new = fields.Raw(allow_none=True)
    why = fields.String()


class StepLifeSchema(StrictSchema):
    step_id = fields.String()
    journey_id = fields.String()
    exists = fields.Boolean()
    changes = fields.List(fields.Nested(ChangeSchema))
    snapshots = fields.List(fields.Dict())


class RestoreResultSchema(StrictSchema):
    journey_id = fields.String()
    safety_snapshot = fields.Nested(SnapshotSchema, allow_none=True)


class JourneyImportSchema(StrictSchema):
    journey = fields.Dict(required=True, metadata={"description": "The shape of GET /api/v1/journeys/{id} or of a snapshot"})
    as_of = Day(required=True)
    label = fields.String()
    note = fields.String()


class JourneyImportedSchema(StrictSchema):
    journey_id = fields.String()
    journey = fields.Nested(JourneySchema, metadata={"description": "The new journey, as GET /api/v1/journeys/{id}"})
    snapshot = fields.Nested(SnapshotSchema, metadata={"description": "Its first snapshot, dated `as_of`"})


SnapshotPageSchema = page_schema(SnapshotSchema, "SnapshotPage")
ChangePageSchema = page_schema(ChangeSchema, "ChangePage")
