"""Geometry of the emotion curve, drawn on the server as SVG (templates/journeys/_curve.svg).

The map view lays steps out as equal columns; the curve uses the same columns, so each point
sits under its step. A phase without steps still takes one (empty) column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from insightrepo.i18n import gettext
from insightrepo.models import Journey, Phase, Step

COLUMN_WIDTH = 176   # px; the map's step columns are 11rem wide (the detailed zoom; curve.svg)
# The map's zoom levels (insightrepo.journeys.map_view.ZOOMS) → the step columns' width in px,
# as static/app.css draws them (.map--compact etc.), so the curve's points stay under their steps.
ZOOM_WIDTHS = {"compact": 96, "normal": 120, "detailed": COLUMN_WIDTH}
PLOT_HEIGHT = 160    # from +2 at the top to −2 at the bottom
STEP_LABELS = 40     # below a standalone curve's plot: each step's number and title

# Characters XML 1.0 forbids even escaped (text pasted from slides brings vertical tabs);
# the HTML map tolerates them, a standalone SVG would not parse.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Point:
    step: Step
    number: int
    x: float
    y: float | None  # None: the step has no emotion score
    label: str = ""  # the point in words: Step 3 “Pay”: -1 (thundercloud)


def _labeller():
    """Each point's words, with the few messages translated once per curve (a 300-step curve would
    otherwise ask the catalog ~1,000 times)."""
    no_score, moment = gettext("no score"), gettext("moment of truth")
    markers = {"heart": gettext("heart"), "thundercloud": gettext("thundercloud")}
    sentence = gettext("Step %(number)d “%(title)s”: %(score)s")

    def label(step: Step, number: int) -> str:
        score = no_score if step.emotion is None else f"{step.emotion:+d}".replace("+0", "0")
        marker = markers.get(step.marker or "", step.marker)
        extras = [m for m in (marker, moment if step.moment_title else None) if m]
        text = sentence % {"number": number, "title": step.title, "score": score}
        return text + (f" ({', '.join(extras)})" if extras else "")
    return label


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
    column_width: float = COLUMN_WIDTH

    def y_of(self, score: int) -> float:
        return self.top + (2 - score) * self.plot_height / 4

    @property
    def grid(self) -> list[tuple[int, float]]:
        return [(score, self.y_of(score)) for score in (2, 1, 0, -1, -2)]

    @property
    def label_chars(self) -> int:
        """How many characters of a step label fit under its point (11 px text)."""
        return max(int(self.column_width / 6.6), 4)

    @property
    def scored(self) -> list[Point]:
        return [p for p in self.points if p.y is not None]

    @property
    def description(self) -> str:
        return "; ".join(p.label for p in self.points) or gettext("No steps yet.")

    def polyline(self, segment: list[Point]) -> str:
        return " ".join(f"{number(p.x)},{number(p.y)}" for p in segment)

    @staticmethod
    def number(value: float) -> str:
        return number(value)


def number(value: float) -> str:
    """A coordinate as short as SVG allows: one decimal, none when whole (``60``, ``62.5``); a
    300-step curve writes ~1,500 of them."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def columns(journey: Journey) -> list[tuple[Phase, Step | None]]:
    """The map's columns in order: every step, and one empty column for a phase without steps."""
    return [(phase, step) for phase in journey.phases for step in (phase.steps or [None])]


