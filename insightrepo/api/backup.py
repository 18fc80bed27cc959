"""Backups over HTTP: a whole workspace as one JSON document, out and back in."""

from __future__ import annotations

from flask import abort, current_app, request
from flask_smorest import Blueprint
from marshmallow import fields

from insightrepo.api.auth import actor
from insightrepo.api.schemas.common import ErrorSchema, StrictSchema
from insightrepo.db import current_session
from insightrepo.backup import backup

blp = Blueprint("api-backup", __name__, description="Backups: export and import a whole workspace")


class BackupSchema(StrictSchema):
    """The backup document (see docs/decisions.md, "Backups"); sections are lists of rows."""

    format = fields.String(required=True, metadata={"example": "insightrepo-workspace"})
    format_version = fields.Integer(required=True, metadata={"example": 3})
    generator = fields.String()
    workspace = fields.Dict(required=True)
    members = fields.List(fields.Dict(), required=True)
    journeys = fields.List(fields.Dict(), required=True)
    phases = fields.List(fields.Dict(), required=True)
    steps = fields.List(fields.Dict(), required=True)
    participants = fields.List(fields.Dict(), required=True)
    tags = fields.List(fields.Dict(), required=True)
    quotes = fields.List(fields.Dict(), required=True)
    narratives = fields.List(fields.Dict(), required=True)
    jobs = fields.List(fields.Dict(), required=True)
    experiments = fields.List(fields.Dict(), metadata={"description": "Since format version 3"})
    measurements = fields.List(fields.Dict(), metadata={"description": "Since format version 3"})
    snapshots = fields.List(fields.Dict(), metadata={"description": "Since format version 2"})
    snapshot_objects = fields.List(fields.Dict(), metadata={
        "description": "The objects the snapshots reach, as {hash, kind, body}; since format version 2"})
    changes = fields.List(fields.Dict(), metadata={"description": "The change log; since format version 2"})


class ImportArgsSchema(StrictSchema):
    as_ = fields.String(data_key="as", load_default=None,
                        metadata={"description": "Copy beside the original under this slug, with new ids."})


class SkippedMemberSchema(StrictSchema):
    email = fields.String()
    role = fields.String()


class ImportedSchema(StrictSchema):
    id = fields.String()
    slug = fields.String()
    name = fields.String()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    skipped_members = fields.List(fields.Nested(SkippedMemberSchema), metadata={
        "description": "The members the backup lists: none of them is made a member (invite them)."})
    unknown_authors = fields.List(fields.String(), metadata={
        "description": "Emails of snapshot authors and change-log actors: kept as names, not linked to accounts."})
    role = fields.String(metadata={"description": "Your role in the imported workspace: always admin."})


@blp.route("/workspaces/<slug>/export")
@blp.response(200, BackupSchema, description="The backup, as a JSON file to keep")
@blp.alt_response(403, schema=ErrorSchema, description="Not an admin of the workspace")
@blp.alt_response(404, schema=ErrorSchema)
def export_workspace(slug):
    """Export the whole workspace as one JSON document (admins)."""
    session = current_session()
    document = backup.export_workspace(session, actor(), slug)
    response = current_app.response_class(backup.dump_document(document), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="insightrepo-{slug}.json"'
    return response


@blp.route("/workspaces/import", methods=["POST"])
@blp.arguments(ImportArgsSchema, location="query")
@blp.doc(requestBody={"required": True, "content": {"application/json": {"schema": BackupSchema}}})
@blp.response(201, ImportedSchema)
@blp.alt_response(400, schema=ErrorSchema, description="The body is not JSON")
@blp.alt_response(409, schema=ErrorSchema, description="The slug or the ids exist already")
@blp.alt_response(413, schema=ErrorSchema, description="Larger than max_content_length")
@blp.alt_response(422, schema=ErrorSchema, description="Not a usable backup; nothing was written")
def import_workspace(args):
    """Restore a backup (ids kept), or copy it under `?as=NEW_SLUG` (new ids). You become its
    only member, as admin: the members the backup lists are not added (invite them), and the
    authors of its snapshots and changes are kept as names, not linked to any account."""
    document = request.get_json(silent=True)
    if document is None:
        abort(400, "The body is not valid JSON: send the backup file whole, as exported.")
    session = current_session()
    restored = backup.import_workspace(session, actor(), document, args["as_"])
    return _imported(restored)


def _imported(restored: backup.Restored) -> dict:
    workspace = restored.workspace
    return {"id": workspace.id, "slug": workspace.slug, "name": workspace.name, "counts": restored.counts,
            "skipped_members": restored.skipped_members, "unknown_authors": restored.unknown_authors,
            "role": "admin"}
