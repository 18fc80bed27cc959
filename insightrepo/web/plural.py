"""Plural forms, the way gettext's ``ngettext`` chooses them: ``ngettext("%(num)d step added",
"%(num)d steps added", n)``. English rules for now; its signature and ``%(num)d`` are Flask-Babel's,
so a later translation pass can put ``flask_babel.ngettext`` in its place without touching callers."""

from __future__ import annotations

from flask import Flask


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    return (singular if num == 1 else plural) % {"num": num, **variables}


def register_plurals(app: Flask) -> None:
    """``ngettext`` in every template, as Flask-Babel would install it."""
    app.jinja_env.globals["ngettext"] = ngettext
