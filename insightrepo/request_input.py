"""The one gate every request's input passes before any view, form or API schema reads it:
the query string and a URL-encoded form body must be UTF-8 text, a JSON body must be JSON this
app reads (json_input: no lone surrogates, no 1,000-deep nesting, no 4,301-digit numbers).

Werkzeug would otherwise keep bytes that are not UTF-8 as their ``%XX`` escapes (a value the user
never typed), and Python's JSON parser hands on a lone surrogate (``"\\ud800"``) that later breaks
every UTF-8 writer — the database, a backup file, a snapshot — or recurses out (a 500). Refused
here, such a request changes nothing: 400 for a body that is not JSON, 422 naming the field."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Flask, abort, request

from insightrepo import json_input
from insightrepo.errors import Invalid

NOT_UTF8 = "must be UTF-8 text: the request holds bytes that are not (or encode a lone surrogate)"


def install(app: Flask) -> None:
    """Check input after the API has authenticated the caller (an anonymous one gets its 401, as
    everywhere) and before any view, form or schema reads it. A URL-encoded body is kept as its
    bytes first: once CSRF protection has parsed the form, the bytes are gone."""
    app.before_request_funcs.setdefault(None, []).insert(0, _keep_form_bytes)
    app.before_request(check_request_input)


def _keep_form_bytes() -> None:
    if request.mimetype == "application/x-www-form-urlencoded":
        request.get_data(cache=True)  # the form is then parsed from these bytes


def check_request_input() -> None:
    _check_urlencoded(request.query_string, "query")
    if request.mimetype == "application/x-www-form-urlencoded":
        _check_urlencoded(request.get_data(cache=True), "form")
    elif request.is_json:
        body = request.get_data(cache=True)
        if body.strip():
            try:
                json_input.loads(body)
            except json_input.Malformed as problem:
                abort(400, f"The request body is not valid JSON: {problem}.")


def _check_urlencoded(raw: bytes, where: str) -> None:
    """Each name and value of ``a=1&b=2`` (after %XX and + decoding) must be UTF-8 text; bytes that
    are not come out of ``surrogateescape`` as lone surrogates, which name the field at fault."""
    if not raw:
        return
    text = raw.decode("utf-8", "surrogateescape")
    problems = {}
    for name, value in parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="surrogateescape"):
        if json_input.text_problem(name) or json_input.text_problem(value):
            field = json_input.repaired(name)
            problems.setdefault(field, f"{field} {NOT_UTF8}")
    if problems or json_input.text_problem(text):
        raise Invalid(problems or {where: f"the {where} {NOT_UTF8}"}, "Some text is not valid UTF-8; nothing was changed.")
