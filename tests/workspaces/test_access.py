"""Who may read and write a workspace: members by role; others never learn it exists."""

from __future__ import annotations

import pytest

from insightrepo.workspaces.access import membership, workspace_for
from insightrepo.errors import Forbidden, NotFound


@pytest.mark.parametrize("who", ["viewer", "editor", "admin"])
def test_every_member_may_read(session, team, who):
    assert workspace_for(session, getattr(team, who), "alpha") is team.a


def test_a_non_member_reading_gets_not_found(session, team):
    with pytest.raises(NotFound) as error:
        workspace_for(session, team.outsider, "alpha")

    assert "Alpha" not in error.value.message


def test_a_non_member_reading_cannot_tell_it_from_a_missing_workspace(session, team):
    with pytest.raises(NotFound) as other:
        workspace_for(session, team.outsider, "alpha")
    with pytest.raises(NotFound) as missing:
        workspace_for(session, team.outsider, "no-such-team")

    assert other.value.message == missing.value.message


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_a_non_member_writing_gets_the_not_found_of_a_missing_workspace(session, team, role):
    with pytest.raises(NotFound) as other:
        workspace_for(session, team.outsider, "alpha", role)
    with pytest.raises(NotFound) as missing:
        workspace_for(session, team.outsider, "no-such-team", role)

    assert other.value.message == missing.value.message


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_writing_to_a_missing_workspace_is_not_found(session, team, role):
    with pytest.raises(NotFound):
        workspace_for(session, team.admin, "no-such-team", role)


@pytest.mark.parametrize(("who", "needs"), [("viewer", "editor"), ("viewer", "admin"), ("editor", "admin")])
def test_a_role_too_low_is_forbidden(session, team, who, needs):
    with pytest.raises(Forbidden) as error:
        workspace_for(session, getattr(team, who), "alpha", needs)

    assert needs in error.value.message


@pytest.mark.parametrize(("who", "needs"), [("editor", "editor"), ("admin", "editor"), ("admin", "admin")])
def test_a_role_high_enough_is_allowed(session, team, who, needs):
    assert workspace_for(session, getattr(team, who), "alpha", needs) is team.a


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_the_operator_may_do_anything(session, team, role):
    assert workspace_for(session, None, "beta", role) is team.b


def test_membership_is_per_workspace(session, team):
    assert membership(session, team.admin, team.a).role == "admin"
    assert membership(session, team.admin, team.b) is None
    assert membership(session, None, team.a) is None
