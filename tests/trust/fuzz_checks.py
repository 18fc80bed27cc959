"""Checks the API fuzz runs on every response, beside schemathesis' own (see test_api_fuzz.py).

Schemathesis counts a status code as documented when the operation has a ``default`` response,
and flask-smorest gives every operation one; these checks are stricter: the status must be
listed by the operation itself, and every 4xx must be the JSON error envelope of docs/architecture.md."""

from __future__ import annotations

import json


def _header(response, name: str) -> str:
    value = response.headers.get(name.lower(), response.headers.get(name, ""))
    return value[0] if isinstance(value, list) and value else (value or "")


def make_documented_status(spec: dict):
    """A check: the response's status is one the operation lists (its ``default`` does not count)."""

    def documented_status(ctx, response, case):
        operation = spec["paths"][case.operation.path][case.method.lower()]
        listed = {str(code) for code in operation["responses"]} - {"default"}
        status = str(response.status_code)
        if status not in listed and f"{status[0]}XX" not in listed:
            raise AssertionError(f"{case.method} {case.operation.path} answered {status}, which its OpenAPI entry "
                                 f"does not list (it lists {', '.join(sorted(listed))})")
        return None

    return documented_status


def error_envelope(ctx, response, case):
    """Every 4xx answer is ``{"error": {"code", "message", "details"}}`` as JSON, never HTML."""
    if not 400 <= response.status_code < 500:
        return None
    mimetype = _header(response, "Content-Type").split(";")[0].strip()
    if mimetype != "application/json":
        raise AssertionError(f"{response.status_code} answered as {mimetype or 'nothing'}, not the JSON envelope")
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(f"{response.status_code} body is not JSON: {exc}") from None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        raise AssertionError(f"{response.status_code} body has no error object: {body!r:.300}")
    problems = []
    if not isinstance(error.get("code"), str) or not error["code"]:
        problems.append("code is not a non-empty string")
    if not isinstance(error.get("message"), str) or not error["message"].strip():
        problems.append("message is not a non-empty string")
    if not isinstance(error.get("details"), dict):
        problems.append("details is not an object")
    if response.status_code == 401 and "bearer" not in _header(response, "WWW-Authenticate").lower():
        problems.append("a 401 without `WWW-Authenticate: Bearer`")
    if problems:
        raise AssertionError(f"{response.status_code} error envelope: {'; '.join(problems)}: {body!r:.300}")
    return None
