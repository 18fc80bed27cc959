"""A journey map laid out as a picture, for the PNG and PDF exports (web/map_png.py, web/map_pdf.py).

The layout is computed once, in pixels, from the same data the map page shows (a live journey or a
frozen snapshot read through the same names) and the same curve geometry (web/emotion_curve.py):
lanes as rows, steps as 176 px columns, the emotion curve in its own lane. Text is wrapped to its
cell with the vendored DejaVu Sans (static/fonts/, it has å, ä, ö, æ, ø …) and clipped with "…"
after a few lines, so long text never breaks the picture. ``draw`` then paints any column range of
it onto a canvas — Pillow's for the PNG, fpdf2's for the PDF pages — with the lane labels always
drawn, so every PDF page repeats them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Protocol

from PIL import ImageFont

from insightrepo.i18n import gettext as _
from insightrepo.resources import resource_dir
from insightrepo.web.emotion_curve import COLUMN_WIDTH, Curve, build_curve, columns

MARGIN = 16
LANE_WIDTH = 150
PADDING = 6
TEXT_SIZE = 12
LINE_HEIGHT = 16
MAX_LINES = 6          # a cell shows at most this many lines; the rest is clipped with "…"
HEART = "♥"
THUNDERCLOUD = "☁"
MOMENT = "★"

INK, MUTED, BRAND = "#1d2327", "#5b6670", "#1f5f5b"
RULE, BAND_ODD, BAND_EVEN, BACKSTAGE = "#d8dee3", "#eef3f2", "#f8faf9", "#f4f1f8"
HEART_COLOUR, CLOUD_COLOUR, BOLT_COLOUR, MOMENT_COLOUR, MOMENT_FILL = "#c2185b", "#5b6670", "#e0a800", "#b7791f", "#fbeec4"
NEGATIVE, POSITIVE = "#a4262c", "#1e6b35"


def font_path(bold: bool = False) -> Path:
    return resource_dir("static") / "fonts" / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


@lru_cache(maxsize=32)
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def text_width(text: str, size: float, bold: bool = False) -> float:
    return _font(size, bold).getlength(text)


def wrap(text: str, width: float, size: float = TEXT_SIZE, bold: bool = False, max_lines: int = MAX_LINES) -> list[str]:
    """``text`` in lines no wider than ``width``; a word longer than a line is cut where it must be;
    more than ``max_lines`` lines end in "…"."""
    lines: list[str] = []
    for paragraph in " ".join(str(text).split("\n")).split("\r") if text else []:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold) > width:  # an unbroken word: cut it to the width
                cut = _fitting(word, width, size, bold)
                lines.append(word[:cut])
                word = word[cut:]
                if len(lines) > max_lines:
                    break
            line = word
            if len(lines) > max_lines:
                break
        if line:
            lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = ellipsis(lines[-1], width, size, bold)
    return lines


def ellipsis(line: str, width: float, size: float = TEXT_SIZE, bold: bool = False) -> str:
    while line and text_width(line + "…", size, bold) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _fitting(word: str, width: float, size: float, bold: bool) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return max(low, 1)


class Canvas(Protocol):
    """What a painter offers; coordinates in the picture's pixels, text placed at its baseline."""

    def rect(self, x: float, y: float, w: float, h: float, fill: str | None, outline: str | None = None) -> None: ...
    def line(self, points: list[tuple[float, float]], colour: str, width: float, dashed: bool = False) -> None: ...
    def circle(self, x: float, y: float, r: float, fill: str, outline: str, width: float) -> None: ...
    def polygon(self, points: list[tuple[float, float]], fill: str) -> None: ...
    def text(self, x: float, y: float, text: str, size: float, colour: str, bold: bool = False) -> None: ...
    def clip(self, x: float, y: float, w: float, h: float) -> Any: ...  # a context manager


@dataclass
class Lane:
    label: str
    y: float
    height: float
    cells: list[list[tuple[str, str, bool]]]  # per column: lines of (text, colour, bold)
    backstage: bool = False
    curve: bool = False


@dataclass
class MapPicture:
    title: str
    subtitle: str
    columns: list[tuple[Any, Any]]
    curve: Curve
    phase_y: float
    phase_height: float
    phase_cells: list[tuple[int, int, list[tuple[str, str, bool]]]]  # first column, column count, lines
    step_y: float
    step_height: float
    step_cells: list[list[tuple[str, str, bool]]]
    lanes: list[Lane] = field(default_factory=list)
    visibility_y: float = 0.0
    height: float = 0.0

    @property
    def grid_left(self) -> float:
        return MARGIN + LANE_WIDTH

    @property
    def width(self) -> float:
        return self.grid_left + max(len(self.columns), 1) * COLUMN_WIDTH + MARGIN

    def column_x(self, index: int) -> float:
        return self.grid_left + index * COLUMN_WIDTH


