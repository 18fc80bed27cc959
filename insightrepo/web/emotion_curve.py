"""Geometry of the emotion curve, drawn on the server as SVG (templates/journeys/_curve.svg).

The map view lays steps out as equal columns; the curve uses the same columns, so each point
sits under its step. A phase without steps still takes one (empty) column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from insightrepo.models import Journey, Phase, Step

COLUMN_WIDTH = 176   # px; the map's step columns are 11rem wide
PLOT_HEIGHT = 160    # from +2 at the top to −2 at the bottom

# Characters XML 1.0 forbids even escaped (text pasted from slides brings vertical tabs);
# the HTML map tolerates them, a standalone SVG would not parse.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Point:
    step: Step
    number: int
    x: float
    y: float | None  # None: the step has no emotion score

    @property
    def label(self) -> str:
        score = "no score" if self.step.emotion is None else f"{self.step.emotion:+d}".replace("+0", "0")
        extras = [m for m in (self.step.marker, "moment of truth" if self.step.moment_title else None) if m]
        return f"Step {self.number} “{self.step.title}”: {score}" + (f" ({', '.join(extras)})" if extras else "")


@dataclass(frozen=True)
class Band:
    phase: Phase
    x: float
    width: float


@dataclass
class Curve:
    title: str
    left: float
    top: float
    width: float
    height: float
    bands: list[Band] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    segments: list[list[Point]] = field(default_factory=list)

    plot_height: float = PLOT_HEIGHT

    def y_of(self, score: int) -> float:
        return self.top + (2 - score) * PLOT_HEIGHT / 4

    @property
    def grid(self) -> list[tuple[int, float]]:
        return [(score, self.y_of(score)) for score in (2, 1, 0, -1, -2)]

    @property
    def scored(self) -> list[Point]:
        return [p for p in self.points if p.y is not None]

    @property
    def description(self) -> str:
        return "; ".join(p.label for p in self.points) or "No steps yet."

    def polyline(self, segment: list[Point]) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in segment)


def columns(journey: Journey) -> list[tuple[Phase, Step | None]]:
    """The map's columns in order: every step, and one empty column for a phase without steps."""
    return [(phase, step) for phase in journey.phases for step in (phase.steps or [None])]


def build_curve(journey: Journey, standalone: bool = False) -> Curve:
    """``standalone``: a self-contained picture with an axis and phase labels (curve.svg);
    otherwise the strip drawn inside the map, aligned with its columns."""
    left, top = (44.0, 40.0) if standalone else (0.0, 28.0)
    slots = columns(journey)
    curve = Curve(title=journey.title, left=left, top=top,
                  width=left + max(len(slots), 1) * COLUMN_WIDTH + (12 if standalone else 0),
                  height=top + PLOT_HEIGHT + 16)
    number = 0
    segment: list[Point] = []
    for index, (phase, step) in enumerate(slots):
        x = left + index * COLUMN_WIDTH + COLUMN_WIDTH / 2
        if not curve.bands or curve.bands[-1].phase is not phase:
            curve.bands.append(Band(phase, left + index * COLUMN_WIDTH, COLUMN_WIDTH))
        else:
            last = curve.bands[-1]
            curve.bands[-1] = Band(phase, last.x, last.width + COLUMN_WIDTH)
        if step is None:
            segment = _close(curve, segment)
            continue
        number += 1
        point = Point(step, number, x, None if step.emotion is None else curve.y_of(step.emotion))
        curve.points.append(point)
        if point.y is None:
            segment = _close(curve, segment)
        else:
            segment.append(point)
    _close(curve, segment)
    return curve


def _close(curve: Curve, segment: list[Point]) -> list[Point]:
    if segment:
        curve.segments.append(segment)
    return []


def xml_safe(document: str) -> str:
    """A rendered SVG with the characters XML cannot hold replaced by spaces."""
    return _NOT_XML.sub(" ", document)
