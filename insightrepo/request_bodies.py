"""Request bodies sent without a Content-Length (``Transfer-Encoding: chunked``) are held to the
same limits as any other body.

Werkzeug cuts such a body at ``max_content_length`` and reads on as if it had ended there: a JSON
body became a 400 "not valid JSON" instead of a 413, and a form field silently lost its end. This
WSGI middleware reads a chunked body — up to one byte more than the largest limit any route allows
— and hands it on with its Content-Length, so each route's own limit (max_content_length, or the
CSV import's) answers 413 as it does for every other body."""

from __future__ import annotations

import io
from typing import Any, Callable, Iterable

from flask import abort, request

from insightrepo.config import current_settings
from insightrepo.formats import count
from insightrepo.i18n import gettext

UPLOAD_ENVELOPE = 65_536  # multipart boundaries and the small form fields around an uploaded file


def allow_large_files(_endpoint: str | None = None, _values: dict | None = None) -> None:
    """The CSV import's own size limit replaces MAX_CONTENT_LENGTH for a blueprint's routes.

    Registered as the blueprint's ``url_value_preprocessor``: those run before every
    before_request hook (the CSRF check and the API's authentication read the body), so the limit
    is in place before anything reads it; a larger body is refused at once with 413."""
    limit = current_settings().quote_import_max_bytes
    request.max_content_length = limit + UPLOAD_ENVELOPE
    if (request.content_length or 0) > request.max_content_length:
        abort(413, gettext("The file is larger than the limit of %(limit)s bytes: split it into smaller files.",
                           limit=count(limit)))


class ChunkedBodies:
    def __init__(self, app: Callable, largest: int):
        self.app = app
        self.largest = largest

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower() and not environ.get("CONTENT_LENGTH"):
            body = _read(environ["wsgi.input"], self.largest + 1)  # one byte more: too large is 413
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            del environ["HTTP_TRANSFER_ENCODING"]  # the body is no longer chunked (Werkzeug would ignore the length)
            environ.pop("wsgi.input_terminated", None)
        return self.app(environ, start_response)


def _read(stream, most: int) -> bytes:
    parts, size = [], 0
    while size < most:
        part = stream.read(min(65_536, most - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)
