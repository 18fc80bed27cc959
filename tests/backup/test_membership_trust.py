"""Issue 18 (6a): importing a backup grants nothing to the accounts it names. The importer alone
becomes a member (admin); the authors of snapshots and changes stay names from the file, linked to
accounts only when the operator restores with the CLI's --link-accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from insightrepo.models import Change, Journey, Membership, Snapshot, User, Workspace
from insightrepo.backup.backup import export_workspace, import_workspace
from tests.backup.workspaces import make_accounts
from tests.backup.test_timeline import document  # noqa: F401 - the fixture

IMPORT = "/api/v1/workspaces/import"


@pytest.fixture
def forged(session, team, chronicled) -> dict:
    """alpha's backup, edited to list beta's admin (another tenant) as admin and as every author."""
    document = export_workspace(session, None, "alpha")
    victim = team.outsider.email
    document["members"] = [{"email": victim, "role": "admin", "created_at": "2026-01-01T00:00:00"}]
    for snapshot in document["snapshots"]:
        snapshot["created_by"] = victim
    for change in document["changes"]:
        change["actor"] = victim
    return document


def test_a_viewer_importing_a_forged_backup_becomes_its_only_member_and_links_no_one(
        api_as, session, team, forged):
    response = api_as(team.viewer).post(f"{IMPORT}?as=forged", json=forged)

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["role"] == "admin" and response.json["counts"]["members"] == 1
    workspace = session.scalar(select(Workspace).where(Workspace.slug == "forged"))
    members = dict(session.execute(select(User.email, Membership.role).join(Membership)
                                   .where(Membership.workspace_id == workspace.id)).all())
    assert members == {"viewer@example.org": "admin"}
    journey_id = session.scalar(select(Journey.id).where(Journey.workspace_id == workspace.id))
    snapshots = session.scalars(select(Snapshot).where(Snapshot.journey_id == journey_id)).all()
    changes = session.scalars(select(Change).where(Change.workspace_id == workspace.id)).all()
    assert len(snapshots) == 2 and changes
    assert {s.created_by_id for s in snapshots} == {None} and {c.actor_id for c in changes} == {None}
    assert {s.author for s in snapshots} == {c.author for c in changes} == {"outsider@example.org"}
    # what members see: the name from the file, never the account's display name
    api = api_as(team.viewer)
    timeline = api.get(f"/api/v1/journeys/{journey_id}/snapshots")
    assert {s["created_by"] for s in timeline.json["items"]} == {"outsider@example.org"}
    history = api.get(f"/api/v1/journeys/{journey_id}/changes")
    assert "Otto Outsider" not in history.get_data(as_text=True)
    assert {c["actor"] for c in history.json["items"]} == {"outsider@example.org"}


def test_a_restore_keeps_authors_as_names_unless_the_operator_links_accounts(document, empty_database):
    with empty_database() as target:
        make_accounts(target, ["admin@example.org", "editor@example.org"])
        restored = import_workspace(target, None, document)
        members = target.scalars(select(Membership).where(Membership.workspace_id == restored.workspace.id)).all()
        snapshots = target.scalars(select(Snapshot).order_by(Snapshot.as_of)).all()
        linked_ids = {s.created_by_id for s in snapshots} | {c.actor_id for c in target.scalars(select(Change))}
        names = [s.author for s in snapshots]
        again = export_workspace(target, None, "alpha")

    assert members == [] and restored.counts["members"] == 0
    assert linked_ids == {None}
    assert names == ["admin@example.org", "editor@example.org"]
    assert {m["email"] for m in restored.skipped_members} == {m["email"] for m in document["members"]}
    # the names travel on: a backup of the restored workspace names the same authors
    assert [s["created_by"] for s in again["snapshots"]] == [s["created_by"] for s in document["snapshots"]]
    assert [c["actor"] for c in again["changes"]] == [c["actor"] for c in document["changes"]]

    with empty_database() as target:
        make_accounts(target, ["admin@example.org", "editor@example.org"])
        restored = import_workspace(target, None, document, link_accounts=True)
        snapshots = target.scalars(select(Snapshot).order_by(Snapshot.as_of)).all()
        authors = [s.created_by.email for s in snapshots]
    assert authors == ["admin@example.org", "editor@example.org"]
    assert restored.counts["members"] == 2


def test_only_the_operator_may_link_accounts(session, team, document):
    with pytest.raises(ValueError):
        import_workspace(session, team.admin, document, new_slug="alpha-linked", link_accounts=True)
