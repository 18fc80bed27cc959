"""Login throttling (Flask-Limiter): a burst of failed sign-ins from one address gets 429."""

from __future__ import annotations

import logging

from flask import Flask, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from insightrepo.config import current_settings

log = logging.getLogger("insightrepo.security")


def _failed(response) -> bool:
    # A successful sign-in redirects; everything else on POST /login counts against the limit.
    return response.status_code != 302


def _log_breach(limit: RequestLimit) -> None:
    log.warning("login rate limit (%s) reached for %s; email tried: %s",
                limit.limit, get_remote_address(), request.form.get("email", "")[:254])


def limit_logins(app: Flask) -> None:
    settings = current_settings(app)
    limiter = Limiter(get_remote_address, app=app, storage_uri=settings.rate_limit_storage_uri,
                      default_limits=[], headers_enabled=True)
    app.view_functions["auth.login"] = limiter.limit(
        settings.login_rate_limit, methods=["POST"], deduct_when=_failed, on_breach=_log_breach,
    )(app.view_functions["auth.login"])
    app.extensions["insightrepo.limiter"] = limiter