def _score(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else (f"−{-value}" if value < 0 else "0")


def _cell(text: str, colour: str = INK, bold: bool = False, size: float = TEXT_SIZE,
          max_lines: int = MAX_LINES) -> list[tuple[str, str, bool]]:
    return [(line, colour, bold) for line in wrap(text or "", COLUMN_WIDTH - 2 * PADDING, size, bold, max_lines)]


def _touchpoint(step) -> list[tuple[str, str, bool]]:
    lines = _cell(step.touchpoint, bold=True, max_lines=3)
    if step.channels:
        lines += _cell(" · ".join(step.channels), MUTED, max_lines=2)
    if not step.present:
        lines += _cell(_("we are not present"), NEGATIVE, max_lines=1)
    elif not step.direct:
        lines += _cell(_("indirect"), MUTED, max_lines=1)
    return lines


def _marker(step) -> str:
    return {"heart": HEART, "thundercloud": THUNDERCLOUD}.get(step.marker or "", "")


def _moment(step) -> list[tuple[str, str, bool]]:
    if not step.moment_title:
        return []
    return _cell(f"{MOMENT} {step.moment_title}", MOMENT_COLOUR, bold=True, max_lines=3) + \
        _cell(step.moment_description, MUTED, max_lines=3)


def _owner(step) -> list[tuple[str, str, bool]]:
    if step.owner:
        return _cell(step.owner)
    return _cell(_("no owner"), NEGATIVE, max_lines=1) if step.touchpoint else []


LANES: list[tuple[str, Callable[[Any], list[tuple[str, str, bool]]], bool]] = [
    ("Customer actions", lambda s: _cell(s.action), False),
    ("Touchpoints & channels", _touchpoint, False),
    ("Thoughts & feelings", lambda s: _cell(s.thoughts), False),
    ("Emotion curve", lambda s: [], False),
    ("Emotion score", lambda s: [(_score(s.emotion), INK, True)], False),
    ("Moments of truth", _moment, False),
    ("Needs", lambda s: _cell(s.need), False),
    ("Owner", _owner, False),
    ("People & teams", lambda s: _cell(s.backstage_people), True),
    ("Policies & processes", lambda s: _cell(s.backstage_policies), True),
    ("Systems", lambda s: _cell(s.backstage_systems), True),
    ("Employee experience", lambda s: [(_score(s.employee_emotion), INK, True)], True),
]


def _lane_label(label: str) -> str:
    return {"Customer actions": _("Customer actions"), "Touchpoints & channels": _("Touchpoints & channels"),
            "Thoughts & feelings": _("Thoughts & feelings"), "Emotion curve": _("Emotion curve"),
            "Emotion score": _("Emotion score"), "Moments of truth": _("Moments of truth"), "Needs": _("Needs"),
            "Owner": _("Owner"), "People & teams": _("People & teams"),
            "Policies & processes": _("Policies & processes"), "Systems": _("Systems"),
            "Employee experience": _("Employee experience")}[label]


def _height(cells: list[list]) -> float:
    return max([len(c) for c in cells] + [1]) * LINE_HEIGHT + 2 * PADDING


def lay_out(journey, snapshot=None) -> MapPicture:
    """The whole map of ``journey`` (live, or frozen with its ``snapshot`` row) in pixels."""
    slots = columns(journey)
    steps = len(journey.steps)
    subtitle = _("%(steps)d steps in %(phases)d phases", steps=steps, phases=len(journey.phases))
    if journey.persona:
        subtitle += f" · {journey.persona}"
    if snapshot is not None:
        subtitle = _("Snapshot “%(label)s”, the map as of %(date)s", label=snapshot.label,
                     date=snapshot.as_of.isoformat()) + " · " + subtitle
    phase_cells, index = [], 0
    for phase in journey.phases:
        span = max(len(phase.steps), 1)
        width = span * COLUMN_WIDTH - 2 * PADDING
        lines = [(line, BRAND, True) for line in wrap(phase.title, width, 13, True, 2)]
        lines += [(line, MUTED, False) for line in wrap(phase.goal or "", width, 11, False, 2)]
        phase_cells.append((index, span, lines))
        index += span
    step_cells, number = [], 0
    for _phase, step in slots:
        if step is None:
            step_cells.append([(_("No steps"), MUTED, False)])
            continue
        number += 1
        step_cells.append([(line, INK, True) for line in
                           wrap(f"{number}  {step.title}", COLUMN_WIDTH - 2 * PADDING - 24, TEXT_SIZE, True, 3)])
    top = MARGIN + 48
    phase_height = max([len(lines) for _i, _s, lines in phase_cells] + [1]) * LINE_HEIGHT + 2 * PADDING
    step_y = top + phase_height
    step_height = _height(step_cells)
    curve = build_curve(journey)
    picture = MapPicture(title=journey.title, subtitle=subtitle, columns=slots, curve=curve, phase_y=top,
                         phase_height=phase_height, phase_cells=phase_cells, step_y=step_y,
                         step_height=step_height, step_cells=step_cells)
    y = step_y + step_height
    for label, cell_of, backstage in LANES:
        if backstage and not picture.visibility_y:
            picture.visibility_y = y
            y += 20
        if label == "Emotion curve":
            picture.lanes.append(Lane(_lane_label(label), y, curve.height, [], curve=True))
            y += curve.height
            continue
        cells = [cell_of(step) if step is not None else [] for _phase, step in slots]
        lane = Lane(_lane_label(label), y, _height(cells), cells, backstage)
        picture.lanes.append(lane)
        y += lane.height
    picture.height = y + MARGIN
    return picture


def draw(picture: MapPicture, canvas: Canvas, first: int = 0, last: int | None = None, x0: float = 0.0) -> None:
    """Paint columns ``first`` … ``last`` (exclusive) of ``picture``; the lane labels and the title
    always. ``x0``: the x at which column ``first`` would stand in the whole picture minus where it
    stands here (a PDF page shifts its columns left by it)."""
    last = len(picture.columns) if last is None else last
    width = picture.grid_left + max(last - first, 1) * COLUMN_WIDTH
    canvas.text(MARGIN, MARGIN + 18, ellipsis(picture.title, width, 18, True)
                if text_width(picture.title, 18, True) > width else picture.title, 18, INK, True)
    canvas.text(MARGIN, MARGIN + 38, ellipsis(picture.subtitle, width, 11) if
                text_width(picture.subtitle, 11) > width else picture.subtitle, 11, MUTED)

    def cx(index: int) -> float:
        return picture.column_x(index - first)

    right = cx(last)
    with canvas.clip(picture.grid_left, 0, right - picture.grid_left, picture.height):
        for number, (start, span, lines) in enumerate(picture.phase_cells):
            if start + span <= first or start >= last:
                continue
            x = cx(max(start, first))
            w = cx(min(start + span, last)) - x
            canvas.rect(x, picture.phase_y, w, picture.phase_height, BAND_ODD if number % 2 == 0 else BAND_EVEN, RULE)
            _lines(canvas, x, picture.phase_y, lines, 13)
        for index in range(first, last):
            x = cx(index)
            step = picture.columns[index][1]
            canvas.rect(x, picture.step_y, COLUMN_WIDTH, picture.step_height,
                        MOMENT_FILL if step is not None and step.moment_title else "#ffffff", RULE)
            _lines(canvas, x, picture.step_y, picture.step_cells[index])
            if step is not None and step.marker:
                _marker_icon(canvas, step.marker, x + COLUMN_WIDTH - 24, picture.step_y + PADDING, 18)
        for lane in picture.lanes:
            if lane.curve:
                canvas.rect(picture.grid_left, lane.y, right - picture.grid_left, lane.height, "#ffffff", RULE)
                draw_curve(canvas, picture.curve, picture.grid_left - first * COLUMN_WIDTH, lane.y,
                           left=picture.grid_left, right=right)
                continue
            for index in range(first, last):
                x = cx(index)
                canvas.rect(x, lane.y, COLUMN_WIDTH, lane.height, BACKSTAGE if lane.backstage else "#ffffff", RULE)
                _lines(canvas, x, lane.y, lane.cells[index])
    if picture.visibility_y:
        y = picture.visibility_y + 4
        canvas.line([(MARGIN, y), (right, y)], MUTED, 1.5, dashed=True)
        canvas.text(MARGIN + PADDING, y + 12, _("Line of visibility"), 10, MUTED)
    for top, height, label, shade in [(picture.phase_y, picture.phase_height, _("Phase"), "#ffffff"),
                                      (picture.step_y, picture.step_height, _("Step"), "#ffffff")] + \
            [(lane.y, lane.height, lane.label, BACKSTAGE if lane.backstage else "#f5f7f8") for lane in picture.lanes]:
        canvas.rect(MARGIN, top, LANE_WIDTH, height, shade, RULE)
        _lines(canvas, MARGIN, top, [(line, MUTED, True) for line in wrap(label, LANE_WIDTH - 2 * PADDING, 11, True, 3)],
               11)


def _lines(canvas: Canvas, x: float, y: float, lines: list[tuple[str, str, bool]], size: float = TEXT_SIZE) -> None:
    for number, (text, colour, bold) in enumerate(lines):
        if text:
            line_size = size if number == 0 or bold else min(size, TEXT_SIZE)
            canvas.text(x + PADDING, y + PADDING + 12 + number * LINE_HEIGHT, text, line_size, colour, bold)


def _marker_icon(canvas: Canvas, marker: str, x: float, y: float, size: float) -> None:
    """A heart (the font's glyph) or a thundercloud with its bolt (drawn) in a ``size`` square at (x, y)."""
    if marker == "heart":
        canvas.text(x, y + size * 0.85, HEART, size, HEART_COLOUR, True)
    elif marker == "thundercloud":
        for cx, cy, r in ((0.3, 0.45, 0.2), (0.55, 0.33, 0.26), (0.78, 0.5, 0.18)):
            canvas.circle(x + cx * size, y + cy * size, r * size, CLOUD_COLOUR, CLOUD_COLOUR, 0.5)
        canvas.rect(x + 0.3 * size, y + 0.45 * size, 0.48 * size, 0.23 * size, CLOUD_COLOUR)
        bolt = [(0.5, 0.55), (0.3, 0.85), (0.45, 0.85), (0.35, 1.1), (0.68, 0.75), (0.53, 0.75), (0.63, 0.55)]
        canvas.polygon([(x + dx * size, y + dy * size) for dx, dy in bolt], BOLT_COLOUR)


def draw_curve(canvas: Canvas, curve: Curve, x0: float, y0: float, left: float | None = None,
               right: float | None = None, axis: bool = False) -> None:
    """The emotion curve (geometry from web/emotion_curve.py) with its top-left at (x0, y0):
    phase bands, the −2 … +2 grid, moments of truth, the line, the points, hearts and thunderclouds."""
    left = x0 + curve.left if left is None else left
    right = x0 + curve.width if right is None else right
    for number, band in enumerate(curve.bands):
        canvas.rect(x0 + band.x, y0, band.width, curve.height, BAND_ODD if number % 2 == 0 else BAND_EVEN)
        if axis:
            label = band.phase.title
            if text_width(label, 12, True) > band.width - 16:
                label = ellipsis(label, band.width - 16, 12, True)
            canvas.text(x0 + band.x + 8, y0 + 18, label, 12, BRAND, True)
    for score, y in curve.grid:
        canvas.line([(left, y0 + y), (right, y0 + y)], "#8c979f" if score == 0 else RULE, 1, dashed=score == 0)
        label = _score(score)
        if axis:
            canvas.text(x0 + curve.left - 8 - text_width(label, 11), y0 + y + 4, label, 11, MUTED)
        elif score in (2, 0, -2):
            canvas.text(left + 4, y0 + y - 3, label, 10, MUTED)
    for p in curve.points:
        if p.step.moment_title:
            canvas.rect(x0 + p.x - 30, y0 + curve.top - 10, 60, curve.plot_height + 20, MOMENT_FILL)
            top = y0 + curve.top - 12
            canvas.polygon([(x0 + p.x, top), (x0 + p.x + 6, top + 6), (x0 + p.x, top + 12), (x0 + p.x - 6, top + 6)],
                           MOMENT_COLOUR)
    for segment in curve.segments:
        if len(segment) > 1:
            canvas.line([(x0 + p.x, y0 + p.y) for p in segment], BRAND, 2.5)
    for p in curve.scored:
        colour = NEGATIVE if p.step.emotion < 0 else (POSITIVE if p.step.emotion > 0 else BRAND)
        canvas.circle(x0 + p.x, y0 + p.y, 6, "#ffffff", colour, 2.5)
    for p in curve.points:
        if p.step.marker:
            y = p.y if p.y is not None else curve.y_of(0)
            _marker_icon(canvas, p.step.marker, x0 + p.x + 7, y0 + y - 26, 20)
    if axis:
        for p in curve.points:
            x = x0 + p.x - curve.column_width / 2 + 4
            lines = wrap(f"{p.number} {p.step.title}", curve.column_width - 8, 11, False, 2)
            for number, line in enumerate(lines):
                canvas.text(x, y0 + curve.top + curve.plot_height + 30 + number * 14, line, 11, INK)
