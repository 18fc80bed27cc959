"""POST /api/v1/workspaces/{slug}/quotes/import: a CSV file of quotes, all rows or none.

Answers: 201 with the report; 200 with the same report for a dry run (``imported`` 0,
``would_import`` n); 413 (the usual error envelope) for a file over the limit; 422 for
anything wrong in the request or the file. A 422 always carries the error envelope *and*
the issue's contract keys: ``{"error": {…}, "imported": 0, "errors": [{"line", "message"}…]}``
— ``errors`` lists problems in the file by line (header problems are line 1); problems with the
request itself (mapping, the file field, a flag) leave it empty and name the parameter in
``error.details.fields``."""

from __future__ import annotations

from flask import jsonify, request
from flask_smorest import Blueprint
from marshmallow import fields

from insightrepo.api.auth import accepts, actor
from insightrepo.api.schemas.common import ErrorSchema, StrictSchema
from insightrepo.config import current_settings
from insightrepo.db import current_session
from insightrepo.http_errors import error_json
from insightrepo.request_bodies import allow_large_files
from insightrepo.models.workspace import LANGUAGES
from insightrepo.imports import quotes_csv
from insightrepo.errors import Invalid

blp = Blueprint("api-quote-import", __name__, description="Importing quotes from CSV files")

FLAGS = ("dry_run", "skip_empty", "mask_personal_data")
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off", "")


class LineProblemSchema(StrictSchema):
    line = fields.Integer(required=True, metadata={"description": "Line of the file where the row starts (header: 1)"})
    message = fields.String(required=True)


class PersonalDataSchema(StrictSchema):
    line = fields.Integer(required=True)
    kinds = fields.List(fields.String(), required=True,
                        metadata={"description": "email, phone, personal_identity_number"})
    masked = fields.Boolean(required=True)
    message = fields.String(required=True)


class ImportReportSchema(StrictSchema):
    imported = fields.Integer(required=True, metadata={"description": "Quotes written (0 on a dry run)"})
    errors = fields.List(fields.Nested(LineProblemSchema), required=True,
                         metadata={"description": "Every bad line of the file (empty on success)"})
    would_import = fields.Integer(required=True, metadata={"description": "Quotes that pass every check"})
    dry_run = fields.Boolean(required=True)
    rows = fields.Integer(required=True, metadata={"description": "Data rows in the file (blank lines are not rows)"})
    skipped_empty = fields.Integer(required=True, metadata={"description": "Rows left out for an empty text"})
    skipped_lines = fields.List(fields.Integer(), required=True)
    participants_created = fields.Integer(required=True,
                                          metadata={"description": "New participants (would be) created"})
    tags_created = fields.Integer(required=True, metadata={"description": "New tags (would be) created"})
    masked = fields.Integer(required=True, metadata={"description": "Quotes whose personal data was masked"})
    personal_data = fields.List(fields.Nested(PersonalDataSchema), required=True,
                                metadata={"description": "Lines whose text looks like it holds personal data"})
    delimiter = fields.String(required=True, metadata={"description": "The separator found: `,`, `;` or a tab"})
    columns = fields.List(fields.String(), required=True, metadata={"description": "The header's column names"})
    mapping = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                          metadata={"description": "The mapping used: field → column header"})
    language = fields.String(required=True, metadata={
        "description": "The language given to every quote whose row names none: the `language` parameter, "
                       "else the workspace's language"})
    language_chosen = fields.Boolean(required=True, metadata={
        "description": "True when `language` came from the `language` parameter, false when it is the workspace's"})
    own_language = fields.Integer(required=True, metadata={
        "description": "Quotes whose row named its own language (the language column wins over `language`)"})


class ImportRejectedSchema(ImportReportSchema, ErrorSchema):
    """A refused import: the error envelope with the import's own keys beside it."""


# A request that is itself wrong (no file, a bad flag or mapping) carries only `imported` and `errors`.
REJECTED_SCHEMA = ImportRejectedSchema(
    partial=tuple(sorted(set(ImportReportSchema._declared_fields) - {"imported", "errors"})))

REJECTED = ("Nothing was imported. The error envelope (`error.code` `invalid`) plus the import's own keys: "
            "`imported` (0) and `errors`, every bad line of the file as `{line, message}` (header problems are "
            "line 1; empty when the request itself is wrong — then `error.details.fields` names the parameter); "
            "when the file could be read, the rest of the ImportReport too.")

