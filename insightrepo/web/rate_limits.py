"""Login throttling (Flask-Limiter): failed sign-ins are counted per account and address, and per
address, in storage every worker shares (the database by default: insightrepo.rate_limit_storage).
A limited account and address, or a limited address, gets 429 — even for the right password —
while the same account from another address, or another account from that address within its
own allowance, still signs in. The address is the client's as the trusted proxies tell it
(``trusted_proxies``, applied by Werkzeug's ProxyFix in create_app)."""

from __future__ import annotations

import hashlib
import logging

from flask import Flask, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from insightrepo import rate_limit_storage
from insightrepo.concurrency import ConcurrencyLimit
from insightrepo.config import current_settings
from insightrepo.db import current_database
from insightrepo.search.engine import current_search
from insightrepo.field_checks import normalise_email

log = logging.getLogger("insightrepo.security")


def _failed(response) -> bool:
    # A successful sign-in redirects; everything else on POST /login counts against the limit.
    return response.status_code != 302


def _account_and_address() -> str:
    email = normalise_email(request.form.get("email", ""))
    return f"{get_remote_address()}/{hashlib.sha256(email.encode()).hexdigest()[:32]}"


def _log_breach(limit: RequestLimit) -> None:
    log.warning("login rate limit (%s) reached for %s; email tried: %s",
                limit.limit, get_remote_address(), request.form.get("email", "")[:254])


def make_limiter(app: Flask) -> Limiter:
    """The app's Limiter on the configured storage; ``database://`` is the app's own database."""
    settings = current_settings(app)
    uri = settings.rate_limit_storage_uri
    options = {"database": current_database(app)} if uri.startswith(rate_limit_storage.SCHEME + ":") else {}
    limiter = Limiter(get_remote_address, app=app, storage_uri=uri, storage_options=options,
                      default_limits=[], headers_enabled=True)
    app.extensions["insightrepo.limiter"] = limiter
    return limiter


def limit_logins(app: Flask) -> None:
    settings = current_settings(app)
    limiter = make_limiter(app)
    view = app.view_functions["auth.login"]
    view = limiter.limit(settings.login_rate_limit, key_func=_account_and_address, methods=["POST"],
                         deduct_when=_failed, on_breach=_log_breach)(view)
    view = limiter.limit(settings.login_address_rate_limit, methods=["POST"],
                         deduct_when=_failed, on_breach=_log_breach)(view)
    app.view_functions["auth.login"] = view


def limit_searches(app: Flask) -> None:
    """Each user's running searches, counted where the login limits are (so across workers) — on an
    SQLite database, in a file of their own beside it, so a search never waits on the write lock."""
    if "insightrepo.search" not in app.extensions:
        return  # the command line's app (create_app(commands=True)): its commands search one at a time
    settings = current_settings(app)
    search = current_search(app)
    storage = rate_limit_storage.running_work_storage(app.extensions["insightrepo.limiter"].storage,
                                                      current_database(app))
    search.concurrency = ConcurrencyLimit(storage,
                                          settings.search_concurrent_per_user,
                                          retry_after=max(1, round(settings.search_time_budget_ms / 1000)))
