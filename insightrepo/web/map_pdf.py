"""The journey map as a PDF, painted with fpdf2 from the layout of web/map_picture.py.

Landscape A4 or A3. The map is scaled so its lanes fit the page's height (never above 0.75 pt per
pixel, i.e. the size it has on screen); when it is wider than a page, it goes on as many pages as
it needs, a whole number of step columns each, every page repeating the title and the lane
labels. Text stays text (DejaVu Sans embedded, subset), so a reader can search and copy it."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from insightrepo.i18n import gettext as _
from insightrepo.web.emotion_curve import COLUMN_WIDTH
from insightrepo.web.map_picture import MARGIN, MUTED, MapPicture, draw, font_path

if TYPE_CHECKING:
    from fpdf import FPDF

PAPERS = {"a4": "A4", "a3": "A3"}
PAGE_MARGIN = 24  # pt
FOOTER = 14       # pt
SCREEN_SCALE = 0.75  # pt per px: the map's size on a 96 dpi screen


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class PdfCanvas:
    def __init__(self, pdf: FPDF, scale: float, left: float, top: float):
        self.pdf, self.scale, self.left, self.top = pdf, scale, left, top

    def _x(self, x):
        return self.left + x * self.scale

    def _y(self, y):
        return self.top + y * self.scale

    def rect(self, x, y, w, h, fill, outline=None):
        if fill:
            self.pdf.set_fill_color(*_rgb(fill))
        if outline:
            self.pdf.set_draw_color(*_rgb(outline))
            self.pdf.set_line_width(0.5 * self.scale)
        style = ("F" if fill else "") + ("D" if outline else "")
        if style:
            self.pdf.rect(self._x(x), self._y(y), w * self.scale, h * self.scale, style=style)

    def line(self, points, colour, width, dashed=False):
        self.pdf.set_draw_color(*_rgb(colour))
        self.pdf.set_line_width(width * self.scale)
        if dashed:
            self.pdf.set_dash_pattern(dash=4 * self.scale, gap=3 * self.scale)
        self.pdf.polyline([(self._x(x), self._y(y)) for x, y in points], style="D")
        if dashed:
            self.pdf.set_dash_pattern()

    def circle(self, x, y, r, fill, outline, width):
        self.pdf.set_fill_color(*_rgb(fill))
        self.pdf.set_draw_color(*_rgb(outline))
        self.pdf.set_line_width(width * self.scale)
        self.pdf.circle(self._x(x), self._y(y), r * self.scale, style="DF")

    def polygon(self, points, fill):
        self.pdf.set_fill_color(*_rgb(fill))
        self.pdf.polygon([(self._x(x), self._y(y)) for x, y in points], style="F")

    def text(self, x, y, text, size, colour, bold=False):
        self.pdf.set_font("DejaVu", "B" if bold else "", size * self.scale)
        self.pdf.set_text_color(*_rgb(colour))
        self.pdf.text(self._x(x), self._y(y), text)

    def clip(self, x, y, w, h):
        return self.pdf.rect_clip(self._x(x), self._y(y), w * self.scale, h * self.scale)


def map_pdf(picture: MapPicture, paper: str = "a4") -> bytes:
    from fpdf import FPDF  # here, not at the top: every process that starts would pay ~0.7 CPU s for it

    pdf = FPDF(orientation="landscape", unit="pt", format=PAPERS[paper])
    pdf.set_auto_page_break(False)
    pdf.set_title(picture.title)
    pdf.set_creator("InsightRepo")
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.add_font("DejaVu", "B", str(font_path(bold=True)))
    usable_w = pdf.w - 2 * PAGE_MARGIN
    usable_h = pdf.h - 2 * PAGE_MARGIN - FOOTER
    scale = min(SCREEN_SCALE, usable_h / picture.height)
    lanes_w = picture.grid_left + MARGIN
    per_page = max(1, math.floor((usable_w / scale - lanes_w) / COLUMN_WIDTH))
    total = max(len(picture.columns), 1)
    pages = math.ceil(total / per_page)
    for page in range(pages):
        pdf.add_page()
        first, last = page * per_page, min((page + 1) * per_page, len(picture.columns))
        draw(picture, PdfCanvas(pdf, scale, PAGE_MARGIN, PAGE_MARGIN), first, last)
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(*_rgb(MUTED))
        footer = _("Page %(page)d of %(pages)d", page=page + 1, pages=pages)
        before = sum(1 for _phase, step in picture.columns[:first] if step is not None)
        shown = sum(1 for _phase, step in picture.columns[first:last] if step is not None)
        if pages > 1 and shown:  # the steps' numbers, as on the map (an empty phase's column has none)
            footer += " · " + _("steps %(first)d–%(last)d", first=before + 1, last=before + shown)
        pdf.text(PAGE_MARGIN, pdf.h - PAGE_MARGIN, footer)
    return bytes(pdf.output())
