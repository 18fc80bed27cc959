"""Personal API tokens: shown once, stored hashed, revocable by their owner."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from insightrepo.db import utcnow
from insightrepo.models import ApiToken, User
from insightrepo.errors import Invalid, NotFound
from insightrepo.accounts.secret_tokens import digest, new_secret
from insightrepo.field_checks import text_problem
from insightrepo.i18n import gettext

TOKEN_PREFIX = "irt_"
# last_used_at is a hint for the owner, not an audit log: write it at most this often.
_TOUCH_EVERY = timedelta(minutes=1)


def create_token(session: Session, actor: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``actor``; the secret is returned once and never stored."""
    name = (name or "").strip() or "API token"
    if problem := text_problem("name", name, 120):
        raise Invalid({"name": problem})
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken(user=actor, name=name, prefix=secret[: len(TOKEN_PREFIX) + 6],
                     secret_hash=digest(secret))
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, actor: User) -> list[ApiToken]:
    return list(session.scalars(
        select(ApiToken).where(ApiToken.user_id == actor.id).order_by(ApiToken.created_at.desc())
    ))


def token_for(session: Session, actor: User, token_id: str) -> ApiToken:
    """One of ``actor``'s own tokens; anyone else's is not found."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.id:
        raise NotFound(gettext("No such token."))
    return token


def revoke_token(session: Session, actor: User, token_id: str) -> ApiToken:
    token = token_for(session, actor, token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def user_for_token(session: Session, secret: str) -> User | None:
    """The active user a live token belongs to, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.secret_hash == digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        _touch(session, token, now)
    return token.user


def _touch(session: Session, token: ApiToken, now) -> None:
    """Note when the token was last used. A reading request on SQLite cannot write while another
    transaction does (a long import): the hint is then skipped this time, never the request."""
    try:
        with session.begin_nested():
            token.last_used_at = now
    except OperationalError as exc:
        if "locked" not in str(exc.orig):
            raise


def user_for_authorization(session: Session, header: str) -> User | None:
    """The user of an ``Authorization: Bearer <token>`` header value, or None."""
    scheme, _, secret = header.partition(" ")
    return user_for_token(session, secret.strip()) if scheme.lower() == "bearer" else None