_FLAG_DOC = {"dry_run": "Check only; write nothing (200 instead of 201).",
             "skip_empty": "Leave out rows whose text is empty (and count them) instead of refusing the file.",
             "mask_personal_data": "Replace e-mail addresses, phone and personal identity numbers with “[removed]”."}
_MAPPING_DOC = ("JSON object from field (text, participant, date, tags, sentiment, source, language) to column "
                f"header, e.g. {quotes_csv.MAPPING_EXAMPLE}. Without it, columns named like the fields are used.")
_LANGUAGE_DOC = ("The language of every quote whose row names none (a mapped language column wins); one of "
                 f"{', '.join(LANGUAGES)}. Without it, the workspace's language. Nothing is guessed from the text; "
                 "the report's `language` says which was used.")
_LANGUAGE_SCHEMA = {"type": "string", "enum": list(LANGUAGES)}
REQUEST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "The CSV: UTF-8 (BOM optional), `,` `;` or tab separated, header line first"},
                "mapping": {"type": "string", "description": _MAPPING_DOC},
                "language": {**_LANGUAGE_SCHEMA, "description": _LANGUAGE_DOC},
                **{flag: {"type": "boolean", "description": text} for flag, text in _FLAG_DOC.items()},
            }}},
        "text/csv": {"schema": {"type": "string", "description": "The CSV itself; options go in the query"}},
    },
}
QUERY_PARAMETERS = [
    {"in": "query", "name": "mapping", "schema": {"type": "string"}, "description": _MAPPING_DOC},
    {"in": "query", "name": "language", "schema": _LANGUAGE_SCHEMA, "description": _LANGUAGE_DOC},
    *({"in": "query", "name": flag, "schema": {"type": "boolean", "default": False}, "description": text}
      for flag, text in _FLAG_DOC.items()),
]


blp.url_value_preprocessor(allow_large_files)  # the import's own size limit, before authentication reads the body


@blp.route("/workspaces/<slug>/quotes/import", methods=["POST"])
@accepts("multipart/form-data", "text/csv")
@blp.doc(requestBody=REQUEST_BODY, parameters=QUERY_PARAMETERS)
@blp.response(201, ImportReportSchema, description="Every row imported")
@blp.alt_response(200, schema=ImportReportSchema, description="Dry run: what would be imported")
@blp.alt_response(413, schema=ErrorSchema, description="The file is over the size limit")
@blp.alt_response(422, schema=REJECTED_SCHEMA, description=REJECTED)
def import_quotes(slug: str):
    """Import quotes from a CSV file (multipart field `file`, or a `text/csv` body) — all rows or none.

    Fields: text (required), participant (code; found or created), date (ISO, e.g. 2026-03-04),
    tags (comma-separated in the cell), sentiment, source, language. `language` sets the language
    of every row without its own (default: the workspace's). Editors only."""
    settings = current_settings()
    try:
        data, options = _upload()
        session = current_session()
        report = quotes_csv.import_quotes(
            session, actor(), slug, data, options.pop("mapping"), **options,
            max_bytes=settings.quote_import_max_bytes, max_rows=settings.quote_import_max_rows)
    except quotes_csv.ImportRejected as rejected:
        return _rejected(rejected, rejected.report)
    except quotes_csv.FileTooLarge as too_large:
        return error_json(413, too_large.code, too_large.message, too_large.details)
    except Invalid as invalid:
        return _rejected(invalid, None)
    return report, 200 if report.dry_run else 201


def _upload() -> tuple[bytes, dict]:
    """The CSV bytes and the options, from a multipart form or a text/csv body with query flags."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise Invalid({"file": "send the CSV as the multipart field “file”"}, "No file was sent.")
        data = upload.read()
    else:
        data = request.get_data(cache=False)
    options: dict = {"mapping": _option("mapping"), "language": _option("language")}
    problems = {}
    for flag in FLAGS:
        value = (_option(flag) or "").strip().lower()
        if value not in _TRUE + _FALSE:
            problems[flag] = f"{flag} must be true or false"
        options[flag] = value in _TRUE
    if problems:
        raise Invalid(problems)
    return data, options


def _option(name: str) -> str | None:
    return request.form.get(name, request.args.get(name))


def _rejected(error: Invalid, report: quotes_csv.ImportReport | None):
    body = ImportReportSchema().dump(report) if report is not None else {"imported": 0, "errors": []}
    message = error.message
    if isinstance(error, quotes_csv.ImportRejected) and error.empty_text:
        message += " Send skip_empty=true to leave rows without text out."
    body = {"error": {"code": error.code, "message": message, "details": error.details}, **body}
    body["imported"] = 0
    return jsonify(body), 422
