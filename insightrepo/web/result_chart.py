"""An experiment's result as a picture (templates/experiments/_result_chart.svg): the two groups
with their 95 % intervals, and below them the difference with its interval against zero and
the minimum effect that matters — the band where the verdict would be "supported" is shaded."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from insightrepo.experiments.result_format import format_interval, format_value

WIDTH = 760
LABEL_WIDTH = 150
PLOT_LEFT, PLOT_RIGHT = LABEL_WIDTH + 20, WIDTH - 230  # room on the right for “3.40 points (1–5) (n = 140)”
ROW_HEIGHT = 34


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten.
    Ticks are whole multiples of the step, cleaned to 12 significant digits (0.3, not
    0.30000000000000004) — at any scale: rounding to fixed decimals made every tick of a metric
    measured in billionths 0, and the axis divided by zero."""
    if not high - low > 1e-300:  # equal, or too close to tell apart in floating point
        high = low + 1
    raw = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)  # 5.000000000000001 steps is 5
    return [float(f"{i * step:.12g}") for i in range(first, max(last, first + 1) + 1)]


@dataclass
class Axis:
    low: float
    high: float
    ticks: list[float]

    def x(self, value: float) -> float:
        return PLOT_LEFT + (value - self.low) / (self.high - self.low) * (PLOT_RIGHT - PLOT_LEFT)


def _axis(values: list[float]) -> Axis:
    ticks = nice_ticks(min(values), max(values))
    return Axis(ticks[0], ticks[-1], ticks)


@dataclass
class Row:
    label: str
    value: float
    low: float | None
    high: float | None
    text: str
    y: float


@dataclass
class Panel:
    title: str
    axis: Axis
    rows: list[Row]
    top: float
    height: float
    tick_format: str  # "percent", "points" or "plain"
    zero: float | None = None
    supported_band: tuple[float, float] | None = None  # x range where the interval would have to lie
    minimum_lines: list[float] = field(default_factory=list)

    def tick_label(self, value: float) -> str:
        if self.tick_format == "percent":
            return f"{value * 100:g} %"
        if self.tick_format == "points":
            return f"{value * 100:+g}".replace("-", "−").replace("+0", "0")
        return f"{value:g}".replace("-", "−")


@dataclass
class ResultChart:
    title: str
    description: str
    height: float
    panels: list[Panel]
    width: int = WIDTH
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT


def build_result_chart(result: dict, title: str) -> ResultChart | None:
    """None when there is nothing to draw (qualitative, or no numbers yet)."""
    kind, unit = result["metric"]["kind"], result["metric"]["unit"] or ""
    estimate = "rate" if kind == "proportion" else "mean"
    groups = [g for g in result["groups"] if g[estimate] is not None]
    if kind == "qualitative" or not groups:
        return None
    panels: list[Panel] = []
    values = [v for g in groups for v in (g[estimate], g["ci_low"], g["ci_high"]) if v is not None]
    if kind == "proportion":
        values += [0.0]
    top = 30.0
    rows = []
    for i, g in enumerate(groups):
        size = f"{g['successes']}/{g['trials']}" if kind == "proportion" else f"n = {g['n']}"
        rows.append(Row(g["label"], g[estimate], g["ci_low"], g["ci_high"],
                        f"{format_value(kind, unit, g[estimate])} ({size})", top + 24 + i * ROW_HEIGHT))
    height = 24 + len(rows) * ROW_HEIGHT + 24
    panels.append(Panel("The groups, with 95 % intervals", _axis(values), rows, top, height,
                        "percent" if kind == "proportion" else "plain"))
    if result["difference"] is not None:
        top += height + 16
        effect = result["minimum_effect"] or 0.0
        sign = 1 if result["metric"]["direction"] == "increase" else -1
        reference, treated = (g["label"].lower() for g in result["groups"])
        values = [0.0, result["difference"], sign * effect]
        values += [v for v in (result["ci_low"], result["ci_high"]) if v is not None]
        axis = _axis(values)
        row = Row(f"{treated} − {reference}".capitalize(), result["difference"], result["ci_low"], result["ci_high"],
                  format_value(kind, unit, result["difference"], signed=True), top + 24)
        band = (axis.x(sign * effect), axis.x(axis.high if sign > 0 else axis.low))
        panel = Panel("The difference, with its 95 % interval", axis, [row], top, 24 + ROW_HEIGHT + 24,
                      "points" if kind == "proportion" else "plain", zero=axis.x(0.0),
                      supported_band=(min(band), max(band)),
                      minimum_lines=[axis.x(sign * effect)] if effect else [])
        panels.append(panel)
    total = panels[-1].top + panels[-1].height + 8
    return ResultChart(title, _describe(result, kind, unit), total, panels)


def _describe(result: dict, kind: str, unit: str) -> str:
    parts = [f"{g['label']}: {format_value(kind, unit, g['rate'] if kind == 'proportion' else g['mean'])} "
             f"{format_interval(kind, unit, g['ci_low'], g['ci_high'])}" for g in result["groups"]]
    if result["difference"] is not None:
        parts.append(f"difference {format_value(kind, unit, result['difference'], signed=True)} "
                     f"{format_interval(kind, unit, result['ci_low'], result['ci_high'], signed=True)}")
    return "; ".join(parts)
