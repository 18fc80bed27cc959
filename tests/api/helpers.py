"""Checks shared by the API tests."""

from __future__ import annotations


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    """``response`` is the JSON error envelope with ``status``; returns its ``error`` object."""
    text = response.get_data(as_text=True)
    assert response.status_code == status, text
    assert response.mimetype == "application/json", (response.mimetype, text)
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"].strip()
    assert isinstance(error["details"], dict)
    if code is not None:
        assert error["code"] == code, error
    return error


def field_errors(response, status: int = 422) -> dict[str, str]:
    """The per-field messages of a validation error."""
    error = assert_error(response, status)
    fields = error["details"].get("fields")
    assert isinstance(fields, dict) and fields, error
    for name, message in fields.items():
        assert isinstance(message, str) and message.strip(), (name, message)
    return fields


def assert_list_envelope(body: dict, *, page: int, per_page: int, total: int) -> list:
    assert set(body) == {"items", "page", "per_page", "total"}, body
    assert (body["page"], body["per_page"], body["total"]) == (page, per_page, total), body
    assert isinstance(body["items"], list)
    return body["items"]
