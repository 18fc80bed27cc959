"""What one cell of the map shows, by field: the map table (templates/journeys/_map_table.html)
draws every cell through ``cell``, and the in-place editing endpoint (api/map_cells.py) answers with
the one it changed, so both look the same.

Python rather than a Jinja macro: a 300-step map has ~3,600 cells, and a macro call per cell (and
per value, score and marker inside it) was a third of the page's server time (docs/benchmarks.md).
In edit mode (``raw``) the editable value sits in .cell__value, which the in-place editor
(static/map.js) reads; read mode leaves the wrapper out."""

from __future__ import annotations

import functools
import re
from typing import Any

from markupsafe import Markup, escape

from insightrepo.i18n import gettext

# A thought is shown in quotation marks, unless it opens or closes with marks of its own (”Halvskugga”?).
_MARKS = "\"”“„«»'’‘‚"
_VALUE_CLASS = ' class="cell__value"'
_LONGEST_CHIP = 10  # a channel chip keeps to one line: a longer name may be cut, so it carries a tooltip
# (the channels are a list: a screen reader says how many; each item is a chip, styled by .chips > li,
# without </li>: HTML ends an item at the next one or at </ul>)


def score(value: int | None) -> str:
    """An emotion score as the map writes it: +2, 0, −1 (a real minus sign), — for none."""
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "0"


def words() -> dict[str, str]:
    """The cells' own words (markers, flags) as HTML, translated once: a map table asks for them
    once and hands them to every ``cell`` (a catalog lookup per cell was a fifth of the page's time)."""
    heart, cloud = escape(gettext("heart")), escape(gettext("thundercloud"))
    return {"heart": f'<span class="marker marker--heart" title="{heart}">♥<span class="visually-hidden"> {heart}</span></span>',
            "thundercloud": f'<span class="marker marker--thundercloud" title="{cloud}">☁'
                            f'<span class="visually-hidden"> {cloud}</span></span>',
            "absent": f'<span class="flag flag--gap">{escape(gettext("we are not present"))}</span>',
            "indirect": f'<span class="flag">{escape(gettext("indirect"))}</span>',
            "no owner": f'<span class="flag flag--gap">{escape(gettext("no owner"))}</span>',
            # a sentence for the map to fill in per step (|format(title=…)), text, escaped when shown
            "for title": gettext("for %(title)s")}


def marker_icon(marker: str | None, known: dict[str, str] | None = None) -> Markup:
    """A step's heart or thundercloud, with its name for screen readers (``known``: from ``words()``)."""
    if marker not in ("heart", "thundercloud"):
        return Markup("")
    return Markup((known or words())[marker])


def _value(text: Any, raw: bool) -> str:
    return f'<span class="cell__value">{escape(text)}</span>' if raw else str(escape(text))


def _thought(text: str, raw: bool) -> str:
    if text[:1] in _MARKS or text[-1:] in _MARKS:
        return f'<span class="thought{" cell__value" if raw else ""}">{escape(text)}</span>'
    return f"<q{_VALUE_CLASS if raw else ''}>{escape(text)}</q>"


def cell(field: str, step: Any, raw: bool = False, known: dict[str, str] | None = None) -> Markup:
    """The inside of ``step``'s cell in the lane showing ``field`` (escaped; ``raw``: edit mode;
    ``known``: ``words()``, when drawing many cells)."""
    if field == "title":
        return Markup(f'<span class="step__title{" cell__value" if raw else ""}">{escape(step.title)}</span>')
    if field == "touchpoint":
        html = f"<strong>{_value(step.touchpoint, raw)}</strong>" if step.touchpoint else ""
        if step.channels:
            html += '<ul class="chips">' + "".join(
                f'<li title="{escape(c)}">{escape(c)}' if len(c) > _LONGEST_CHIP
                else f"<li>{escape(c)}" for c in step.channels) + "</ul>"
        if not step.present or not step.direct:
            html += (known or words())["absent" if not step.present else "indirect"]
        return Markup(html)
    if field == "thoughts":
        return Markup(f"{marker_icon(step.marker, known)} {_thought(step.thoughts, raw) if step.thoughts else ''}")
    if field == "emotion":
        return Markup(f'<span class="score__value">{score(step.emotion)}</span>')
    if field == "employee_emotion":
        if raw:
            data = "" if step.employee_emotion is None else step.employee_emotion
            return Markup(f'<span class="cell__value" data-raw="{data}">{score(step.employee_emotion)}</span>')
        return Markup(score(step.employee_emotion))
    if field == "moment_title":
        if not step.moment_title:
            return Markup("")
        html = f"<strong>★ {_value(step.moment_title, raw)}</strong>"
        if step.moment_description:
            html += f'<br><span class="small">{escape(step.moment_description)}</span>'
        return Markup(html)
    if field == "owner":
        if step.owner:
            return Markup(_value(step.owner, raw))
        if step.touchpoint:
            return Markup((known or words())["no owner"])
        return Markup("")
    text = getattr(step, field)
    return Markup(_value(text, raw)) if text else Markup("")


