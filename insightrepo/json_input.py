"""JSON and text as they arrive from outside — request bodies, query strings, form fields, backup
files: the one set of rules every door applies before anything else reads the input.

- JSON must parse (Python's own limits give no 500: nesting so deep the parser recurses out,
  an integer longer than 4,300 digits), use no NaN/Infinity, nest at most MAX_DEPTH levels;
- every string (and object key) must be Unicode text: a lone surrogate such as ``"\\ud800"``
  cannot be stored in PostgreSQL, written as UTF-8 to a backup file or frozen into a snapshot;
- integers must fit in 64 bits, as every integer column does.

``Malformed`` is "not JSON we read" (HTTP 400); a value that breaks a rule is ``Invalid`` naming
where it is (HTTP 422)."""

from __future__ import annotations

import json
import re
from typing import Any

from insightrepo.errors import Invalid

MAX_DEPTH = 64
LARGEST_INTEGER = 2 ** 63 - 1
_SURROGATE = re.compile("[\ud800-\udfff]")
NOT_UNICODE = "must be Unicode text: it holds a lone surrogate (\\u{code:04x}), which no file or database can store"


class Malformed(ValueError):
    """The text is not JSON this app reads; the message says why."""


def loads(text: str | bytes) -> Any:
    """The JSON value of ``text``; Malformed when it is not JSON (or nests deeper than MAX_DEPTH),
    Invalid when a string in it is not Unicode text or an integer does not fit in 64 bits."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as problem:
        raise Malformed(f"{problem.msg} at line {problem.lineno}, column {problem.colno}") from None
    except RecursionError:
        raise Malformed(f"it is nested more than {MAX_DEPTH} levels deep") from None
    except UnicodeDecodeError as problem:
        raise Malformed(f"it is not UTF-8 text (byte {problem.start})") from None
    except ValueError as problem:  # an integer beyond Python's 4,300-digit conversion limit, or NaN
        raise Malformed(str(problem) if isinstance(problem, Malformed) else
                        "a number in it has more digits than any field accepts") from None
    check_value(value)
    return value


def check_value(value: Any, where: str = "") -> None:
    """Invalid (naming the field, e.g. ``steps.3.title``) when a string or key in ``value`` is not
    Unicode text or an integer does not fit in 64 bits; Malformed when it nests deeper than MAX_DEPTH."""
    problems: dict[str, str] = {}
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                problems.setdefault(path or "body", f"{path or 'the body'} {problem}")
        elif isinstance(item, bool) or item is None or isinstance(item, float):
            continue
        elif isinstance(item, int):
            if not -LARGEST_INTEGER - 1 <= item <= LARGEST_INTEGER:
                problems.setdefault(path or "body", f"{path or 'the body'} must be a number from "
                                                    f"{-LARGEST_INTEGER - 1:,} to {LARGEST_INTEGER:,}")
        elif isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                raise Malformed(f"it is nested more than {MAX_DEPTH} levels deep")
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                name = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and text_problem(key):
                    problems.setdefault(name, f"the name {text_problem(key)}")
                    continue
                stack.append((child, name, depth + 1))
    if problems:
        raise Invalid(problems, "Some text is not valid Unicode or a number is out of range; nothing was changed.")


def text_problem(text: str) -> str | None:
    """Why ``text`` is not Unicode text that can be stored, or None."""
    match = _SURROGATE.search(text)
    return NOT_UNICODE.format(code=ord(match.group())) if match else None


def repaired(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (the replacement character): what a
    database written before these rules may hold, made writable as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def _refuse_constant(name: str) -> Any:
    raise Malformed(f"{name} is not a JSON number")
