"""Users: creation, login, lookup by email."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.db import utcnow
from insightrepo.models import User
from insightrepo.services.errors import Conflict, Invalid
from insightrepo.services.passwords import hash_password, needs_rehash, verify_password
from insightrepo.services.validation import (
    email_problem,
    normalise_email,
    password_problem,
    text_problem,
)


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(session: Session, email: str, password: str, display_name: str = "") -> User:
    email = normalise_email(email)
    problems = {
        "email": email_problem(email),
        "password": password_problem(password),
        "display_name": text_problem("display name", display_name, 120, required=False),
    }
    problems = {k: v for k, v in problems.items() if v}
    if problems:
        raise Invalid(problems)
    if find_user_by_email(session, email) is not None:
        raise Conflict("A user with that email already exists.", {"fields": {"email": "already registered"}})
    user = User(email=email, password_hash=hash_password(password), display_name=display_name.strip())
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with this email and password, or None. Same cost whether or not the email exists."""
    user = find_user_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password or "")
    if not ok or user is None or not user.is_active:
        return None
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    session.flush()
    return user