@functools.cache
def _long_word(length: int) -> re.Pattern[str]:
    return re.compile(r"\S{%d}" % (length + 1))


def _tip(text: Any, zoom: str, longest: int, most: int) -> str:
    if zoom == "detailed" or not isinstance(text, str) or not text.strip():
        return ""
    if (zoom == "compact" and len(text) > most) or \
            _long_word(longest if zoom == "compact" else longest + 3).search(text):
        return f' title="{escape(text.strip())}"'
    return ""


def tip(text: Any, zoom: str, longest: int = 9, most: int = 36) -> Markup:
    """` title="…"` for a cell of a narrow column (compact, normal) whose text may be cut — a word
    longer than ``longest`` characters (three more in normal zoom), or in compact zoom, which clamps
    at three lines, a text over ``most`` — so the whole text is a hover away; else nothing."""
    return Markup(_tip(text, zoom, longest, most))


# the lanes whose read-mode cell is the field's text alone
_PLAIN = frozenset(("action", "need", "backstage_people", "backstage_policies", "backstage_systems"))


def _whole_text(field: str, step: Any) -> Any:
    """What a cell's tooltip shows: the touchpoint with its channels, a moment with its description."""
    if field == "touchpoint":
        return f"{step.touchpoint or ''} {' '.join(step.channels)}"
    if field == "moment_title":
        return f"{step.moment_title or ''} {step.moment_description or ''}"
    return getattr(step, field)


def lane(field: str, columns: Any, zoom: str = "detailed", raw: bool = False,
         known: dict[str, str] | None = None, klass: str = "") -> Markup:
    """Every ``<td>`` of the lane showing ``field``, one per (phase, step) of ``columns`` (an empty
    one under a phase without steps): the cell (``cell``), its class (``klass``; a moment of truth's
    cell is marked) and, in the narrow zooms, the tooltip where its text may be cut (``tip``).
    One call per lane, not one per cell: a 300-step map has ~3,300 of them. No ``</td>``: HTML ends a
    cell at the next one or at its row's end (``</tr>``), which a 300-step map would repeat 3,300 times."""
    known = known or words()
    plain = not raw and field in _PLAIN
    narrow = zoom != "detailed"
    opening = f'<td class="{klass}"' if klass else "<td"
    out = []
    for _phase, step in columns:
        if step is None:
            out.append(opening + ">")
            continue
        td = opening if field != "moment_title" or not step.moment_title else \
            f'<td class="{klass} moment"' if klass else '<td class="moment"'
        if narrow:
            td += _tip(_whole_text(field, step), zoom, 9, 36)
        if plain:
            out.append(f"{td}>{escape(getattr(step, field) or '')}")
        elif field == "emotion" and not raw:
            out.append(f"{td}>{score(step.emotion)}")
        else:
            out.append(f"{td}>{cell(field, step, raw, known)}")
    return Markup("".join(out))


def register(app) -> None:
    """``cell``, ``lane``, ``score``, ``marker_icon``, ``words`` and ``tip`` in every template (the
    map, a snapshot, the compare page, a shared map)."""
    app.jinja_env.globals.update(map_cell=cell, map_lane=lane, map_score=score, marker_icon=marker_icon,
                                 map_cell_words=words, map_tip=tip)
