"""The timeline in a backup (since format version 2): snapshots with the objects they reach
(the experiments they froze too) and the change log — exported, restored with ids kept, copied
with every object rewritten; a tampered object is refused and nothing is written."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from insightrepo.models import Change, Journey, Snapshot, SnapshotObject
from insightrepo.backup.backup import dump_document, export_workspace, import_workspace
from insightrepo.errors import Invalid
from insightrepo.timeline.freeze import freeze
from insightrepo.timeline.objects import ObjectStore, object_hash
from insightrepo.timeline.snapshots import frozen_map, record_snapshot
from tests.backup.conftest import row_counts
from tests.backup.test_round_trip import canonical, renamed_values
from tests.backup.workspaces import make_accounts

IMPORT = "/api/v1/workspaces/import"


@pytest.fixture
def document(session, chronicled) -> dict:
    return json.loads(dump_document(export_workspace(session, None, chronicled)))


def test_the_backup_holds_the_snapshots_their_objects_and_the_change_log(document):
    march, may = document["snapshots"]
    assert (march["label"], march["as_of"], march["note"], march["created_by"]) == (
        "Hypotes", "2026-03-01", "Före intervjuerna", "admin@example.org")
    assert (may["label"], may["created_by"]) == ("Efter intervjuerna", "editor@example.org")
    assert march["journey_id"] == may["journey_id"] == document["journeys"][0]["id"]
    kinds = [o["kind"] for o in document["snapshot_objects"]]
    assert kinds.count("root") == 2 and kinds.count("journey") == 1  # the journey did not change: shared
    assert [o["hash"] for o in document["snapshot_objects"]] == sorted(o["hash"] for o in document["snapshot_objects"])
    assert all(isinstance(o["body"], dict) for o in document["snapshot_objects"])
    edits = [(c["entity"], c["action"], c["field"], c["actor"]) for c in document["changes"]]
    assert ("step", "update", "title", "admin@example.org") in edits
    assert ("step", "delete", None, "editor@example.org") in edits
    assert ("experiment", "update", "status", "admin@example.org") in edits
    assert ("measurement", "create", None, "admin@example.org") in edits
    # the experiment as each snapshot froze it: running in March, concluded in May
    frozen = [o["body"] for o in document["snapshot_objects"] if o["kind"] == "experiment"]
    assert sorted((e["status"], e["verdict"], e["measurements"]) for e in frozen) == [
        ("concluded", "supported", 2), ("running", None, 1)]
    assert {e["id"] for e in frozen} == {document["experiments"][0]["id"]}
    assert [c["at"] for c in document["changes"]] == sorted(c["at"] for c in document["changes"])


def test_a_restore_keeps_ids_maps_authors_by_email_and_reports_those_without_an_account(document, empty_database):
    with empty_database() as target:
        make_accounts(target, ["admin@example.org"])
        restored = import_workspace(target, None, document, link_accounts=True)
        march, may = target.scalars(select(Snapshot).order_by(Snapshot.as_of)).all()
        authors = [s.created_by.email if s.created_by else None for s in (march, may)]
        actors = {c.actor.email if c.actor else None for c in target.scalars(select(Change))}
        again = export_workspace(target, None, "alpha")

    assert restored.unknown_authors == ["editor@example.org"]
    assert (march.id, march.root) == (document["snapshots"][0]["id"], document["snapshots"][0]["root"])
    assert authors == ["admin@example.org", None]
    assert actors == {"admin@example.org", None}
    assert restored.counts["snapshots"] == 2
    assert restored.counts["snapshot_objects"] == len(document["snapshot_objects"])
    for snapshot in again["snapshots"]:  # the unknown author is gone; all else is as it was
        snapshot["created_by"] = document["snapshots"][again["snapshots"].index(snapshot)]["created_by"]
    for change in again["changes"]:
        change["actor"] = next(c["actor"] for c in document["changes"] if c["id"] == change["id"])
    assert {**again, "members": []} == {**document, "members": []}  # members without an account are skipped


def test_objects_the_database_holds_already_are_shared_not_a_conflict(document, empty_database):
    with empty_database() as target:
        first = document["snapshot_objects"][0]
        store = ObjectStore(target)
        store.put_many({first["hash"]: (first["kind"], first["body"])})
        target.flush()
        restored = import_workspace(target, None, document)
        stored = target.scalar(select(SnapshotObject).where(SnapshotObject.hash == first["hash"]))

    assert restored.counts["snapshot_objects"] == len(document["snapshot_objects"]) - 1
    assert stored is not None


@pytest.mark.parametrize("damage, path, problem", [
    (lambda d: d["snapshot_objects"][0]["body"].update(tampered=True), "snapshot_objects[0].hash",
     "does not match the object's kind and body"),
    (lambda d: d["snapshot_objects"][1].update(kind="step" if d["snapshot_objects"][1]["kind"] != "step" else "job"),
     "snapshot_objects[1].hash", "does not match"),
    (lambda d: d["snapshot_objects"].pop(), None, "which is not in the backup"),
    (lambda d: d["snapshots"][0].update(root="0" * 64), "snapshots[0].root", "points to object 000"),
    (lambda d: d["snapshot_objects"].append({"hash": "a" * 64, "kind": "step", "body": {}}),
     None, "does not match"),
    (lambda d: d["changes"][0].update(entity="survey"), "changes[0].entity", "must be one of"),
    (lambda d: _first(d, "experiment")["body"].update(status="abandoned"), None, "does not match"),
    (lambda d: d["snapshot_objects"].remove(_first(d, "experiment")), None, "which is not in the backup"),
    (lambda d: _forge(d, "evidence", lambda body: body.update(experiments=["not", "a", "map"])), None,
     "is not an evidence object: its experiments must map ids to hashes"),
    (lambda d: _forge(d, "step", lambda body: body.update(experiments="all of them")), None,
     "is not a step object: its experiments must be a list of ids"),
    (lambda d: d["changes"][0].update(actor="Not An Email"), "changes[0].actor", ""),
], ids=["a tampered body", "a changed kind", "an object left out", "a root not in the file", "a stray object",
        "a change of something unknown", "a frozen experiment changed", "a frozen experiment left out",
        "an index whose experiments are not a map", "a step whose experiments are not a list",
        "an actor that is not an email"])
def test_a_tampered_or_truncated_timeline_is_refused_and_nothing_is_written(document, empty_database,
                                                                             damage, path, problem):
    damage(document)
    with empty_database() as target:
        with pytest.raises(Invalid) as refused:
            import_workspace(target, None, document)
        assert set(row_counts(target).values()) == {0}

    if path is not None:
        assert refused.value.fields[path].startswith(problem) or problem in refused.value.fields[path]
    else:
        assert any(problem in message for message in refused.value.fields.values()), refused.value.fields
    assert "nothing was written" in refused.value.message


def _first(document: dict, kind: str) -> dict:
    return next(o for o in document["snapshot_objects"] if o["kind"] == kind)


def _forge(document: dict, kind: str, change) -> None:
    """Change an object of ``kind`` that names experiments, and hash it again with every object
    above it up to the snapshots' roots: a file whose hashes all match but whose object has
    the wrong shape."""
    target = next(o for o in document["snapshot_objects"] if o["kind"] == kind and o["body"].get("experiments"))
    renamed: dict[str, str] = {}

    def rehash(obj: dict) -> None:
        old, obj["hash"] = obj["hash"], object_hash(obj["kind"], obj["body"])
        renamed[old] = obj["hash"]

    change(target["body"])
    rehash(target)
    for parent_kind in ("phase", "root"):
        for obj in document["snapshot_objects"]:
            text = json.dumps(obj["body"])
            if obj["kind"] == parent_kind and any(old in text for old in renamed):
                for old, new in list(renamed.items()):
                    text = text.replace(old, new)
                obj["body"] = json.loads(text)
                rehash(obj)
    for snapshot in document["snapshots"]:
        snapshot["root"] = renamed.get(snapshot["root"], snapshot["root"])


def test_a_tampered_object_over_http_is_422_and_writes_nothing(api_as, team, session, document):
    step = next(o for o in document["snapshot_objects"] if o["kind"] == "step")
    step["body"]["title"] = "Något annat"
    before = row_counts(session)

    response = api_as(team.admin).post(f"{IMPORT}?as=alpha-kopia", json=document)

    assert response.status_code == 422, response.get_data(as_text=True)
    assert any("does not match" in m for m in response.json["error"]["details"]["fields"].values())
    assert row_counts(session) == before


def test_a_copy_compares_like_the_original_up_to_the_id_mapping(api_as, team, session, document):
    copied = import_workspace(session, team.admin, document, new_slug="alpha-kopia")
    session.commit()
    mapping = {old: new for section in copied.id_map.values() for old, new in section.items()}
    assert copied.counts["snapshots"] == 2
    assert copied.unknown_authors == ["admin@example.org", "editor@example.org"]  # kept as names
    original = [s["id"] for s in document["snapshots"]]
    copy = [mapping[i] for i in original]
    api = api_as(team.admin)

    before = api.get(f"/api/v1/snapshots/{original[0]}/compare/{original[1]}")
    after = api.get(f"/api/v1/snapshots/{copy[0]}/compare/{copy[1]}")

    assert before.status_code == after.status_code == 200
    assert after.json["summary"]["steps"]["removed"] == 1 and after.json["steps"]
    assert {s["id"] for s in after.json["steps"]} <= set(mapping.values())  # a deleted step's id is new too
    assert canonical(after.json) == canonical(renamed_values(before.json, mapping))
    for a, b in zip(original, copy):
        frozen_a, frozen_b = api.get(f"/api/v1/snapshots/{a}").json, api.get(f"/api/v1/snapshots/{b}").json
        assert frozen_b.pop("workspace") == "alpha-kopia"
        frozen_a.pop("workspace")
        assert frozen_b.pop("created_by") in ("admin@example.org", "editor@example.org")  # the file's name
        frozen_a.pop("created_by")
        assert canonical(frozen_b) == canonical(renamed_values(frozen_a, mapping))


def test_a_copys_latest_snapshot_is_its_unchanged_live_map(session, document):
    """The copy's objects are hashed exactly as freezing the copied map hashes them."""
    copied = import_workspace(session, None, document, new_slug="alpha-kopia", link_accounts=True)
    journey = session.get(Journey, copied.id_map["journeys"][document["journeys"][0]["id"]])
    latest = session.get(Snapshot, copied.id_map["snapshots"][document["snapshots"][1]["id"]])

    assert freeze(session, journey).root == latest.root
    taken = record_snapshot(session, None, journey, "Igen", date(2026, 5, 14))
    assert not taken.created and taken.snapshot.id == latest.id
    # the step deleted before May is only in the March snapshot: it got a new id too
    assert copied.id_map["former"] and not set(copied.id_map["former"]) & set(copied.id_map["former"].values())


