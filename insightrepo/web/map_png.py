"""The journey map and its emotion curve as PNG pictures, painted with Pillow from the layout
of web/map_picture.py (the PDF paints the same layout with fpdf2)."""

from __future__ import annotations

import io
import math
from contextlib import nullcontext

from PIL import Image, ImageDraw, ImageFont

from insightrepo.web.emotion_curve import Curve
from insightrepo.web.map_picture import MapPicture, _font, draw, draw_curve

# A map picture holds 3 bytes a pixel in memory while it is painted: past 40 million pixels (120 MB;
# a map of about 250 steps at full size) it is drawn smaller rather than refused, so every step
# stays in it. Pillow itself refuses to open pictures above ~89 million pixels.
MAX_PIXELS = 40_000_000


class PillowCanvas:
    def __init__(self, width: float, height: float, scale: float = 1.0):
        self.scale = scale
        size = math.ceil if scale >= 1 else math.floor  # shrunk: within MAX_PIXELS, not a pixel over
        self.image = Image.new("RGB", (max(1, size(width * scale)), max(1, size(height * scale))), "#ffffff")
        self.pen = ImageDraw.Draw(self.image)

    def _xy(self, points):
        return [(x * self.scale, y * self.scale) for x, y in points]

    def rect(self, x, y, w, h, fill, outline=None):
        box = [x * self.scale, y * self.scale, (x + w) * self.scale, (y + h) * self.scale]
        self.pen.rectangle(box, fill=fill, outline=outline, width=1)

    def line(self, points, colour, width, dashed=False):
        scaled = self._xy(points)
        stroke = max(1, round(width * self.scale))
        if not dashed:
            self.pen.line(scaled, fill=colour, width=stroke, joint="curve")
            return
        for (x1, y1), (x2, y2) in zip(scaled, scaled[1:]):
            length = math.hypot(x2 - x1, y2 - y1) or 1
            dash = 4 * self.scale
            position = 0.0
            while position < length:
                end = min(position + dash, length)
                self.pen.line([(x1 + (x2 - x1) * position / length, y1 + (y2 - y1) * position / length),
                               (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)], fill=colour, width=stroke)
                position += dash * 1.75

    def circle(self, x, y, r, fill, outline, width):
        s = self.scale
        self.pen.ellipse([(x - r) * s, (y - r) * s, (x + r) * s, (y + r) * s], fill=fill, outline=outline,
                         width=max(1, round(width * s)))

    def polygon(self, points, fill):
        self.pen.polygon(self._xy(points), fill=fill)

    def text(self, x, y, text, size, colour, bold=False):
        font: ImageFont.FreeTypeFont = _font(round(size * self.scale, 1), bold)
        self.pen.text((x * self.scale, y * self.scale), text, fill=colour, font=font, anchor="ls")

    def clip(self, x, y, w, h):
        return nullcontext()  # a PNG is always the whole picture: nothing to clip

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, "PNG", compress_level=3)
        return buffer.getvalue()


def picture_scale(width: float, height: float) -> float:
    """1: one picture pixel per pixel of the layout, unless that passes MAX_PIXELS."""
    return min(1.0, math.sqrt(MAX_PIXELS / (width * height)))


def map_png(picture: MapPicture) -> bytes:
    canvas = PillowCanvas(picture.width, picture.height, picture_scale(picture.width, picture.height))
    draw(picture, canvas)
    return canvas.png()


def curve_png(curve: Curve) -> bytes:
    """The standalone curve (build_curve(standalone=True)): axis, phase labels, step labels."""
    canvas = PillowCanvas(curve.width, curve.height, 2.0 * picture_scale(curve.width * 2, curve.height * 2))
    draw_curve(canvas, curve, 0, 0, axis=True)
    return canvas.png()
