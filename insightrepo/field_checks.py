"""The one vocabulary of field rules. A check takes (field name, raw value) and returns the clean
value or raises ValueError with a message a user can act on; ``clean`` runs a table of them and
raises Invalid with every problem. The ``*_problem`` functions say what is wrong with a value (or
None) for callers that collect problems themselves (accounts, workspaces, the backup loaders).

Every message is a whole sentence through gettext that names the field by ``field_labels.field_name``:
the API's own name in English for the JSON API and the command line (``title must be at most 200
characters``), the field's label in the reader's language on a page."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Callable

from insightrepo.field_labels import field_name
from insightrepo.i18n import gettext, lazy_gettext

Check = Callable[[str, Any], Any]


WHY_LIMIT = 2000  # the longest reason for a change (a form's "Why", the API's X-Change-Note)


TOO_LONG = lazy_gettext("At most %(max)d characters (this has %(length)d).")  # the one length message: API, forms, backups


def too_long(value: str, limit: int) -> str:
    """"" if ``value`` fits in ``limit`` characters, else the message that says the limit: over-long
    input is refused, never cut."""
    return TOO_LONG % {"max": limit, "length": len(value)} if len(value) > limit else ""

# What a link to something outside the workspace is told, whole for each kind of thing linked.
_NOT_HERE = {"step_ids": lazy_gettext("no step %(ids)s in this workspace"),
             "phase_ids": lazy_gettext("no phase %(ids)s in this workspace"),
             "quote_ids": lazy_gettext("no quote %(ids)s in this workspace"),
             "narrative_ids": lazy_gettext("no narrative %(ids)s in this workspace"),
             "job_id": lazy_gettext("no job %(ids)s in this workspace")}


def not_here(name: str, missing_ids: list[str]) -> str:
    """The message for ids in field ``name`` (``step_ids``, ``quote_ids`` …) that the workspace lacks (the first five)."""
    return _NOT_HERE[name] % {"ids": ", ".join(missing_ids[:5])}


def missing(name: str) -> str:
    """The message for a required field left empty or not sent."""
    return gettext("%(field)s is required", field=field_name(name))


def text(limit: int, required: bool = False) -> Check:
    def check(name: str, value: Any) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise ValueError(gettext("%(field)s must be text", field=field_name(name)))
        value = value.strip()
        problem = text_problem(name, value, limit, required)
        if problem:
            raise ValueError(problem)
        return value
    return check


def text_problem(name: str, value: str, limit: int, required: bool = True) -> str | None:
    """What is wrong with the text ``value`` of field ``name`` (empty when ``required``, longer than
    ``limit``, a NUL character), or None."""
    value = value or ""
    if required and not value.strip():
        return missing(name)
    if len(value) > limit:
        return gettext("%(field)s must be at most %(max)d characters", field=field_name(name), max=limit)
    if "\x00" in value:
        return gettext("%(field)s must not contain NUL characters", field=field_name(name))
    return None


def one_of(name: str, options: tuple[str, ...] | list[str], optional: bool = False) -> str:
    """The message for a value that is not one of ``options`` (codes, as the API spells them)."""
    listed = ", ".join(options)
    if optional:
        return gettext("%(field)s must be one of %(options)s or empty", field=field_name(name), options=listed)
    return gettext("%(field)s must be one of %(options)s", field=field_name(name), options=listed)


def choice(options: tuple[str, ...], optional: bool = False) -> Check:
    def check(name: str, value: Any) -> str | None:
        if optional and value in (None, "", "none"):
            return None
        if value not in options:
            raise ValueError(one_of(name, options, optional))
        return value
    return check


def flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(gettext("%(field)s must be true or false", field=field_name(name)))
    return value


def whole_number(low: int, high: int, message: Callable[[str], str] | None = None) -> Check:
    """A whole number from ``low`` to ``high``, or empty (None); ``message(name)`` words the refusal
    when the range has a plainer way to say it."""
    def check(name: str, value: Any) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(message(name) if message else gettext(
                "%(field)s must be a whole number from %(low)d to %(high)d", field=field_name(name), low=low, high=high))
        return value
    return check


# The days a user may type anywhere (API, forms, filters, backups): wide enough for any map, old
# or planned, and far enough from the calendar's ends that a day's arithmetic never overflows.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)


def day_problem(name: str, value: date) -> str | None:
    """Why the date (or datetime) ``value`` is out of range, or None."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        return gettext("%(field)s must be a date from %(first)s to %(last)s", field=field_name(name) if name else "",
                       first=EARLIEST_DAY.isoformat(), last=LATEST_DAY.isoformat()).strip()
    return None


def a_date(name: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    day = None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if day is None:
        raise ValueError(gettext("%(field)s must be a date like 2026-03-04", field=field_name(name)))
    problem = day_problem(name, day)
    if problem:
        raise ValueError(problem)
    return day


def a_past_date(name: str, value: Any) -> date | None:
    """A date that has been (a snapshot's as_of: the map as it was or is)."""
    day = a_date(name, value)
    if day is not None and day > date.today():
        raise ValueError(gettext("%(field)s cannot be in the future: it is the date the map describes, as it was or is",
                                 field=field_name(name)))
    return day


def id_list(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= 64 and "\x00" not in v for v in value):
        raise ValueError(gettext("%(field)s must be a list of ids", field=field_name(name)))
    return list(dict.fromkeys(value))


# Accounts and workspaces: an address, a password, a workspace's short name.
EMAIL_RE = re.compile(r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_problem(email: str) -> str | None:
    if not email:
        return missing("email")
    if len(email) > 254 or not EMAIL_RE.match(email):
        return gettext("%(field)s must look like name@example.org", field=field_name("email"))
    return None


def password_problem(password: str) -> str | None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return gettext("%(field)s must be at least %(min)d characters", field=field_name("password"),
                       min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return gettext("%(field)s must be at most %(max)d characters", field=field_name("password"),
                       max=MAX_PASSWORD_LENGTH)
    return None


def slug_problem(slug: str) -> str | None:
    if not slug:
        return missing("slug")
    if not SLUG_RE.match(slug):
        return gettext("%(field)s must be 1–64 lowercase letters, digits or dashes, not starting or ending with a dash",
                       field=field_name("slug"))
    return None


def clean(changes: dict[str, Any], checks: dict[str, Check], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """Validated values for the known fields in ``changes``; Invalid lists every problem."""
    from insightrepo.errors import Invalid

    problems: dict[str, str] = {name: missing(name) for name in required if name not in changes}
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name in checks:
            try:
                cleaned[name] = checks[name](name, value)
            except ValueError as problem:
                problems[name] = str(problem)
    if problems:
        raise Invalid(problems)
    return cleaned


def assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set attributes; True when anything actually changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
