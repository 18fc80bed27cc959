"""Share links: a read-only view of one snapshot for people without an account.

An admin or editor creates one for a snapshot; the token is 32 random bytes (``secrets``), handed
out once in the link's address, and only its SHA-256 is stored. A link expires (1–365 days) and can
be revoked; either way it then opens nothing (404, as a token that never existed). Whoever holds a
live link sees that snapshot's map and curve and nothing else of the workspace; each visit is logged
(``share_link_accesses``) and the log is shown to the journey's editors (docs/security.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from insightrepo.accounts.secret_tokens import digest, new_secret
from insightrepo.db import utcnow
from insightrepo.errors import Invalid, NotFound
from insightrepo.i18n import gettext
from insightrepo.journeys.journeys import journey_for
from insightrepo.models import ShareLink, ShareLinkAccess, Snapshot, User
from insightrepo.workspaces.access import authorise

DEFAULT_DAYS = 30
MAX_DAYS = 365
TOKEN_PREFIX = "irs_"  # "InsightRepo share": recognisable in logs and by secret scanners
PAGES = ("map", "curve")


@dataclass
class Created:
    link: ShareLink
    token: str  # shown once: only its digest is kept


@dataclass
class Listed:
    link: ShareLink
    accesses: int
    last_access: Any

    @property
    def state(self) -> str:
        return state_of(self.link)


def state_of(link: ShareLink) -> str:
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if link.expires_at <= utcnow() else "active"


def days_from(value: Any) -> int:
    """The link's lifetime in whole days, 1 to MAX_DAYS (DEFAULT_DAYS when not given)."""
    if value is None or value == "":
        return DEFAULT_DAYS
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise Invalid({"expires_in_days": gettext("must be a whole number of days from 1 to %(max)d", max=MAX_DAYS)})
    try:
        days = int(value)
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise Invalid({"expires_in_days": gettext("must be a whole number of days from 1 to %(max)d", max=MAX_DAYS)})
    return days


def create_share_link(session: Session, actor: User | None, snapshot_id: str, expires_in_days: Any = None) -> Created:
    snapshot = session.get(Snapshot, snapshot_id)
    if snapshot is None:
        raise NotFound(gettext("No such snapshot."))
    authorise(session, actor, snapshot.journey.workspace, "editor", write=True, missing=gettext("No such snapshot."))
    days = days_from(expires_in_days)
    token = new_secret(TOKEN_PREFIX)
    now = utcnow()
    link = ShareLink(workspace_id=snapshot.journey.workspace_id, journey_id=snapshot.journey_id, snapshot=snapshot,
                     token_hash=digest(token), created_by_id=actor.id if actor is not None else None,
                     created_at=now, expires_at=now + timedelta(days=days))
    session.add(link)
    session.flush()
    return Created(link, token)


def list_share_links(session: Session, actor: User | None, journey_id: str) -> list[Listed]:
    """The journey's links, newest first, with how often each was opened (editors and admins)."""
    journey = journey_for(session, actor, journey_id, "viewer")
    authorise(session, actor, journey.workspace, "editor", write=False, missing=gettext("No such journey."))
    links = list(session.scalars(select(ShareLink).where(ShareLink.journey_id == journey.id)
                                 .options(selectinload(ShareLink.snapshot), selectinload(ShareLink.created_by))
                                 .order_by(ShareLink.created_at.desc(), ShareLink.id)))
    counts = dict((row[0], row[1:]) for row in session.execute(
        select(ShareLinkAccess.share_link_id, func.count(), func.max(ShareLinkAccess.at))
        .where(ShareLinkAccess.share_link_id.in_([link.id for link in links]))
        .group_by(ShareLinkAccess.share_link_id)))
    return [Listed(link, *counts.get(link.id, (0, None))) for link in links]


def recent_accesses(session: Session, actor: User | None, journey_id: str, limit: int = 50) -> list[ShareLinkAccess]:
    """The latest visits through the journey's links, newest first (editors and admins)."""
    journey = journey_for(session, actor, journey_id, "viewer")
    authorise(session, actor, journey.workspace, "editor", write=False, missing=gettext("No such journey."))
    return list(session.scalars(select(ShareLinkAccess).join(ShareLink).where(ShareLink.journey_id == journey.id)
                                .options(selectinload(ShareLinkAccess.share_link).selectinload(ShareLink.snapshot))
                                .order_by(ShareLinkAccess.at.desc(), ShareLinkAccess.id).limit(limit)))


def revoke_share_link(session: Session, actor: User | None, link_id: str) -> ShareLink:
    """From now on the link opens nothing. Revoking a revoked link changes nothing."""
    link = _editable(session, actor, link_id, write=True)
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        session.flush()
    return link


def _editable(session: Session, actor: User | None, link_id: str, write: bool) -> ShareLink:
    link = session.get(ShareLink, link_id)
    if link is None:
        raise NotFound(gettext("No such share link."))
    authorise(session, actor, link.snapshot.journey.workspace, "editor", write=write, missing=gettext("No such share link."))
    return link


def open_shared(session: Session, token: str, page: str) -> Snapshot:
    """The snapshot a live link opens, logging the visit; NotFound for any other token (unknown,
    revoked, expired) — the same answer, so a guess learns nothing."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        raise NotFound(gettext("No such page."))
    link = session.scalar(select(ShareLink).where(ShareLink.token_hash == digest(token)))
    if link is None or state_of(link) != "active":
        raise NotFound(gettext("No such page."))
    session.add(ShareLinkAccess(share_link_id=link.id, page=page if page in PAGES else "map", at=utcnow()))
    session.flush()
    return link.snapshot
