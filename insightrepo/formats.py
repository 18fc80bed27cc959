"""Dates and numbers as the interface's language writes them, through Babel (CLDR): the one place
the app turns a date, a count or a share into text. Templates use them as filters (``|day``,
``|moment``, ``|count``, ``|number``, ``|percent``); Python calls them.

Swedish writes ``7 dec. 2026``, Danish ``7. dec. 2026``, Norwegian ``7. des. 2026``, Finnish
``7.12.2026``; the Nordic languages write a decimal comma, group thousands with a (no-break)
space and put a space before ``%``. English keeps ISO 8601 dates (``2026-12-07``) and
``14.1 %``: unambiguous for an international team, and no US-only month-first form anywhere.

A typed date (``parse_day``) is read as ISO 8601 in every language, or in the language's own
numeric form (``7.12.2026`` in Finnish, ``07.12.2026`` in Danish and Norwegian)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_time, parse_date
from babel.numbers import format_decimal

from insightrepo.i18n import interface_locale

MINUS = "\u2212"
_DECIMAL = re.compile(r"^-?(\d+([.,]\d*)?|[.,]\d+)$")
_ISO_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
# How a date field says what it takes, in each language's own letters.
_DAY_HINTS = {"en": "yyyy-mm-dd", "sv": "åååå-mm-dd", "da": "dd.mm.åååå", "nb": "dd.mm.åååå", "fi": "p.k.vvvv"}


def _locale(locale: str | None = None) -> str:
    return locale or interface_locale()


def day(value: date | datetime | None, locale: str | None = None) -> str:
    """A calendar day: ``7 dec. 2026`` (sv), ``2026-12-07`` (en)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # a frozen snapshot keeps its dates as ISO text
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    value = value.date() if isinstance(value, datetime) else value
    code = _locale(locale)
    if code == "en":
        return value.isoformat()
    return format_date(value, "medium", locale=code)


def moment(value: datetime | None, locale: str | None = None) -> str:
    """A point in time, to the minute: ``7 dec. 2026 14:05`` (sv), ``2026-12-07 14:05`` (en)."""
    if value is None:
        return ""
    code = _locale(locale)
    if code == "en":
        return value.strftime("%Y-%m-%d %H:%M")
    return f"{format_date(value, 'medium', locale=code)} {format_time(value, 'HH:mm', locale=code)}"


def count(value: int | None, locale: str | None = None) -> str:
    """A whole number with the language's thousands separator: ``12 345`` (sv), ``12,345`` (en)."""
    if value is None:
        return ""
    code = _locale(locale)
    if code == "en":
        return f"{value:,}"
    return format_decimal(value, format="#,##0", locale=code)


def number(value: float | None, digits: int = 1, signed: bool = False, locale: str | None = None) -> str:
    """A decimal number with ``digits`` decimals: ``14,1`` (sv), ``14.1`` (en); ``signed`` writes
    ``+`` before a positive one. Negative numbers take a true minus sign."""
    if value is None:
        return "—"
    code = _locale(locale)
    if code == "en":
        text = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
    else:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        text = format_decimal(value, format=pattern, locale=code)
        if signed and not text.startswith(("-", MINUS)):
            text = "+" + text
    return text.replace("-", MINUS)


def percent(value: float | None, digits: int = 1, signed: bool = False, locale: str | None = None) -> str:
    """A share (0.141) as a percentage: ``14,1 %`` (sv, Babel's spacing), ``14.1 %`` (en)."""
    if value is None:
        return "—"
    code = _locale(locale)
    text = number(value * 100, digits, signed, code)
    if code == "en":
        return f"{text} %"
    pattern = Locale.parse(code).percent_formats[None].pattern  # e.g. "#,##0 %" with a no-break space
    return pattern.replace("#,##0", text, 1).replace("#", "").replace("\u2030", "")


def parse_day(text: str, locale: str | None = None) -> date:
    """A typed date: ISO 8601 in any language, or the language's numeric form; ValueError otherwise."""
    text = text.strip()
    if _ISO_DAY.match(text):
        return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    code = _locale(locale)
    if code == "en" or not re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
        raise ValueError(text)
    return parse_date(text, locale=code, format="short")


def parse_decimal(text: str, locale: str | None = None) -> Decimal:
    """A typed decimal number: in sv, da, nb and fi a decimal comma or point (``0,5`` and ``0.5``), in
    English a point (there ``1,234`` would be a thousand and more, so a comma is refused rather than
    guessed); a leading minus or true minus sign; spaces (also no-break) between digit groups
    ignored; ValueError for anything else. Not Babel's locale parser: with Danish's ``.`` as the group
    separator it reads ``0.5`` as 5, and a team pasting a figure from an English report means a half."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text).replace(MINUS, "-")
    if not _DECIMAL.match(compact) or ("," in compact and _locale(locale) == "en"):
        raise ValueError(text)
    return Decimal(compact.replace(",", "."))


def decimal_input(value: Decimal | float | None, locale: str | None = None) -> str:
    """A number as a number field shows it: every digit it has, the language's decimal sign
    (``0,5`` in sv/da/nb/fi, ``0.5`` in English), no group separators (typed back as it is shown)."""
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text if _locale(locale) == "en" else text.replace(".", ",")


def day_hint(locale: str | None = None) -> str:
    """What a date field takes, e.g. ``dd.mm.åååå`` (da)."""
    return _DAY_HINTS.get(_locale(locale), _DAY_HINTS["en"])


def day_input(value: date | None, locale: str | None = None) -> str:
    """A date as a date field shows it: the language's numeric form (ISO in English and Swedish)."""
    if value is None:
        return ""
    code = _locale(locale)
    if code in ("en", "sv"):
        return value.isoformat()
    return format_date(value, "dd.MM.y" if code in ("da", "nb") else "d.M.y", locale=code)


FILTERS = {"day": day, "moment": moment, "count": count, "number": number, "percent": percent}
