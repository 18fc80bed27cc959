"""The words the interface shows, in the reader's language, through Flask-Babel: ``gettext("Save")``,
``ngettext("%(num)d step added", "%(num)d steps added", n)``, ``lazy_gettext`` for text built at
import time (form labels). Templates use ``{{ _("Save") }}``, ``{{ ngettext(...) }}`` and
``{% trans %}`` (Jinja's i18n extension, new-style calls, as Flask-Babel installs them).

The rest of the app imports these names from here, never from Flask-Babel: which library sits
behind them is this module's business.

The interface's language (``interface_locale``) is chosen per request: the signed-in user's own
choice (``User.locale``), else the browser's ``Accept-Language``, else the language of the
workspace the page belongs to, else English. The JSON API speaks English (its codes and
messages are a contract); only the page's own script, calling it with the browser's session, gets its
messages in the language its ``Accept-Language`` asks for (``_api_locale``). The catalogs live in
``insightrepo/translations`` and ship compiled in the wheel; a message without a translation shows in
English."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, get_translations, refresh
from flask_babel import gettext, lazy_gettext, ngettext

from insightrepo.api_requests import is_api_request

__all__ = ["gettext", "ngettext", "lazy_gettext", "_", "LOCALES", "LOCALE_NAMES", "interface_locale",
           "locale_from", "quoted", "reader_locale", "refresh_locale", "sentence_start", "speaks_api", "install",
           "FORM_TRANSLATIONS"]

_ = gettext

# The interface's languages, in the names their speakers use (the profile's choices).
LOCALE_NAMES = {"en": "English", "sv": "Svenska", "da": "Dansk", "nb": "Norsk bokmål", "fi": "Suomi"}
LOCALES = tuple(LOCALE_NAMES)
# Language tags that mean one of ours: Norwegian is written Bokmål here ("no" is a workspace's
# content language, "nn" a reader of Nynorsk who reads Bokmål better than English).
_ALIASES = {"no": "nb", "nn": "nb"}

TRANSLATIONS = Path(__file__).parent / "translations"


def locale_from(code: str | None) -> str | None:
    """One of ``LOCALES`` for a language tag (``sv``, ``sv-SE``, ``no``), or None."""
    if not code:
        return None
    primary = code.replace("_", "-").split("-")[0].lower()
    primary = _ALIASES.get(primary, primary)
    return primary if primary in LOCALES else None


def _browser_locale() -> str | None:
    for tag, _quality in request.accept_languages:
        found = locale_from(tag)
        if found:
            return found
    return None


def _workspace_locale() -> str | None:
    """The content language of the workspace this request is about: the address's ``slug``, else
    the workspace this browser showed last (insightrepo.web.navigation remembers it)."""
    from flask import session as cookie

    from insightrepo.db import current_session
    from insightrepo.models import Workspace
    from sqlalchemy import select

    slug = (request.view_args or {}).get("slug") or cookie.get("workspace")
    if not isinstance(slug, str):
        return None
    language = current_session().scalar(select(Workspace.language).where(Workspace.slug == slug))
    return locale_from(language)


def _api_locale() -> str:
    """The language of an API request's human text (its ``message`` and field messages; never its codes,
    field keys or shape). English, the contract — except for the page's own script: a request the signed-in
    browser session makes (no ``Authorization`` header) speaks the language its ``Accept-Language`` asks
    for, which static/map.js sets to the page's ``<html lang>``. A token client reads English whatever it
    sends."""
    from flask_login import current_user

    if request.headers.get("Authorization") is None and current_user and current_user.is_authenticated:
        return _browser_locale() or "en"
    return "en"


def speaks_api() -> bool:
    """True where English is the contract: a JSON API request reading English (a token client, or the page's
    script on an English page), the command line and anything else outside a request. Messages there name
    fields as the API does (``touchpoint``); a session request in another language gets the page's words."""
    if not has_request_context():
        return True
    return is_api_request() and interface_locale() == "en"


def quoted(text: str) -> str:
    """``text`` in the quotation marks of the reader's language (“…”, ”…”, «…», »…«)."""
    return gettext("“%(text)s”", text=text)


def sentence_start(text: str) -> str:
    """``text`` opening a sentence: its first character upper-cased, the rest as written (unlike
    ``str.capitalize``, which lower-cases the rest, so a user's "Ikea" inside would read "ikea")."""
    return text[:1].upper() + text[1:]


def _select_locale() -> str:
    if not has_request_context():
        return "en"  # the command line, and anything else outside a request
    if is_api_request():
        return _api_locale()  # the API's messages are part of its contract (English), see there
    return reader_locale()


def reader_locale() -> str:
    """The language the signed-in reader's pages speak (their choice, the browser's, the workspace's,
    English) — also where an API answer carries page HTML for the page's own script (the map's cells)."""
    from flask_login import current_user

    user = current_user
    if user and user.is_authenticated and locale_from(getattr(user, "locale", None)):
        return locale_from(user.locale)
    return _browser_locale() or _workspace_locale() or "en"


def in_language(code: str | None):
    """A block whose words are in ``code``'s language (English when it is not one of ``LOCALES``):
    for what is made for a workspace rather than for the reader, such as a map's exports."""
    return force_locale(locale_from(code) or "en")


def interface_locale() -> str:
    """The request's interface language (one of ``LOCALES``); English outside a request."""
    locale = get_locale() if has_request_context() else None
    return locale.language if locale is not None else "en"


def refresh_locale() -> None:
    """Choose the request's language again (after the user changed theirs)."""
    refresh()


class _FormTranslations:
    """The catalogs as WTForms asks for its own messages ("This field is required.", "Not a valid
    choice."…): bare, WTForms fills in the values itself. Our catalogs rather than WTForms' (which
    has no Danish): insightrepo.web.account_forms.Form hands this to every form."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


FORM_TRANSLATIONS = _FormTranslations()


def install(app: Flask) -> None:
    """Flask-Babel on the app: ``_``, ``gettext``, ``ngettext`` and ``{% trans %}`` in every template."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=_select_locale)
    # Templates get the bare translations: Jinja's new-style calls fill in the variables themselves
    # (escaping them), so ngettext's other variables than num work there too.
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(lambda string: get_translations().ugettext(string),
                                            lambda singular, plural, n: get_translations().ungettext(singular, plural, n),
                                            newstyle=True)

    @app.context_processor
    def _interface_language():
        return {"interface_locale": interface_locale()}