def test_a_copy_renames_the_experiments_its_snapshots_froze(session, document):
    original = document["experiments"][0]["id"]
    copied = import_workspace(session, None, document, new_slug="alpha-kopia", link_accounts=True)
    renamed = copied.id_map["experiments"][original]

    for snapshot, status in zip(document["snapshots"], ("running", "concluded")):
        taken = session.get(Snapshot, copied.id_map["snapshots"][snapshot["id"]])
        on_steps = {(e["id"], e["status"]) for p in frozen_map(session, taken)["phases"] for s in p["steps"]
                    for e in s["experiments"]}
        assert on_steps == {(renamed, status)}
    assert original not in dump_document(export_workspace(session, None, "alpha-kopia"))


def test_restoring_the_snapshot_and_change_ids_the_database_holds_is_refused(session, document):
    document["workspace"]["slug"] = "alpha-restored"
    with pytest.raises(Exception) as refused:
        import_workspace(session, None, document)
    session.rollback()
    assert refused.value.details["existing"]["snapshots"] == 2
    assert refused.value.details["existing"]["changes"] == len(document["changes"])



@pytest.mark.parametrize(("as_of", "problem"), [
    ("9999-12-31", "must be a date from 1900-01-01 to 2999-12-31"),
    (str(date.today() + timedelta(days=1)), "cannot be in the future"),
])
def test_a_snapshot_date_the_api_refuses_is_refused_in_a_backup_too(document, empty_database, as_of, problem):
    document["snapshots"][0]["as_of"] = as_of
    with empty_database() as target:
        with pytest.raises(Invalid) as refused:
            import_workspace(target, None, document)
        assert set(row_counts(target).values()) == {0}

    assert refused.value.fields["snapshots[0].as_of"].startswith(problem)
