"""Who may do what in a workspace.

Anything in a workspace the actor does not belong to — a read or a write — answers NotFound,
in the same words as something that does not exist, so no answer reveals that it exists; members
whose role is too low for a write answer Forbidden (docs/security.md §1).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Membership, User, Workspace
from insightrepo.errors import Forbidden, NotFound
from insightrepo.field_labels import value_name
from insightrepo.i18n import gettext, lazy_gettext

# The roles as pages name them (the codes stay English in the data and the API).
ROLE_NAMES = {"viewer": lazy_gettext("viewer"), "editor": lazy_gettext("editor"), "admin": lazy_gettext("admin")}


def membership(session: Session, actor: User | None, workspace: Workspace) -> Membership | None:
    if actor is None:
        return None
    return session.scalar(
        select(Membership).where(Membership.workspace_id == workspace.id, Membership.user_id == actor.id)
    )


def can_edit(session: Session, actor: User | None, workspace: Workspace) -> bool:
    """Whether ``actor`` may edit in ``workspace`` (an editor or admin): the one answer pages use to
    show edit controls. The operations check again on every write (``authorise``)."""
    member = membership(session, actor, workspace)
    return member is not None and member.allows("editor")


def _find(session: Session, slug: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.slug == slug))


def authorise(session: Session, actor: User | None, workspace: Workspace, role: str, *, write: bool,
              missing: str | None = None) -> None:
    """Raise unless ``actor`` holds at least ``role`` in ``workspace``; None is the operator.
    ``missing``: the NotFound message for a non-member, reading or writing — the same words as
    for something that does not exist at all, so the answer reveals nothing (by default a workspace's)."""
    if actor is None:
        return
    member = membership(session, actor, workspace)
    if member is None:
        raise NotFound(missing or gettext("No such workspace."))
    if not member.allows(role):
        raise Forbidden(gettext("This needs the %(role)s role; you are %(yours)s.",
                                role=value_name(role, ROLE_NAMES), yours=value_name(member.role, ROLE_NAMES)))


def workspace_for(session: Session, actor: User | None, slug: str, role: str = "viewer") -> Workspace:
    """The workspace ``slug`` if ``actor`` holds ``role`` in it (viewer: a read)."""
    workspace = _find(session, slug)
    write = role != "viewer"
    if workspace is None:
        raise NotFound(gettext("No such workspace."))
    authorise(session, actor, workspace, role, write=write)
    return workspace
