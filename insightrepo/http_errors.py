"""Every error becomes an HTTP answer here, in one place: JSON envelopes under /api,
HTML pages elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import DataError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from insightrepo.api_requests import is_api_request
from insightrepo.errors import Busy, Conflict, Corrupt, Forbidden, Invalid, NotFound, ServiceError, TimedOut
from insightrepo.i18n import gettext, lazy_gettext
from insightrepo.options import methods_at_path

log = logging.getLogger(__name__)

STATUS_FOR = {NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422, Busy: 429, Corrupt: 500, TimedOut: 503}

CODE_FOR_STATUS = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    422: "invalid", 429: "rate_limited", 500: "internal_error",
}


def error_json(status: int, code: str, message: str, details: dict | None = None, headers=None):
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return jsonify(body), status, headers or {}


def _webargs_fields(messages: dict) -> dict[str, str]:
    """Flatten webargs' {location: {field: [msgs]}} into {field: "msg"}."""
    fields: dict[str, str] = {}
    for location, problems in messages.items():
        if isinstance(problems, dict):
            for name, msgs in problems.items():
                fields[str(name)] = _flatten(msgs)
        else:
            fields[location] = _flatten(problems)
    return fields


def _flatten(msgs) -> str:
    if isinstance(msgs, dict):
        return "; ".join(f"{k}: {_flatten(v)}" for k, v in msgs.items())
    if isinstance(msgs, (list, tuple)):
        return " ".join(_flatten(m) for m in msgs)
    return str(msgs)


def _http_exception_json(error: HTTPException):
    status = error.code or 500
    code = CODE_FOR_STATUS.get(status, "error")
    data = getattr(error, "data", None) or {}
    details: dict = {}
    message = error.description or error.name
    if "messages" in data:
        details["fields"] = _webargs_fields(data["messages"])
        if status == 400:
            message = "The request body is not valid JSON."
        else:
            message = "Some fields are not valid."
    if status == 500:
        message = "Something went wrong on our side; nothing you sent was saved."
    headers = dict(data.get("headers") or {})
    if status == 405:
        allowed = sorted(methods_at_path() or error.valid_methods or [])
        details["allowed"] = allowed
        if allowed:
            headers["Allow"] = ", ".join(allowed)
    if status == 429:
        message = "Too many requests; wait a moment and try again."
    return error_json(status, code, message, details, headers)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError):
        status = STATUS_FOR.get(type(error), 400)
        retry_after = getattr(error, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else {}
        if status == 500:
            log.error("refused to serve %s %s: %s %s", request.method, request.path, error.message, error.details)
        if is_api_request():
            return error_json(status, error.code, error.message, error.details, headers)
        return render_template("error.html", status=status, message=error.message), status, headers

    @app.errorhandler(StaleDataError)
    def _stale(error: StaleDataError):
        return _service_error(Conflict(gettext("Someone else changed this at the same moment; reload and try again.")))

    @app.errorhandler(DataError)
    def _unstorable(error: DataError):
        # The database refused a value that got past validation (PostgreSQL: a NUL byte in a
        # URL segment, say). That is bad input, not a fault on our side.
        log.warning("database refused a value on %s %s: %s", request.method, request.path, error.orig)
        message = gettext("The request contains a value the database cannot store or look up.")
        if is_api_request():
            return error_json(400, "bad_request", message)
        return render_template("error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if isinstance(error, InternalServerError):
            log.error("unhandled error on %s %s", request.method, request.path,
                      exc_info=error.original_exception)
        if is_api_request():
            return _http_exception_json(error)
        return render_template("error.html", status=error.code, message=_page_message(error)), error.code


# What an error page says when the app gave no words of its own (Werkzeug's are English).
_PAGE_MESSAGES = {400: lazy_gettext("This request could not be understood."),
                  401: lazy_gettext("Sign in to see this."),
                  403: lazy_gettext("You are not allowed to do this."),
                  404: lazy_gettext("There is nothing at this address."),
                  405: lazy_gettext("This address does not take that kind of request."),
                  413: lazy_gettext("What was sent is too large."),
                  429: lazy_gettext("Too many attempts. Wait a few minutes before you try again."),
                  500: lazy_gettext("Something went wrong on our side. Nothing you sent was saved.")}


def _page_message(error: HTTPException) -> str:
    """An HTTP error's words on a page: the app's own (translated where it aborted), else the status's."""
    own = error.description if error.description != type(error).description else None
    if error.code in (429, 500) or not own:
        return str(_PAGE_MESSAGES.get(error.code, _PAGE_MESSAGES[400]))
    return own
