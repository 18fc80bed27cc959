"""How an experiment's numbers are written, the same on its page, the board, compare and in the
words of its suggested verdict: rates as percentages, differences of rates in percentage points,
means in their unit — in the interface language's own way (insightrepo.formats: ``14,1 %`` in
Swedish, ``14.1 %`` in English)."""

from __future__ import annotations

from insightrepo import formats
from insightrepo.i18n import gettext


def _digits(kind: str, value: float) -> int:
    if kind == "proportion":
        return 1
    magnitude = abs(value)
    return 2 if magnitude < 10 else 1 if magnitude < 100 else 0


def _bare(kind: str, value: float, signed: bool) -> str:
    """The number alone: a rate in percent (or points), a mean as it is."""
    return formats.number(value * 100 if kind == "proportion" else value, _digits(kind, value), signed)


def format_value(kind: str, unit: str, value: float | None, signed: bool = False) -> str:
    """A rate as a percentage, a mean in its unit; a difference of rates in percentage points."""
    if value is None:
        return "—"
    if kind == "proportion":
        if signed:
            return gettext("%(value)s pp", value=_bare(kind, value, True))
        return formats.percent(value, 1)
    text = _bare(kind, value, signed)
    return f"{text} {unit}" if unit else text


def format_interval(kind: str, unit: str, low: float | None, high: float | None, signed: bool = False) -> str:
    if low is None or high is None:
        return gettext("no interval")
    return f"[{_bare(kind, low, signed)}, {format_value(kind, unit, high, signed)}]"


def format_p(p: float | None) -> str:
    if p is None:
        return "—"
    return f"< {formats.number(0.001, 3)}" if p < 0.001 else formats.number(p, 3)
