"""Which requests are the JSON API's: the one test of it, asked by the error handlers (the JSON
envelope), the interface language (English there) and the no-store header. It imports nothing of
the package, so modules at every floor may ask it."""

from __future__ import annotations

from flask import request


def is_api_request() -> bool:
    """True for a request to the JSON API (``/api`` and below)."""
    return request.path == "/api" or request.path.startswith("/api/")
