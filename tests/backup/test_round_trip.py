"""Round trips over generated workspaces: a restore into an empty database exports the same
bytes, and a copy under a new slug is the same workspace with every id consistently renamed."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings

from insightrepo.demo import DEMO_SLUG, load_demo
from insightrepo.models import Journey, Snapshot
from insightrepo.evidence import evidence
from insightrepo.journeys import journeys
from insightrepo.backup.backup import dump_document, export_workspace, import_workspace
from insightrepo.timeline.comparison import compare_refs
from insightrepo.timeline.freeze import FrozenReader, freeze
from insightrepo.timeline.objects import ObjectStore
from tests.backup.workspaces import apply_timeline, build, make_accounts, workspaces

# Data is built inside each example and rolled back after it, so the function-scoped
# session is safe to share between examples. derandomize: the same examples every run.
PROPERTY = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def exported(session, slug: str) -> str:
    return dump_document(export_workspace(session, None, slug))


@PROPERTY
@given(spec=workspaces())
def test_a_restore_into_an_empty_database_exports_byte_for_byte_the_same(session, empty_database, spec):
    try:
        build(session, spec)
        apply_timeline(session, spec)
        original = exported(session, spec.slug)
        assert exported(session, spec.slug) == original  # the same data, the same bytes

        with empty_database() as target:
            make_accounts(target, spec.emails)
            restored = import_workspace(target, None, json.loads(original), link_accounts=True)
            again = exported(target, spec.slug)

        assert restored.skipped_members == [] and restored.unknown_authors == []
        assert again == original
        document = json.loads(original)
        assert restored.counts["snapshot_objects"] == len(document["snapshot_objects"])
        assert restored.counts["changes"] == len(document["changes"])
    finally:
        session.rollback()


@PROPERTY
@given(spec=workspaces())
def test_a_copy_under_a_new_slug_is_the_same_workspace_with_new_ids(session, spec):
    try:
        build(session, spec)
        apply_timeline(session, spec)
        original = export_workspace(session, None, spec.slug)
        copied = import_workspace(session, None, json.loads(dump_document(original)), new_slug="generated-copy",
                                  link_accounts=True)
        duplicate = export_workspace(session, None, "generated-copy")

        old_ids, new_ids = ids_in(original), ids_in(duplicate)
        former = copied.id_map.pop("former")  # ids only the timeline names (steps and quotes deleted since)
        mapping = {old: new for section in copied.id_map.values() for old, new in section.items()}
        assert set(mapping) == old_ids                  # every id of the original is mapped …
        assert set(mapping.values()) == new_ids         # … onto the copy's ids,
        assert len(new_ids) == len(old_ids)             # one to one,
        assert not old_ids & new_ids                    # and every one of them is new.
        assert not (set(former) | set(former.values())) & (old_ids | new_ids)

        timeline = ("snapshots", "snapshot_objects", "changes")
        expected = renamed({k: v for k, v in original.items() if k not in timeline}, mapping)
        expected["workspace"]["slug"] = "generated-copy"
        assert canonical({k: v for k, v in duplicate.items() if k not in timeline}) == canonical(expected)
        assert_same_timeline(session, original, duplicate, {**mapping, **former})
        assert export_workspace(session, None, spec.slug) == original  # the original is untouched
    finally:
        session.rollback()


def assert_same_timeline(session, original: dict, duplicate: dict, mapping: dict[str, str]) -> None:
    """The copy's timeline is the original's up to the id mapping: the same change log, the same
    snapshots holding the same maps, comparing alike, and each re-hashed exactly as freezing the
    copied map would hash it."""
    assert canonical(duplicate["changes"]) == canonical(renamed_values(original["changes"], mapping))
    without_root = [{k: v for k, v in s.items() if k != "root"} for s in original["snapshots"]]
    assert canonical([{k: v for k, v in s.items() if k != "root"} for s in duplicate["snapshots"]]) == \
        canonical(renamed_values(without_root, mapping))
    kinds = sorted(o["kind"] for o in original["snapshot_objects"])
    assert sorted(o["kind"] for o in duplicate["snapshot_objects"]) == kinds
    shared = {o["hash"] for o in original["snapshot_objects"]} & {o["hash"] for o in duplicate["snapshot_objects"]}
    empty_index = {"quotes": {}, "narratives": {}, "jobs": {}}  # the one object that holds no id
    assert all(o["body"] == empty_index for o in duplicate["snapshot_objects"] if o["hash"] in shared)

    reader = FrozenReader(ObjectStore(session))
    roots = {s["id"]: s["root"] for s in duplicate["snapshots"]}
    for snapshot in original["snapshots"]:
        copied = reader.map(roots[mapping[snapshot["id"]]])
        assert canonical(copied) == canonical(renamed_values(reader.map(snapshot["root"]), mapping))
    by_journey: dict[str, list[str]] = {}
    for snapshot in original["snapshots"]:
        by_journey.setdefault(snapshot["journey_id"], []).append(snapshot["id"])
    for journey_id, ids in by_journey.items():
        for a, b in zip(ids, ids[1:] + ids[:1]):
            assert canonical(compare_refs(session, None, mapping[a], mapping[b])) == \
                canonical(renamed_values(compare_refs(session, None, a, b), mapping))
        # the latest snapshot of an unchanged map is the live map, in the copy as in the original
        latest = session.get(Snapshot, ids[-1]).root == freeze(session, session.get(Journey, journey_id)).root
        copy_latest = session.get(Snapshot, mapping[ids[-1]]).root == \
            freeze(session, session.get(Journey, mapping[journey_id])).root
        assert latest == copy_latest


def test_the_demo_workspace_restores_into_an_empty_database_and_works_there(session, empty_database):
    load_demo(session)
    original = exported(session, DEMO_SLUG)

    with empty_database() as target:
        restored = import_workspace(target, None, json.loads(original), link_accounts=True)
        assert {m["email"] for m in restored.skipped_members} == {"demo@insightrepo.example",
                                                                  "analys@insightrepo.example",
                                                                  "sara@insightrepo.example"}
        (journey,) = journeys.list_journeys(target, None, DEMO_SLUG).items
        supported = {step.id: evidence.evidence_for_step(target, None, step.id)["quotes"] for step in journey.steps}
        document = json.loads(original)

    assert journey.id == document["journeys"][0]["id"]
    assert [s.title for s in journey.steps] == [s["title"] for s in document["steps"]]
    linked = {step_id for quote in document["quotes"] for step_id in quote["step_ids"]}
    assert {step_id for step_id, quotes in supported.items() if quotes} == linked


# ---- comparing documents -------------------------------------------------------------------

def ids_in(document: dict) -> set[str]:
    """The ids the document defines (every row's "id", and the workspace's)."""
    ids = {document["workspace"]["id"]}
    for value in document.values():
        if isinstance(value, list):
            ids |= {row["id"] for row in value if "id" in row}
    return ids


def renamed(value: Any, mapping: dict[str, str]) -> Any:
    """``value`` with every id and reference (``id``, ``*_id``, ``*_ids``) renamed."""
    if isinstance(value, list):
        return [renamed(v, mapping) for v in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        if (key == "id" or key.endswith("_id")) and isinstance(item, str):
            result[key] = mapping[item]
        elif key.endswith("_ids"):
            result[key] = [mapping[i] for i in item]
        else:
            result[key] = renamed(item, mapping)
    return copy.deepcopy(result)


def renamed_values(value: Any, mapping: dict[str, str]) -> Any:
    """``value`` with every string that is a mapped id renamed, wherever it stands (ids stand in
    snapshot contents and in the change log's old and new values too)."""
    if isinstance(value, list):
        return [renamed_values(v, mapping) for v in value]
    if isinstance(value, dict):
        return {renamed_values(k, mapping): renamed_values(v, mapping) for k, v in value.items()}
    if isinstance(value, str):
        return mapping.get(value, value)
    return value


def canonical(value: Any) -> Any:
    """Order-free form: lists sorted (new ids sort differently from the old ones)."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value
