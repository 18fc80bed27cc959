"""Reusable field checks: each takes (field name, raw value) and returns the clean value or
raises ValueError with a message a user can act on. ``clean`` runs a table of them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable

from insightrepo.i18n import lazy_gettext

Check = Callable[[str, Any], Any]


WHY_LIMIT = 2000  # the longest reason for a change (a form's "Why", the API's X-Change-Note)


TOO_LONG = lazy_gettext("At most %(max)d characters (this has %(length)d).")  # the one length message: API, forms, backups


def too_long(value: str, limit: int) -> str:
    """"" if ``value`` fits in ``limit`` characters, else the message that says the limit: over-long
    input is refused, never cut."""
    return TOO_LONG % {"max": limit, "length": len(value)} if len(value) > limit else ""


def text(limit: int, required: bool = False) -> Check:
    def check(name: str, value: Any) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise ValueError(f"{name} must be text")
        value = value.strip()
        if required and not value:
            raise ValueError(f"{name} is required")
        if len(value) > limit:
            raise ValueError(f"{name} must be at most {limit} characters")
        if "\x00" in value:
            raise ValueError(f"{name} must not contain NUL characters")
        return value
    return check


def choice(options: tuple[str, ...], optional: bool = False) -> Check:
    def check(name: str, value: Any) -> str | None:
        if optional and value in (None, "", "none"):
            return None
        if value not in options:
            raise ValueError(f"{name} must be one of {', '.join(options)}" + (" or empty" if optional else ""))
        return value
    return check


def flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


def whole_number(low: int, high: int, message: str | None = None) -> Check:
    def check(name: str, value: Any) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError((message or "{name} must be a whole number from {low} to {high}").format(
                name=name, low=low, high=high))
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
        return f"{name} must be a date from {EARLIEST_DAY} to {LATEST_DAY}"
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
        raise ValueError(f"{name} must be a date like 2026-03-04")
    problem = day_problem(name, day)
    if problem:
        raise ValueError(problem)
    return day


def a_past_date(name: str, value: Any) -> date | None:
    """A date that has been (a snapshot's as_of: the map as it was or is)."""
    day = a_date(name, value)
    if day is not None and day > date.today():
        raise ValueError(f"{name} cannot be in the future: it is the date the map describes, as it was or is")
    return day


def id_list(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= 64 and "\x00" not in v for v in value):
        raise ValueError(f"{name} must be a list of ids")
    return list(dict.fromkeys(value))


def clean(changes: dict[str, Any], checks: dict[str, Check], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """Validated values for the known fields in ``changes``; Invalid lists every problem."""
    from insightrepo.errors import Invalid

    problems: dict[str, str] = {name: f"{name} is required" for name in required if name not in changes}
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
