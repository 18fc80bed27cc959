"""Workspaces: creating, listing and editing them."""

from __future__ import annotations

import pytest

from insightrepo.models import Membership
from insightrepo.workspaces import workspaces
from insightrepo.workspaces.access import membership
from insightrepo.errors import Conflict, Forbidden, Invalid, NotFound


def test_create_workspace_makes_the_creator_its_only_admin(session, make_user):
    founder = make_user()

    workspace = workspaces.create_workspace(session, founder, "  Plant shop CX ", "Plant-Shop", "sv")

    assert (workspace.name, workspace.slug, workspace.language) == ("Plant shop CX", "plant-shop", "sv")
    assert [(m.user, m.role) for m in workspace.memberships] == [(founder, "admin")]
    assert workspaces.list_workspaces(session, founder) == [(workspace, "admin")]


def test_the_operator_creates_a_workspace_without_members(session):
    workspace = workspaces.create_workspace(session, None, "Ops", "ops")

    assert workspace.memberships == []
    assert workspace.language == "en"


@pytest.mark.parametrize("slug", ["", "-cx", "cx-", "c x", "cx_team", "cx.team", "ö-team", "x" * 65])
def test_a_bad_slug_is_explained(session, make_user, slug):
    with pytest.raises(Invalid) as error:
        workspaces.create_workspace(session, make_user(), "Team", slug)

    assert set(error.value.fields) == {"slug"}


@pytest.mark.parametrize("slug", ["a", "cx", "cx-team-2", "x" * 64])
def test_good_slugs_are_accepted(session, make_user, slug):
    assert workspaces.create_workspace(session, make_user(), "Team", slug).slug == slug


@pytest.mark.parametrize("language", ["", "xx", "EN", "english"])
def test_an_unknown_language_is_explained(session, make_user, language):
    with pytest.raises(Invalid) as error:
        workspaces.create_workspace(session, make_user(), "Team", "team", language)

    assert set(error.value.fields) == {"language"}


@pytest.mark.parametrize("language", ["sv", "da", "no", "fi", "de", "en"])
def test_the_nordic_languages_german_and_english_are_offered(session, make_user, language):
    assert workspaces.create_workspace(session, make_user(), "Team", "team", language).language == language


def test_a_name_is_required(session, make_user):
    with pytest.raises(Invalid) as error:
        workspaces.create_workspace(session, make_user(), "   ", "team")

    assert set(error.value.fields) == {"name"}


def test_a_taken_slug_is_a_conflict_in_any_case(session, team):
    with pytest.raises(Conflict) as error:
        workspaces.create_workspace(session, team.viewer, "Alpha again", "ALPHA")

    assert error.value.details["fields"] == {"slug": "already taken"}


def test_list_workspaces_gives_only_mine_with_my_role_by_name(session, team, make_workspace):
    zeta = make_workspace("zeta", "Zeta CX")
    session.add(Membership(workspace=zeta, user=team.editor, role="viewer"))
    session.flush()

    assert workspaces.list_workspaces(session, team.editor) == [(team.a, "editor"), (zeta, "viewer")]
    assert workspaces.list_workspaces(session, team.outsider) == [(team.b, "admin")]


def test_get_workspace_for_a_member(session, team):
    assert workspaces.get_workspace(session, team.viewer, "alpha") is team.a


def test_get_workspace_hides_other_workspaces(session, team):
    with pytest.raises(NotFound):
        workspaces.get_workspace(session, team.viewer, "beta")


def test_an_admin_renames_with_the_current_version(session, team):
    workspace = workspaces.update_workspace(session, team.admin, "alpha", team.a.version, name="Alpha Team")

    assert workspace.name == "Alpha Team"
    assert workspace.version == 2


def test_renaming_from_a_stale_version_is_a_conflict_and_changes_nothing(session, team):
    workspaces.update_workspace(session, team.admin, "alpha", 1, language="sv")

    with pytest.raises(Conflict) as error:
        workspaces.update_workspace(session, team.admin, "alpha", 1, name="Lost update")

    assert error.value.details == {"current_version": 2, "your_version": 1}
    assert team.a.name == "Alpha CX"


def test_renaming_without_a_version_is_refused(session, team):
    with pytest.raises(Invalid) as error:
        workspaces.update_workspace(session, team.admin, "alpha", None, name="Alpha Team")

    assert "version" in error.value.fields


def test_an_editor_cannot_rename(session, team):
    with pytest.raises(Forbidden):
        workspaces.update_workspace(session, team.editor, "alpha", 1, name="Mine now")
    assert team.a.name == "Alpha CX"


def test_an_admin_of_another_workspace_cannot_rename(session, team):
    with pytest.raises(NotFound):
        workspaces.update_workspace(session, team.outsider, "alpha", 1, name="Mine now")
    assert membership(session, team.outsider, team.a) is None
