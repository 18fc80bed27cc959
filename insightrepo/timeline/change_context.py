"""Who makes the changes a session writes, and why: the change context.

The entry point opens it for its session — a web request for the signed-in user
(web.open_change_context, a form's "why" once the form is valid), an API request for the token's or
session's user and its ``X-Change-Note`` header (api.auth), a command for the operator (nobody:
the default), the demo for its user — and the change log listener (timeline.change_recorder) reads it.
Services take who acts as an argument and never set it, so a write records who opened the context,
whichever checks it passed. A restore that nobody explained says which snapshot it restored
(``explained``)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Iterator

from sqlalchemy.orm import Session

from insightrepo.db import new_id, utcnow
from insightrepo.models import User

WHY_LIMIT = 2000  # characters of a note kept


@dataclass(frozen=True)
class ChangeContext:
    actor_id: str | None = None  # None: the operator (a command), or nobody signed in
    why: str = ""
    at: datetime | None = None  # inside ``dated``: the time the next change row is stamped with
    group: str | None = None  # the one action (request, command) the rows belong to: what one undo takes back


NOBODY = ChangeContext()
_KEY = "insightrepo.change_context"


def open_changes(session: Session, actor: User | None, why: str | None = "") -> ChangeContext:
    """From now on ``session``'s changes are made by ``actor`` for ``why`` (cut to WHY_LIMIT), as one
    new action (group): what one undo takes back. A form reopens it with its "why" before it writes."""
    context = ChangeContext(actor.id if actor is not None else None, (why or "")[:WHY_LIMIT], of(session).at,
                            new_id())
    session.info[_KEY] = context
    return context


def of(session: Session) -> ChangeContext:
    """The context the changes of ``session`` are recorded with (nobody, no note, if none was opened)."""
    return session.info.get(_KEY, NOBODY)


@contextmanager
def opened(session: Session, actor: User | None, why: str | None = "") -> Iterator[ChangeContext]:
    """``open_changes`` for the block only; the context before it is put back afterwards."""
    before = session.info.get(_KEY)
    try:
        yield open_changes(session, actor, why)
    finally:
        _put_back(session, before)


@contextmanager
def explained(session: Session, why: str) -> Iterator[ChangeContext]:
    """Within the block, changes carry ``why`` unless whoever opened the context gave a note."""
    before = session.info.get(_KEY)
    current = before or NOBODY
    try:
        session.info[_KEY] = current if current.why else replace(current, why=why[:WHY_LIMIT])
        yield session.info[_KEY]
    finally:
        _put_back(session, before)


@contextmanager
def dated(session: Session, at: datetime) -> Iterator[ChangeContext]:
    """Within the block, change rows are stamped ``at`` instead of now, each a microsecond after the
    one before so the log keeps their order (timeline.backdating.changes_dated: the demo and imports
    of old maps only, never a user's edit)."""
    before = session.info.get(_KEY)
    try:
        session.info[_KEY] = replace(before or NOBODY, at=at)
        yield session.info[_KEY]
    finally:
        _put_back(session, before)


def stamp(session: Session) -> datetime:
    """When a change row happened: now, or inside ``dated`` the story's time."""
    context = of(session)
    if context.at is None:
        return utcnow()
    session.info[_KEY] = replace(context, at=context.at + timedelta(microseconds=1))
    return context.at


def _put_back(session: Session, before: ChangeContext | None) -> None:
    if before is None:
        session.info.pop(_KEY, None)
    else:
        session.info[_KEY] = before
