"""The search page's address: reading its parameters forgivingly (a bad date or an unknown type
is reported and left out, never a 500), and the links that add or remove one of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from werkzeug.datastructures import MultiDict

from insightrepo.models.evidence import SENTIMENTS
from insightrepo.models.journey import MARKERS
from insightrepo.search.engine import current_search
from insightrepo.search.port import SCOPES, SORTS, TYPES
from insightrepo.search.searching import MAX_PAGE, SearchRequest, content_problem, search_request
from insightrepo.field_checks import day_problem
from insightrepo.field_labels import field_name
from insightrepo.i18n import gettext, quoted

PARAMS = ("q", "type", "journey", "phase", "step", "tag", "participant", "sentiment", "marker", "year", "from", "to",
          "scope", "sort")
CHOICES = {"sentiment": SENTIMENTS, "marker": MARKERS, "scope": SCOPES, "sort": SORTS}
CHIP_PARAMS = ("type", "journey", "phase", "step", "tag", "participant", "sentiment", "marker", "year", "from", "to")


@dataclass
class SearchArgs:
    """The parameters as given (for links) and as understood (for the search)."""

    slug: str
    given: MultiDict
    request: SearchRequest | None = None
    problems: list[str] = field(default_factory=list)

    def url(self, **changes) -> str:
        """This page with ``changes`` (None removes a parameter); back to page 1 unless a page is given."""
        params = {key: self.given.getlist(key) for key in PARAMS if self.given.getlist(key)}
        params.pop("page", None)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return url_for("search.results", slug=self.slug, **params)

    def without(self, key: str, value: str) -> str:
        rest = [v for v in self.given.getlist(key) if v != value]
        return self.url(**{key: rest or None})

    def chips(self) -> list[tuple[str, str]]:
        """(name, value) of every filter in use, in a fixed order."""
        return [(key, value) for key in CHIP_PARAMS for value in self.given.getlist(key) if value]


def read_args(slug: str, args: MultiDict) -> SearchArgs:
    given = MultiDict([(k, v) for k, v in args.items(multi=True) if k in (*PARAMS, "page") and v.strip()])
    result = SearchArgs(slug, given)
    values: dict = {"q": given.get("q", "")}
    search = current_search()
    limit = search.max_query_length
    if len(values["q"]) > limit:
        result.problems.append(gettext("Your search is %(count)d characters long; searches can be at most "
                                       "%(max)d. Shorten it and try again.", count=len(values["q"]), max=limit))
        return result
    if problem := content_problem(search, values["q"]):
        result.problems.append(gettext("Your search asks for too much at once: %(problem)s.", problem=problem))
        return result
    types = [t for t in given.getlist("type") if t in TYPES]
    if len(types) != len(given.getlist("type")):
        result.problems.append(gettext("Some of the types asked for do not exist; they were left out."))
        given.setlist("type", types)
    values["type"] = types
    for name in ("journey", "phase", "step", "tag", "participant"):
        values[name] = given.get(name, "")[:64] or None
    for name, options in CHOICES.items():
        value = given.get(name)
        if value and value not in options:
            result.problems.append(gettext("%(value)s is not one of the choices for %(field)s; it was left out.",
                                           value=quoted(value), field=field_name(name)))
            given.pop(name)
            value = None
        values[name] = value
    year = given.get("year", "")
    values["year"] = year if year.isdigit() and len(year) == 4 else None
    if year and values["year"] is None:
        result.problems.append(gettext("%(value)s is not a year; it was left out.", value=quoted(year)))
        given.pop("year")
    for name in ("from", "to"):
        values[name] = _day(given.get(name), name, result.problems)
        if given.get(name) and values[name] is None:
            given.pop(name)
    page = given.get("page", "1")
    values["page"] = min(int(page), MAX_PAGE) if page.isdigit() and int(page) > 0 else 1
    result.request = search_request(values)
    return result


def _day(value: str | None, name: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        problems.append(f"“{value}” is not a date (YYYY-MM-DD); the “{name}” filter was left out.")
        return None
    problem = day_problem(f"“{name}”", day)
    if problem:
        problems.append(f"{problem}; the filter was left out.")
        return None
    return day
