"""Schemas of undo and share links."""

from __future__ import annotations

from marshmallow import fields

from insightrepo.api.schemas.common import StrictSchema, UtcDateTime
from insightrepo.api.schemas.timeline import ChangeSchema


class RestoredStepSchema(StrictSchema):
    id = fields.String(metadata={"description": "The step's id, as before its deletion"})
    title = fields.String()
    phase_id = fields.String()
    position = fields.Integer()
    quote_ids = fields.List(fields.String())
    narrative_ids = fields.List(fields.String())
    job_ids = fields.List(fields.String())
    experiment_ids = fields.List(fields.String())


class UndoneSchema(StrictSchema):
    journey_id = fields.String()
    group_id = fields.String(metadata={"description": "The action taken back (the change rows it wrote share it): "
                                                      "for an undo the change, for a redo the undo"})
    at = UtcDateTime(allow_none=True, metadata={"description": "When the action taken back was made"})
    summary = fields.String(metadata={"description": "The change undone or redone, in words"})
    changes = fields.List(fields.Nested(ChangeSchema), metadata={"description": "The change rows taken back"})
    restored_steps = fields.List(fields.Nested(RestoredStepSchema), metadata={
        "description": "Deleted steps that came back, with their ids, places and links"})


class ShareLinkCreateSchema(StrictSchema):
    expires_in_days = fields.Integer(strict=True, metadata={
        "description": "How long the link opens the snapshot: 1 to 365 days (default 30)"})


class ShareLinkSchema(StrictSchema):
    id = fields.String()
    snapshot_id = fields.String()
    journey_id = fields.String()
    created_at = UtcDateTime()
    created_by = fields.String(allow_none=True, metadata={"description": "Who created it"})
    expires_at = UtcDateTime()
    revoked_at = UtcDateTime(allow_none=True)
    state = fields.String(metadata={"description": "active, expired or revoked"})


class ShareLinkCreatedSchema(ShareLinkSchema):
    url = fields.String(metadata={"description": "The link to hand out, shown this once (only its hash is kept)"})


class ShareLinkListedSchema(ShareLinkSchema):
    accesses = fields.Integer(metadata={"description": "How many times the link was opened"})
    last_access = UtcDateTime(allow_none=True)


class ShareLinkListSchema(StrictSchema):
    items = fields.List(fields.Nested(ShareLinkListedSchema))
