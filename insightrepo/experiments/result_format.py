"""How an experiment's numbers are written, the same on its page, the board, compare and in the
words of its suggested verdict: rates as percentages, differences of rates in percentage points,
means in their unit."""

from __future__ import annotations


def format_value(kind: str, unit: str, value: float | None, signed: bool = False) -> str:
    """A rate as a percentage, a mean in its unit; a difference of rates in percentage points."""
    if value is None:
        return "—"
    if kind == "proportion":
        text = f"{value * 100:+.1f}" if signed else f"{value * 100:.1f}"
        suffix = " pp" if signed else " %"
    else:
        magnitude = abs(value)
        digits = 2 if magnitude < 10 else 1 if magnitude < 100 else 0
        text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
        suffix = f" {unit}" if unit else ""
    return text.replace("-", "−") + suffix


def format_interval(kind: str, unit: str, low: float | None, high: float | None, signed: bool = False) -> str:
    if low is None or high is None:
        return "no interval"
    return f"[{format_value(kind, '', low, signed).removesuffix(' pp').removesuffix(' %')}, " \
           f"{format_value(kind, unit, high, signed)}]"


def format_p(p: float | None) -> str:
    if p is None:
        return "—"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"
