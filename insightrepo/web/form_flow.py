"""A form's write that may be refused: the one place a page undoes part of the request's work.

The request owns the transaction (``insightrepo.request_transaction``): what the view did is
committed when it answers below 400. A page that shows a refused form again with a 200 — or
refuses and redirects with a message — must not commit what the refused call had already
flushed. ``attempt`` runs the call in a savepoint and, when the call raises one of the refusals
the page answers itself, rolls back to that savepoint and hands the error to the view::

    with attempt(Invalid) as outcome:
        item = evidence.create_item(session, current_user, ...)
    if outcome.refused:
        show_errors(form, outcome.error)
    else:
        flash(...); return redirect(...)

Any other error leaves through the request, which rolls everything back."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from insightrepo.db import current_session
from insightrepo.errors import Conflict, Invalid
from insightrepo.web.account_forms import show_errors


@dataclass
class Outcome:
    """What became of an attempt: ``error`` is the refusal, None when the call went through."""

    error: Exception | None = None

    @property
    def refused(self) -> bool:
        return self.error is not None


@contextmanager
def attempt(*refusals: type[Exception]) -> Iterator[Outcome]:
    """Run the block in a savepoint; roll it back and keep the error if it raises one of ``refusals``
    (by default ``Invalid``)."""
    refusals = refusals or (Invalid,)
    savepoint = current_session().begin_nested()
    outcome = Outcome()
    try:
        yield outcome
    except refusals as error:
        savepoint.rollback()
        outcome.error = error
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    else:
        if savepoint.is_active:
            savepoint.commit()


@dataclass
class Edit:
    """What became of an edit form's save: ``saved``, or refused — with ``theirs`` (the stored
    thing, reloaded) when the form was based on a version someone else has since replaced."""

    saved: bool
    theirs: Any = None


def save_edit(form, stored: Any, save: Callable[[], Any], aliases: dict[str, str] | None = None) -> Edit:
    """The edit forms' one flow: run ``save`` (a service's update) as an attempt. A stale version
    puts the stored version in the form (so saving again from the page works) and hands back
    ``stored`` reloaded, to show beside what was typed; any other refusal puts its messages beside
    the fields (``aliases``: service field → form field)."""
    with attempt(Invalid, Conflict) as outcome:
        save()
    if isinstance(outcome.error, Conflict) and "current_version" in outcome.error.details:
        current_session().refresh(stored)
        form.version.data = str(stored.version)
        return Edit(saved=False, theirs=stored)
    if outcome.refused:
        show_errors(form, outcome.error, aliases)
        return Edit(saved=False)
    return Edit(saved=True)
