"""Members: adding, inviting, accepting, changing roles and removing; a workspace keeps an admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from insightrepo.db import utcnow
from insightrepo.models import Invitation, Membership, User
from insightrepo.accounts import users
from insightrepo.workspaces import members
from insightrepo.workspaces.access import membership
from insightrepo.errors import Conflict, Forbidden, Invalid, NotFound
from insightrepo.accounts.secret_tokens import digest
from tests.conftest import PASSWORD

NEW_PASSWORD = "a sturdy passphrase"


def _invite(session, team, email="nina@example.org", role="editor"):
    added = members.add_member(session, team.admin, "alpha", email, role)
    return added.invitation, added.invitation_secret


# ---- listing -----------------------------------------------------------------------------

def test_every_member_lists_the_members_by_email(session, team):
    workspace, rows = members.list_members(session, team.viewer, "alpha")

    assert workspace is team.a
    assert [(m.user.email, m.role) for m in rows] == [
        ("admin@example.org", "admin"), ("editor@example.org", "editor"), ("viewer@example.org", "viewer")]


def test_a_non_member_cannot_list_members(session, team):
    with pytest.raises(NotFound):
        members.list_members(session, team.outsider, "alpha")


def test_only_admins_see_pending_invitations(session, team):
    invitation, _ = _invite(session, team)

    assert members.pending_invitations(session, team.admin, "alpha") == [invitation]
    with pytest.raises(Forbidden):
        members.pending_invitations(session, team.editor, "alpha")


# ---- adding and inviting -------------------------------------------------------------------

def test_an_admin_adding_an_existing_user_invites_them_and_they_join_by_accepting(session, team):
    added = members.add_member(session, team.admin, "alpha", " OUTSIDER@example.org ", "viewer")

    assert added.membership is None and added.invitation.email == "outsider@example.org"
    assert membership(session, team.outsider, team.a) is None
    assert members.my_invitations(session, team.outsider) == [added.invitation]

    members.answer_invitation(session, team.outsider, added.invitation.id, accept=True)

    assert membership(session, team.outsider, team.a).role == "viewer"
    assert members.my_invitations(session, team.outsider) == []


def test_the_operator_adds_an_existing_user_at_once(session, team):
    added = members.add_member(session, None, "alpha", "outsider@example.org", "viewer")

    assert added.invitation is None and added.membership.user is team.outsider
    assert membership(session, team.outsider, team.a).role == "viewer"


def test_adding_someone_already_in_is_a_conflict(session, team):
    with pytest.raises(Conflict) as error:
        members.add_member(session, team.admin, "alpha", "viewer@example.org", "admin")

    assert error.value.details["fields"] == {"email": "already a member"}
    assert membership(session, team.viewer, team.a).role == "viewer"


@pytest.mark.parametrize(("email", "role", "fields"), [
    ("outsider@example.org", "owner", {"role"}),
    ("not an email", "viewer", {"email"}),
    ("", "superuser", {"email", "role"}),
])
def test_bad_input_is_explained_per_field(session, team, email, role, fields):
    with pytest.raises(Invalid) as error:
        members.add_member(session, team.admin, "alpha", email, role)

    assert set(error.value.fields) == fields


@pytest.mark.parametrize("who", ["viewer", "editor"])
def test_only_admins_add_members(session, team, who):
    with pytest.raises(Forbidden):
        members.add_member(session, getattr(team, who), "alpha", "outsider@example.org", "viewer")
    assert membership(session, team.outsider, team.a) is None


def test_an_admin_elsewhere_cannot_add_members_here(session, team):
    with pytest.raises(NotFound):
        members.add_member(session, team.outsider, "alpha", "outsider@example.org", "admin")
    assert membership(session, team.outsider, team.a) is None


def test_inviting_an_unknown_email_makes_an_invitation_with_a_secret(session, team):
    invitation, secret = _invite(session, team, email="Nina@Example.org", role="viewer")

    assert invitation.email == "nina@example.org"
    assert invitation.role == "viewer"
    assert invitation.invited_by_id == team.admin.id
    assert invitation.accepted_at is None
    assert len(secret) >= 32
    assert invitation.secret_hash == digest(secret) != secret
    assert utcnow() + timedelta(days=13) < invitation.expires_at <= utcnow() + timedelta(days=14)
    assert users.find_user_by_email(session, "nina@example.org") is None  # no account yet


def test_invitations_last_as_many_days_as_configured(session, team):
    added = members.add_member(session, team.admin, "alpha", "nina@example.org", "viewer", invitation_days=2)

    assert utcnow() + timedelta(days=1) < added.invitation.expires_at <= utcnow() + timedelta(days=2)


# ---- accepting ------------------------------------------------------------------------------

def test_accepting_creates_the_account_and_joins_with_the_invited_role(session, team):
    invitation, secret = _invite(session, team, role="editor")

    user = members.accept_invitation(session, secret, NEW_PASSWORD, "Nina Newcomer")

    assert (user.email, user.display_name) == ("nina@example.org", "Nina Newcomer")
    assert membership(session, user, team.a).role == "editor"
    assert invitation.accepted_at is not None
    assert users.authenticate(session, "nina@example.org", NEW_PASSWORD) is user


def test_an_invitation_cannot_be_accepted_twice(session, team):
    _, secret = _invite(session, team)
    members.accept_invitation(session, secret, NEW_PASSWORD)

    with pytest.raises(NotFound):
        members.accept_invitation(session, secret, "another long password")
    with pytest.raises(NotFound):
        members.find_invitation(session, secret)
    assert users.authenticate(session, "nina@example.org", "another long password") is None


def test_an_expired_invitation_cannot_be_accepted(session, team):
    invitation, secret = _invite(session, team)
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()

    with pytest.raises(NotFound):
        members.accept_invitation(session, secret, NEW_PASSWORD)
    assert users.find_user_by_email(session, "nina@example.org") is None


@pytest.mark.parametrize("secret", ["", "nonsense", "x" * 500])
def test_an_unknown_secret_is_not_found(session, team, secret):
    _invite(session, team)

    with pytest.raises(NotFound):
        members.find_invitation(session, secret)


def test_the_stored_hash_does_not_work_as_a_link(session, team):
    invitation, _ = _invite(session, team)

    with pytest.raises(NotFound):
        members.find_invitation(session, invitation.secret_hash)


def test_a_short_password_creates_nothing_and_keeps_the_invitation_open(session, team):
    invitation, secret = _invite(session, team)

    with pytest.raises(Invalid) as error:
        members.accept_invitation(session, secret, "short")

    assert "password" in error.value.fields
    assert users.find_user_by_email(session, "nina@example.org") is None
    assert members.find_invitation(session, secret) is invitation


def test_an_existing_account_joins_with_its_own_password(session, team, make_user):
    _, secret = _invite(session, team, email="late@example.org", role="viewer")
    late = make_user("late@example.org")

    with pytest.raises(Invalid) as error:
        members.accept_invitation(session, secret, "not my password")
    assert "password" in error.value.fields
    assert membership(session, late, team.a) is None

    assert members.accept_invitation(session, secret, PASSWORD) is late
    assert membership(session, late, team.a).role == "viewer"


def test_a_withdrawn_invitation_cannot_be_accepted(session, team):
    invitation, secret = _invite(session, team)

    members.revoke_invitation(session, team.admin, "alpha", invitation.id)

    with pytest.raises(NotFound):
        members.accept_invitation(session, secret, NEW_PASSWORD)
    assert members.pending_invitations(session, team.admin, "alpha") == []


def test_invitations_of_another_workspace_cannot_be_withdrawn(session, team):
    invitation, _ = _invite(session, team)

    with pytest.raises(NotFound):
        members.revoke_invitation(session, team.outsider, "alpha", invitation.id)
    with pytest.raises(NotFound):
        members.revoke_invitation(session, team.outsider, "beta", invitation.id)
    assert session.get(Invitation, invitation.id) is not None


# ---- changing roles ------------------------------------------------------------------------

def test_an_admin_changes_a_role_with_the_current_version(session, team):
    member = membership(session, team.viewer, team.a)

    changed = members.change_role(session, team.admin, "alpha", team.viewer.id, "editor", member.version)

    assert changed.role == "editor"
    assert changed.version == 2


def test_a_stale_version_is_a_conflict_and_changes_nothing(session, team):
    members.change_role(session, team.admin, "alpha", team.viewer.id, "editor", 1)

    with pytest.raises(Conflict) as error:
        members.change_role(session, team.admin, "alpha", team.viewer.id, "admin", 1)

    assert error.value.details == {"current_version": 2, "your_version": 1}
    assert membership(session, team.viewer, team.a).role == "editor"


def test_a_missing_version_is_refused(session, team):
    with pytest.raises(Invalid) as error:
        members.change_role(session, team.admin, "alpha", team.viewer.id, "editor", None)

    assert "version" in error.value.fields


def test_an_unknown_role_is_refused(session, team):
    with pytest.raises(Invalid) as error:
        members.change_role(session, team.admin, "alpha", team.viewer.id, "owner", 1)

    assert set(error.value.fields) == {"role"}
    assert membership(session, team.viewer, team.a).role == "viewer"


@pytest.mark.parametrize("who", ["viewer", "editor"])
def test_only_admins_change_roles(session, team, who):
    with pytest.raises(Forbidden):
        members.change_role(session, getattr(team, who), "alpha", getattr(team, who).id, "admin", 1)
    assert membership(session, getattr(team, who), team.a).role == who


def test_changing_the_role_of_a_non_member_is_not_found(session, team):
    with pytest.raises(NotFound):
        members.change_role(session, team.admin, "alpha", team.outsider.id, "viewer", 1)


def test_the_last_admin_cannot_step_down(session, team):
    with pytest.raises(Conflict) as error:
        members.change_role(session, team.admin, "alpha", team.admin.id, "editor", 1)

    assert "at least one admin" in error.value.message
    assert membership(session, team.admin, team.a).role == "admin"


def test_an_admin_may_step_down_once_there_is_another(session, team):
    members.change_role(session, team.admin, "alpha", team.editor.id, "admin", 1)

    members.change_role(session, team.admin, "alpha", team.admin.id, "viewer", 1)

    assert membership(session, team.admin, team.a).role == "viewer"
    assert membership(session, team.editor, team.a).role == "admin"


# ---- removing -------------------------------------------------------------------------------

def test_an_admin_removes_a_member(session, team):
    members.remove_member(session, team.admin, "alpha", team.editor.id)

    assert membership(session, team.editor, team.a) is None
    assert session.get(User, team.editor.id) is not None  # the account stays


def test_any_member_may_leave(session, team):
    members.remove_member(session, team.viewer, "alpha", team.viewer.id)

    assert membership(session, team.viewer, team.a) is None


@pytest.mark.parametrize("who", ["viewer", "editor"])
def test_only_admins_remove_others(session, team, who):
    with pytest.raises(Forbidden):
        members.remove_member(session, getattr(team, who), "alpha", team.admin.id)
    assert membership(session, team.admin, team.a) is not None


def test_the_last_admin_cannot_leave_or_be_removed(session, team):
    with pytest.raises(Conflict):
        members.remove_member(session, team.admin, "alpha", team.admin.id)
    with pytest.raises(Conflict):
        members.remove_member(session, None, "alpha", team.admin.id)  # not even by the operator

    assert membership(session, team.admin, team.a).role == "admin"


def test_one_of_two_admins_may_leave(session, team):
    members.change_role(session, team.admin, "alpha", team.editor.id, "admin", 1)

    members.remove_member(session, team.admin, "alpha", team.admin.id)

    roles = session.scalars(select(Membership.role).where(Membership.workspace_id == team.a.id)).all()
    assert sorted(roles) == ["admin", "viewer"]
    assert membership(session, team.admin, team.a) is None


def test_removing_a_non_member_is_not_found(session, team):
    with pytest.raises(NotFound):
        members.remove_member(session, team.admin, "alpha", team.outsider.id)
