"""Members of a workspace and their roles. Admins manage them; a workspace keeps one admin at least."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insightrepo.db import utcnow
from insightrepo.models import ROLES, Invitation, Membership, User, Workspace
from insightrepo.workspaces.access import workspace_for
from insightrepo.accounts.users import create_user, find_user_by_email
from insightrepo.errors import Conflict, Invalid, NotFound, check_version
from insightrepo.accounts.passwords import verify_password
from insightrepo.accounts.secret_tokens import digest, new_secret
from insightrepo.field_checks import email_problem, normalise_email
from insightrepo.i18n import gettext


@dataclass(frozen=True)
class Added:
    """What add_member did: an invitation to accept (a membership only when the operator adds)."""

    membership: Membership | None = None
    invitation: Invitation | None = None
    invitation_secret: str | None = None


def _role_problem(role: str) -> dict[str, str]:
    return {} if role in ROLES else {"role": f"role must be one of {', '.join(ROLES)}"}


def list_members(session: Session, actor: User | None, slug: str) -> tuple[Workspace, list[Membership]]:
    workspace = workspace_for(session, actor, slug, "viewer")
    members = list(session.scalars(
        select(Membership).join(User).where(Membership.workspace_id == workspace.id).order_by(User.email)
    ))
    return workspace, members


def pending_invitations(session: Session, actor: User | None, slug: str) -> list[Invitation]:
    workspace = workspace_for(session, actor, slug, "admin")
    return list(session.scalars(
        select(Invitation).where(Invitation.workspace_id == workspace.id, Invitation.accepted_at.is_(None),
                                 Invitation.expires_at > utcnow()).order_by(Invitation.created_at)
    ))


def add_member(session: Session, actor: User | None, slug: str, email: str, role: str,
               invitation_days: int = 14) -> Added:
    """An admin invites: an account joins only by accepting, and the invitation is the same whether
    or not an account has the email (nothing about it is revealed). The operator (``actor`` None)
    adds an existing account at once."""
    workspace = workspace_for(session, actor, slug, "admin")
    email = normalise_email(email)
    problems = _role_problem(role)
    if p := email_problem(email):
        problems["email"] = p
    if problems:
        raise Invalid(problems)
    user = find_user_by_email(session, email)
    if user is not None and _membership(session, workspace, user.id, missing_ok=True) is not None:
        raise Conflict(gettext("%(email)s is already a member.", email=email),
                       {"fields": {"email": gettext("already a member")}})
    if user is None or actor is not None:
        secret = new_secret()
        invitation = Invitation(
            workspace_id=workspace.id, email=email, role=role, secret_hash=digest(secret),
            invited_by_id=actor.id if actor else None,
            expires_at=utcnow() + timedelta(days=invitation_days),
        )
        session.add(invitation)
        session.flush()
        return Added(invitation=invitation, invitation_secret=secret)
    member = Membership(workspace=workspace, user=user, role=role)
    session.add(member)
    session.flush()
    return Added(membership=member)


def change_role(session: Session, actor: User | None, slug: str, user_id: str, role: str,
                version: int | None) -> Membership:
    workspace = workspace_for(session, actor, slug, "admin")
    member = _membership(session, workspace, user_id)
    check_version(member, version)
    if problems := _role_problem(role):
        raise Invalid(problems)
    if member.role == "admin" and role != "admin":
        _keep_an_admin(session, workspace)
    member.role = role
    session.flush()
    return member


def member_for(session: Session, actor: User | None, slug: str, user_id: str) -> Membership:
    """The membership ``actor`` may remove: anyone's for an admin, their own for any member."""
    leaving = actor is not None and actor.id == user_id
    workspace = workspace_for(session, actor, slug, "viewer" if leaving else "admin")
    return _membership(session, workspace, user_id)


def remove_member(session: Session, actor: User | None, slug: str, user_id: str) -> None:
    """Admins remove anyone; any member may leave."""
    member = member_for(session, actor, slug, user_id)
    if member.role == "admin":
        _keep_an_admin(session, member.workspace)
    session.delete(member)
    session.flush()


def invitation_for(session: Session, actor: User | None, slug: str, invitation_id: str) -> Invitation:
    """An open invitation to the workspace, for its admins."""
    workspace = workspace_for(session, actor, slug, "admin")
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.workspace_id != workspace.id or invitation.accepted_at:
        raise NotFound(gettext("No such invitation."))
    return invitation


def revoke_invitation(session: Session, actor: User | None, slug: str, invitation_id: str) -> None:
    invitation = invitation_for(session, actor, slug, invitation_id)
    session.delete(invitation)
    session.flush()


def my_invitations(session: Session, actor: User) -> list[Invitation]:
    """The open invitations to the signed-in account's email, oldest first."""
    return list(session.scalars(
        select(Invitation).where(Invitation.email == actor.email, Invitation.accepted_at.is_(None),
                                 Invitation.expires_at > utcnow()).order_by(Invitation.created_at)
    ))


def answer_invitation(session: Session, actor: User, invitation_id: str, accept: bool) -> Membership | None:
    """The invited account accepts (and becomes a member with the invited role) or declines (the
    invitation is gone). Anyone else's, a used or an expired invitation is not found."""
    invitation = session.get(Invitation, invitation_id)
    if (invitation is None or invitation.email != actor.email or invitation.accepted_at is not None
            or invitation.expires_at <= utcnow()):
        raise NotFound(gettext("No such invitation."))
    if not accept:
        session.delete(invitation)
        session.flush()
        return None
    member = _membership(session, invitation.workspace, actor.id, missing_ok=True)
    if member is None:
        member = Membership(workspace=invitation.workspace, user=actor, role=invitation.role)
        session.add(member)
    invitation.accepted_at = utcnow()
    session.flush()
    return member


def find_invitation(session: Session, secret: str) -> Invitation:
    invitation = session.scalar(select(Invitation).where(Invitation.secret_hash == digest(secret)))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= utcnow():
        raise NotFound(gettext("This invitation link is not valid any more. Ask an admin for a new one."))
    return invitation


def accept_invitation(session: Session, secret: str, password: str, display_name: str = "") -> User:
    """Join the workspace; creates the account, or checks the password of an existing one."""
    invitation = find_invitation(session, secret)
    user = find_user_by_email(session, invitation.email)
    if user is None:
        user = create_user(session, invitation.email, password, display_name)
    elif not verify_password(user.password_hash, password):
        raise Invalid({"password": gettext("wrong password for this existing account")})
    if _membership(session, invitation.workspace, user.id, missing_ok=True) is None:
        session.add(Membership(workspace=invitation.workspace, user=user, role=invitation.role))
    invitation.accepted_at = utcnow()
    session.flush()
    return user


def _membership(session: Session, workspace: Workspace, user_id: str, missing_ok: bool = False) -> Membership | None:
    member = session.scalar(
        select(Membership).where(Membership.workspace_id == workspace.id, Membership.user_id == user_id)
    )
    if member is None and not missing_ok:
        raise NotFound(gettext("No such member."))
    return member


def _keep_an_admin(session: Session, workspace: Workspace) -> None:
    admins = session.scalar(
        select(func.count()).select_from(Membership)
        .where(Membership.workspace_id == workspace.id, Membership.role == "admin")
    )
    if admins <= 1:
        raise Conflict(gettext("A workspace needs at least one admin: make someone else admin first."))

