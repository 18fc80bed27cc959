"""The words the interface shows, through gettext's calls: ``gettext("Save")``,
``ngettext("%(num)d step added", "%(num)d steps added", n)``, ``lazy_gettext`` for text built at
import time (form labels). Templates use ``{{ _("Save") }}``, ``{{ ngettext(...) }}`` and
``{% trans %}`` (Jinja's i18n extension, new-style calls, as Flask-Babel installs them).

English only for now: the calls return the source text with its variables filled in. Their
signatures are Flask-Babel's, so translations put Flask-Babel behind these names without touching
a caller."""

from __future__ import annotations

from flask import Flask


def gettext(string: str, **variables) -> str:
    return string % variables if variables else string


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    return (singular if num == 1 else plural) % {"num": num, **variables}


def lazy_gettext(string: str, **variables) -> str:
    return gettext(string, **variables)


_ = gettext


def install(app: Flask) -> None:
    """``_``, ``gettext``, ``ngettext`` and ``{% trans %}`` in every template."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, ngettext, newstyle=True)
