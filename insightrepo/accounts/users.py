"""Users: creation, login, lookup, and the sign-ins the browser cookies name."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from insightrepo.db import utcnow
from insightrepo.models import SignIn, User
from insightrepo.errors import Conflict, Invalid
from insightrepo.accounts.passwords import hash_password, needs_rehash, verify_password
from insightrepo.field_labels import either
from insightrepo.field_checks import email_problem, normalise_email, password_problem, text_problem
from insightrepo.i18n import gettext


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
        raise Conflict(gettext("A user with that email already exists."), {"fields": {"email": gettext("already registered")}})
    user = User(email=email, password_hash=hash_password(password), display_name=display_name.strip())
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise Invalid({"password": problem})
    user.password_hash = hash_password(password)
    end_all_sign_ins(session, user)  # whoever knew the old password is signed out everywhere
    session.flush()


def start_sign_in(session: Session, user: User, lifetime: timedelta) -> User:
    """A new sign-in for ``user`` (one browser), which ``user.get_id()`` then names; sign-ins of
    theirs older than ``lifetime`` (the remember-me cookie's) are forgotten on the way."""
    session.execute(delete(SignIn).where(SignIn.user_id == user.id, SignIn.created_at < utcnow() - lifetime))
    sign_in = SignIn(user=user)
    session.add(sign_in)
    session.flush()
    user.sign_in_id = sign_in.id
    return user


def user_for_sign_in(session: Session, sign_in_id: str, lifetime: timedelta) -> User | None:
    """The active user of a live sign-in, or None (signed out, password changed, too old)."""
    sign_in = session.get(SignIn, sign_in_id) if isinstance(sign_in_id, str) and len(sign_in_id) <= 32 else None
    if sign_in is None or sign_in.created_at < utcnow() - lifetime or not sign_in.user.is_active:
        return None
    sign_in.user.sign_in_id = sign_in.id
    return sign_in.user


def end_sign_in(session: Session, user: User) -> None:
    """Sign out the browser ``user`` signed in with; their other browsers stay signed in."""
    if user.sign_in_id is not None:
        session.execute(delete(SignIn).where(SignIn.id == user.sign_in_id, SignIn.user_id == user.id))
        user.sign_in_id = None


def end_all_sign_ins(session: Session, user: User) -> None:
    session.execute(delete(SignIn).where(SignIn.user_id == user.id))
    user.sign_in_id = None


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


def set_locale(session: Session, actor: User, locale: str | None) -> User:
    """``actor``'s interface language: one of ``LOCALES`` (insightrepo.i18n), or None to follow the
    browser's, then the workspace's."""
    from insightrepo.i18n import LOCALE_NAMES, LOCALES, speaks_api

    if locale is not None and locale not in LOCALES:
        raise Invalid({"locale": f"Choose one of {', '.join(LOCALES)}." if speaks_api() else gettext(
            "Choose one of the languages offered: %(languages)s.", languages=either(list(LOCALE_NAMES.values())))})
    actor.locale = locale
    session.flush()
    return actor
