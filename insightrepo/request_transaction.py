"""The request owns the transaction: the one place a web page or API call commits or rolls back.

A view reads and writes through ``current_session()`` (services flush, never commit). When the view
has answered, its response decides: below 400 the work is committed; a refusal (a form shown again
with its messages, an API error) or an exception rolls everything back, so bad input changes
nothing even where a service had flushed part of it. A failed commit (a stale version, a unique
key) is raised from here and reaches the error handlers like any other error."""

from __future__ import annotations

from typing import Callable

from flask import current_app, g, has_request_context, request, session as browser_session
from werkzeug.wrappers import Response


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes_on_read(view: Callable) -> Callable:
    """Mark a view that writes although it answers GET (a share link logs each visit): its session
    takes SQLite's write lock up front, like any POST, instead of reading alongside a writer."""
    view.writes_on_read = True
    return view


def reads_only() -> bool:
    """Whether the current request is expected only to read: a GET, HEAD or OPTIONS whose view is
    not marked ``writes_on_read``. Outside a request (the CLI, the outbox drainer): False."""
    if not has_request_context() or request.method not in SAFE_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "writes_on_read", False)


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
        # The view flashed "saved" before its answer was committed; the commit failed, so the
        # error page is all the person should see.
        browser_session.pop("_flashes", None)
        raise
    for callback in g.pop("after_commit", ()):
        callback()
    return response


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the request's work is committed (never if it is rolled back): a side
    effect outside the database, such as removing an uploaded file whose rows are now imported."""
    g.setdefault("after_commit", []).append(callback)


def abandon() -> None:
    """Roll back the request's session (the view raised)."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()

