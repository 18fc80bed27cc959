"""Who is calling the API: a bearer token, or the browser session (then with a CSRF token)."""

from __future__ import annotations

from flask import current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from insightrepo.db import current_session
from insightrepo.http_errors import error_json
from insightrepo.models import User
from insightrepo.field_checks import WHY_LIMIT, too_long
from insightrepo.accounts.api_tokens import user_for_authorization
from insightrepo.timeline.change_context import open_changes
from insightrepo.request_transaction import SAFE_METHODS

JSON_TYPES = ("application/json",)


def authenticate_api_request():
    header = request.headers.get("Authorization")
    if header is not None:
        user = user_for_authorization(current_session(), header)
        if user is None:
            return error_json(401, "unauthorized", "The API token is missing, malformed, unknown or revoked.",
                              headers={"WWW-Authenticate": "Bearer"})
        g.actor = user
    elif current_user.is_authenticated:
        if request.method not in SAFE_METHODS:
            try:
                current_app.extensions["csrf"].protect()
            except CSRFError as exc:
                return error_json(400, "csrf_failed",
                                  f"Session-authenticated writes need an X-CSRFToken header: {exc.description}")
        g.actor = current_user._get_current_object()
    else:
        return error_json(401, "unauthorized", "Send `Authorization: Bearer <token>` or log in.",
                          headers={"WWW-Authenticate": "Bearer"})
    # An editor may say why: the change log keeps it with every change this request makes.
    why = request.headers.get("X-Change-Note", "")
    if problem := too_long(why, WHY_LIMIT):
        return error_json(422, "invalid", "Some fields are not valid.", {"fields": {"X-Change-Note": problem}})
    open_changes(current_session(), g.actor, why)
    if request.method in ("POST", "PUT", "PATCH") and request.content_length:
        accepted = getattr(current_app.view_functions.get(request.endpoint), "accepted_media_types", JSON_TYPES)
        if request.mimetype not in accepted:
            wanted = "JSON (Content-Type: application/json)" if accepted == JSON_TYPES else " or ".join(accepted)
            return error_json(415, "unsupported_media_type", f"Send {wanted}, not {request.mimetype or 'nothing'}.")
    elif request.method in ("POST", "PUT", "PATCH") and _needs_json_body():
        return error_json(422, "invalid", "This operation needs a request body.",
                          {"fields": {"body": "body is required: send a JSON object (Content-Type: application/json)"}})
    return None


def _needs_json_body() -> bool:
    """Whether the operation documents a required JSON body (flask-smorest's ``arguments``)."""
    view = current_app.view_functions.get(request.endpoint)
    view = getattr(getattr(view, "view_class", None), request.method.lower(), view)
    parameters = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    return any(p.get("in") == "json" and p.get("required") for p in parameters)


def accepts(*media_types: str):
    """Let a view take request bodies other than JSON (a CSV upload, say)."""
    def mark(view):
        view.accepted_media_types = media_types
        return view
    return mark


def actor() -> User:
    return g.actor