def build_curve(journey: Journey, standalone: bool = False, first_number: int = 1,
                column_width: float = COLUMN_WIDTH, plot_height: float = PLOT_HEIGHT) -> Curve:
    """``standalone``: a self-contained picture with an axis, phase and step labels (curve.svg);
    otherwise the strip drawn inside the map, aligned with its columns. ``first_number``: the
    number of the first step (a part of a map keeps the map's numbers); ``column_width`` and
    ``plot_height``: other proportions than the map's (present mode draws it large)."""
    left, top = (44.0, 40.0) if standalone else (0.0, 28.0)
    slots = columns(journey)
    curve = Curve(title=journey.title, left=left, top=top,
                  width=left + max(len(slots), 1) * column_width + (12 if standalone else 0),
                  height=top + plot_height + 16 + (STEP_LABELS if standalone else 0),
                  plot_height=plot_height, column_width=column_width)
    number = first_number - 1
    label = _labeller()
    segment: list[Point] = []
    for index, (phase, step) in enumerate(slots):
        x = left + index * column_width + column_width / 2
        if not curve.bands or curve.bands[-1].phase is not phase:
            curve.bands.append(Band(phase, left + index * column_width, column_width))
        else:
            last = curve.bands[-1]
            curve.bands[-1] = Band(phase, last.x, last.width + column_width)
        if step is None:
            segment = _close(curve, segment)
            continue
        number += 1
        point = Point(step, number, x, None if step.emotion is None else curve.y_of(step.emotion), label(step, number))
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


# ---- several maps on one curve (the compare page) and sparklines (the timeline) ----------

# The newest map is drawn in the brand colour, the one before it in grey, older ones in accents.
SERIES_COLOURS = ("#6a3d9a", "#c2185b", "#b7791f", "#8c979f", "#1f5f5b")


@dataclass(frozen=True)
class Column:
    step_id: str
    title: str
    phase_title: str


@dataclass
class Series:
    label: str
    colour: str
    points: list[tuple[float, float, str, int]] = field(default_factory=list)  # x, y, step id, emotion
    segments: list[list[tuple[float, float]]] = field(default_factory=list)


@dataclass
class Overlay:
    columns: list[Column]
    series: list[Series]
    width: float
    height: float
    left: float = 44.0
    top: float = 24.0
    plot_height: float = PLOT_HEIGHT

    def y_of(self, score: int) -> float:
        return self.top + (2 - score) * self.plot_height / 4

    @property
    def grid(self) -> list[tuple[int, float]]:
        return [(score, self.y_of(score)) for score in (2, 1, 0, -1, -2)]


def build_overlay(maps: list[tuple[str, Journey]], column_width: float = 64.0) -> Overlay:
    """Up to five maps' curves over one set of columns: the newest map's steps in order, then
    steps only older maps had, after the phase they were in (or at the end)."""
    newest = maps[-1][1]
    columns = [Column(s.id, s.title, p.title) for p in newest.phases for s in p.steps]
    seen = {c.step_id for c in columns}
    for _, journey in reversed(maps[:-1]):
        for phase in journey.phases:
            for step in phase.steps:
                if step.id in seen:
                    continue
                seen.add(step.id)
                after = max((i for i, c in enumerate(columns) if c.phase_title == phase.title), default=len(columns) - 1)
                columns.insert(after + 1, Column(step.id, step.title, phase.title))
    overlay = Overlay(columns=columns, series=[], width=44 + max(len(columns), 1) * column_width + 12,
                      height=24 + PLOT_HEIGHT + 20)
    x_of = {c.step_id: overlay.left + i * column_width + column_width / 2 for i, c in enumerate(columns)}
    for index, (label, journey) in enumerate(maps):
        series = Series(label, SERIES_COLOURS[len(SERIES_COLOURS) - len(maps) + index])
        scores = {s.id: s.emotion for s in journey.steps}
        segment: list[tuple[float, float]] = []
        for column in columns:
            emotion = scores.get(column.step_id)
            if emotion is None:
                if segment:
                    series.segments.append(segment)
                segment = []
                continue
            point = (x_of[column.step_id], overlay.y_of(emotion))
            series.points.append((*point, column.step_id, emotion))
            segment.append(point)
        if segment:
            series.segments.append(segment)
        overlay.series.append(series)
    return overlay


def sparkline(journey: Journey, width: float = 160, height: float = 36) -> str:
    """Polyline points of a small emotion curve (scored steps only), for the timeline."""
    scores = [s.emotion for s in journey.steps if s.emotion is not None]
    if len(scores) < 2:
        return ""
    step = width / (len(scores) - 1)
    return " ".join(f"{i * step:.1f},{(2 - e) * (height - 4) / 4 + 2:.1f}" for i, e in enumerate(scores))
