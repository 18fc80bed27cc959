"""The request owns the transaction: the one place a web page or API call commits or rolls back.

A view reads and writes through ``current_session()`` (services flush, never commit). When the view
has answered, its response decides: below 400 the work is committed; a refusal (a form shown again
with its messages, an API error) or an exception rolls everything back, so bad input changes
nothing even where a service had flushed part of it. A failed commit (a stale version, a unique
key) is raised from here and reaches the error handlers like any other error."""

from __future__ import annotations

from flask import g
from werkzeug.wrappers import Response


def finish(response: Response) -> Response:
    """Commit the request's session if ``response`` is a success, else roll it back."""
    session = g.get("db_session")
    if session is None:
        return response
    if response.status_code >= 400:
        session.rollback()
        return response
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return response


def abandon() -> None:
    """Roll back the request's session (the view raised)."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()
