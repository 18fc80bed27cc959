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
