"""Field checks shared by services. Each returns a message or None."""

from __future__ import annotations

import re

EMAIL_RE = re.compile(r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_problem(email: str) -> str | None:
    if not email:
        return "email is required"
    if len(email) > 254 or not EMAIL_RE.match(email):
        return "email must look like name@example.org"
    return None


def password_problem(password: str) -> str | None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return f"password must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > 1024:
        return "password must be at most 1024 characters"
    return None


def slug_problem(slug: str) -> str | None:
    if not slug:
        return "slug is required"
    if not SLUG_RE.match(slug):
        return "slug must be 1–64 lowercase letters, digits or dashes, not starting or ending with a dash"
    return None


def text_problem(name: str, value: str, max_length: int, required: bool = True) -> str | None:
    if required and not (value or "").strip():
        return f"{name} is required"
    if len(value or "") > max_length:
        return f"{name} must be at most {max_length} characters"
    if "\x00" in (value or ""):
        return f"{name} must not contain NUL characters"
    return None
