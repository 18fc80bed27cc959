"""Marshmallow schemas shared by the API: errors, lists, paging, and the foundation's resources."""

from __future__ import annotations

from datetime import timezone

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from insightrepo.config import current_settings
from insightrepo.models import ROLES
from insightrepo.models.workspace import LANGUAGES
from insightrepo.field_checks import day_problem


# Text the server requires not to be empty (services say "… is required"), as the document says it.
NOT_EMPTY = {"minLength": 1}


class StrictSchema(Schema):
    class Meta:
        ordered = True


class UtcDateTime(fields.DateTime):
    """A timestamp. The database keeps naive UTC (db.utcnow); the API writes it with its offset
    (``2026-03-04T10:15:00.123456+00:00``), as RFC 3339 and the documented ``date-time`` require."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class Day(fields.Date):
    """A date, within the range every door accepts (field_checks.day_problem)."""

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        problem = day_problem(self.data_key or attr or "date", day)
        if problem:
            raise ValidationError(problem)
        return day


class ErrorBodySchema(StrictSchema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict(required=True)


class ErrorSchema(StrictSchema):
    error = fields.Nested(ErrorBodySchema, required=True)


class PageArgsSchema(StrictSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=None, validate=validate.Range(min=1))

    @validates_schema
    def _within_limit(self, data, **_):
        settings = current_settings()
        limit = settings.api_max_page_size
        if data.get("per_page") is not None and data["per_page"] > limit:
            raise ValidationError(f"per_page must be at most {limit}", "per_page")
        if data.get("per_page") is None:
            data["per_page"] = settings.api_page_size


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The list envelope {items, page, per_page, total} around ``item_schema``."""
    return type(name, (StrictSchema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "page": fields.Integer(required=True),
        "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True),
    })


def page_of(rows: list, args: dict) -> dict:
    """The list envelope for one page of ``rows`` (args from PageArgsSchema)."""
    start = (args["page"] - 1) * args["per_page"]
    return {"items": rows[start:start + args["per_page"]], "page": args["page"],
            "per_page": args["per_page"], "total": len(rows)}


class WorkspaceSchema(StrictSchema):
    id = fields.String(dump_only=True)
    slug = fields.String(required=True, metadata=NOT_EMPTY)
    name = fields.String(required=True, metadata=NOT_EMPTY)
    language = fields.String(validate=validate.OneOf(LANGUAGES), load_default="en")
    role = fields.String(dump_only=True, metadata={"description": "Your role in this workspace"})
    created_at = UtcDateTime(dump_only=True)
    version = fields.Integer(dump_only=True)


class WorkspacePatchSchema(StrictSchema):
    name = fields.String()
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    version = fields.Integer(required=True)


class MyWorkspaceSchema(StrictSchema):
    slug = fields.String()
    name = fields.String()
    role = fields.String()


class MeSchema(StrictSchema):
    id = fields.String()
    email = fields.String()
    display_name = fields.String()
    locale = fields.String(allow_none=True, metadata={
        "description": "The interface language you chose (en, sv, da, nb, fi); null: the browser's"})
    workspaces = fields.List(fields.Nested(MyWorkspaceSchema))


class MePatchSchema(StrictSchema):
    locale = fields.String(required=True, allow_none=True, validate=validate.OneOf(("en", "sv", "da", "nb", "fi")),
                           metadata={"description": "en, sv, da, nb or fi; null to follow the browser's language"})


class MemberSchema(StrictSchema):
    user_id = fields.String()
    email = fields.String()
    display_name = fields.String()
    role = fields.String()
    joined_at = UtcDateTime()
    version = fields.Integer()


class MemberCreateSchema(StrictSchema):
    email = fields.String(required=True, metadata=NOT_EMPTY)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class MemberPatchSchema(StrictSchema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    version = fields.Integer(required=True)


class InvitationSchema(StrictSchema):
    id = fields.String()
    email = fields.String()
    role = fields.String()
    expires_at = UtcDateTime()
    url = fields.String(metadata={"description": "Send this link to the invitee; it is shown only once."})


class MemberAddedSchema(StrictSchema):
    member = fields.Nested(MemberSchema, allow_none=True, metadata={
        "description": "Always null over the API: everyone is invited and joins by accepting."})
    invitation = fields.Nested(InvitationSchema, allow_none=True, metadata={
        "description": "The same whether or not an account has the email: an account accepts it from "
                       "GET /api/v1/me/invitations (or the link); anyone else makes an account with the link."})


class MyInvitationSchema(StrictSchema):
    id = fields.String()
    workspace = fields.String(metadata={"description": "The workspace's slug"})
    workspace_name = fields.String()
    role = fields.String(metadata={"description": "Your role once you accept"})
    expires_at = UtcDateTime()


class TokenSchema(StrictSchema):
    id = fields.String()
    name = fields.String()
    prefix = fields.String()
    created_at = UtcDateTime()
    last_used_at = UtcDateTime(allow_none=True)
    revoked_at = UtcDateTime(allow_none=True)
    active = fields.Boolean()


class TokenCreatedSchema(TokenSchema):
    token = fields.String(metadata={"description": "The secret; shown only once."})


class TokenCreateSchema(StrictSchema):
    name = fields.String(load_default="")


WorkspacePageSchema = page_schema(WorkspaceSchema, "WorkspacePage")
MemberPageSchema = page_schema(MemberSchema, "MemberPage")
MyInvitationPageSchema = page_schema(MyInvitationSchema, "MyInvitationPage")
TokenPageSchema = page_schema(TokenSchema, "TokenPage")
