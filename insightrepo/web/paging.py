"""Links of a pager: every page of a list (paging.page_numbers) and a “go to page” form
that works without JavaScript, for any list page whose address takes ``page``."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask
from werkzeug.datastructures import MultiDict

from insightrepo.paging import page_count, page_numbers


MAX_PAGE = 100_000  # a page number beyond this is taken as this (a database offset has limits)


def page_arg(args: MultiDict) -> int:
    """The ``page`` a list was asked for: a whole number from 1 up; anything else is page 1."""
    return min(max(args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


class PageLinks:
    """Built from the list's address (with its filters); ``url(n)`` is that address at page n."""

    def __init__(self, address: str):
        parts = urlsplit(address)
        self._parts = parts
        self.hidden = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if k != "page"]
        self.action = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))

    def url(self, number: int) -> str:
        query = urlencode([*self.hidden, *([("page", str(number))] if number > 1 else [])])
        return urlunsplit((self._parts.scheme, self._parts.netloc, self._parts.path, query, ""))


def register_paging(app: Flask) -> None:
    app.add_template_global(PageLinks, "page_links")
    app.add_template_global(page_numbers, "page_numbers")
    app.add_template_global(page_count, "page_count")
