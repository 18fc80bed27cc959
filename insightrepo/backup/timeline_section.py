"""The timeline in a workspace backup (since format version 2): snapshots, the content-addressed
objects they reach, and the change log — exported, restored with ids kept, or copied with
new ids.

Objects are shared and immutable: a restore inserts the ones the database does not hold yet
(an object already there is the same object, not a conflict). A copy cannot reuse them: their
bodies hold the ids of journeys, phases, steps and evidence, and their hashes cover those ids.
So a copy rewrites every body with the id mapping and hashes it again, children before their
parents (steps, evidence items and experiments, then phase trees and the evidence index, the journey, the
root), exactly as freeze.py would have built them for the copied map."""

from __future__ import annotations

import json
import zlib
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insightrepo.batches import chunks
from insightrepo.models import Change, Journey, Snapshot, SnapshotObject, User, Workspace
from insightrepo.backup.format import (
    CHANGES,
    ENTITY_SECTIONS,
    ITEM_KINDS,
    SNAPSHOTS,
    Checked,
    Section,
    children,
    dump_value,
)
from insightrepo.timeline.freeze import EVIDENCE_KINDS, EXPERIMENTS, Frozen
from insightrepo.timeline.objects import ObjectStore, corrupt, object_problem

BATCH = 500

# Where the ids among a change's values point (an entity's own id: ENTITY_SECTIONS).
ID_FIELDS = {"phase_id": "phases", "participant_id": "participants", "job_id": "jobs", "steps": "steps",
             "phases": "phases", "quotes": "quotes", "narratives": "narratives"}

# (section, id in the backup) → the id written
Lookup = Callable[[str, str], str]


# ---- export --------------------------------------------------------------------------------

def export_timeline(session: Session, workspace: Workspace, journey_order: dict[str, int]) -> dict[str, list]:
    """The sections ``snapshots``, ``snapshot_objects`` and ``changes`` of a backup, in a fixed order:
    snapshots by journey then timeline order, objects by hash, changes by time then id."""
    snapshots = [dict(row) for row in session.execute(
        select(Snapshot.__table__, func.coalesce(User.email, Snapshot.created_by_name).label("created_by"))
        .join(Journey.__table__, Snapshot.journey_id == Journey.id)
        .outerjoin(User.__table__, Snapshot.created_by_id == User.id)
        .where(Journey.workspace_id == workspace.id)).mappings()]
    snapshots.sort(key=lambda s: (journey_order[s["journey_id"]], s["as_of"], s["created_at"], s["id"]))
    changes = [dict(row) for row in session.execute(
        select(Change.__table__, func.coalesce(User.email, Change.actor_name).label("actor"))
        .outerjoin(User.__table__, Change.actor_id == User.id)
        .where(Change.workspace_id == workspace.id)).mappings()]
    changes.sort(key=lambda c: (c["at"], c["id"]))
    objects = _reachable(session, [s["root"] for s in snapshots])
    return {
        SNAPSHOTS.name: [_dump(SNAPSHOTS, row) for row in snapshots],
        "snapshot_objects": [{"hash": digest, "kind": kind, "body": body}
                             for digest, (kind, body) in sorted(objects.items())],
        CHANGES.name: [_dump(CHANGES, row) for row in changes],
    }


def _dump(section: Section, row: dict) -> dict:
    return {f.name: dump_value(row[f.name]) for f in section.fields}


def _reachable(session: Session, roots: list[str]) -> dict[str, tuple[str, Any]]:
    """Every object the roots reach, level by level: hash → (kind, body)."""
    found: dict[str, tuple[str, Any]] = {}
    wanted = set(roots)
    bad: list[str] = []
    while wanted:
        level: dict[str, tuple[str, Any]] = {}
        for chunk in chunks(sorted(wanted), BATCH):
            for digest, kind, data in session.execute(
                    select(SnapshotObject.hash, SnapshotObject.kind, SnapshotObject.data)
                    .where(SnapshotObject.hash.in_(chunk))):
                if object_problem(digest, kind, data) is not None:
                    bad.append(digest)
                    continue
                level[digest] = (kind, json.loads(zlib.decompress(data)))
        if bad:  # a forged history is not exported as if it were true
            raise corrupt(sorted(bad))
        found.update(level)
        wanted = {child for kind, body in level.values() for _, child in children(kind, body)} - set(found)
    return found


# ---- import --------------------------------------------------------------------------------

def write_timeline(session: Session, checked: Checked, workspace_id: str, lookup: Lookup | None,
                   id_map: dict[str, dict[str, str]], write: Callable[[str, Any, list[dict]], None],
                   link_accounts: bool = False) -> tuple[dict[str, int], list[str]]:
    """Store the objects (rewritten when ``lookup`` is given: a copy), the snapshots and the changes.

    Authors are kept as the names (emails) the backup gives; with ``link_accounts`` (the operator's
    choice) those with an account here are linked to it. Returns the rows written by section and the
    emails of authors left as names, not linked to an account."""
    emails = {row["created_by"] for row in checked.rows[SNAPSHOTS.name]} | {row["actor"] for row in
                                                                             checked.rows[CHANGES.name]}
    users: dict[str, str] = {}
    wanted = sorted(e for e in emails if e is not None)
    for chunk in (chunks(wanted, BATCH) if link_accounts else ()):
        rows = session.execute(select(User.email, User.id).where(User.email.in_(chunk)))
        users.update((email, user_id) for email, user_id in rows)
    unknown = [email for email in wanted if email not in users]

    if lookup is None:
        objects, roots = checked.objects, {digest: digest for digest in checked.objects}
    else:
        rewriter = Rewriter(checked.objects, lookup)
        roots = {row["root"]: rewriter.rewrite(row["root"]) for row in checked.rows[SNAPSHOTS.name]}
        objects = rewriter.frozen.objects
    store = ObjectStore(session)
    before = len(session.new)
    store.put_many(objects)  # only those this database does not hold yet
    written = len(session.new) - before
    session.flush()  # the objects first: snapshots refer to their roots

    write(SNAPSHOTS.name, SNAPSHOTS.table, [
        {**{f.name: row[f.name] for f in SNAPSHOTS.fields if f.name not in SNAPSHOTS.people},
         "id": id_map[SNAPSHOTS.name][row["id"]], "journey_id": id_map["journeys"][row["journey_id"]],
         "root": roots[row["root"]], **_author(row["created_by"], users, "created_by_id", "created_by_name")}
        for row in checked.rows[SNAPSHOTS.name]])
    same = lookup or (lambda _section, value: value)
    write(CHANGES.name, CHANGES.table, [
        {**{f.name: row[f.name] for f in CHANGES.fields if f.name not in CHANGES.people},
         **_remapped_change(row, same), "id": id_map[CHANGES.name][row["id"]], "workspace_id": workspace_id,
         **_author(row["actor"], users, "actor_id", "actor_name")}
        for row in checked.rows[CHANGES.name]])
    return {"snapshot_objects": written}, unknown


def _author(email: str | None, users: dict[str, str], id_column: str, name_column: str) -> dict[str, str | None]:
    """The linked account, or else the backup's name for the author."""
    user_id = users.get(email) if email is not None else None
    return {id_column: user_id, name_column: None if user_id else email}


def _remapped_change(row: dict, lookup: Lookup) -> dict:
    """The change's ids through ``lookup``: its journey, its entity, and ids among its values."""
    def value(name: str, item: Any) -> Any:
        section = ID_FIELDS.get(name)
        if section is None:
            return item
        if isinstance(item, str):
            return lookup(section, item)
        if isinstance(item, list):  # link lists are kept sorted, as the change log writes them
            return sorted((lookup(section, v) if isinstance(v, str) else v for v in item), key=str)
        return item

    def values(item: Any) -> Any:
        if row["field"] is not None:
            return value(row["field"], item)
        if isinstance(item, dict):  # a create or delete: every recorded field
            return {name: value(name, v) for name, v in item.items()}
        return item

    return {"journey_id": row["journey_id"] and lookup("journeys", row["journey_id"]),
            "entity_id": lookup(ENTITY_SECTIONS[row["entity"]], row["entity_id"]),
            "old": values(row["old"]), "new": values(row["new"])}


class Rewriter:
    """Rewrites objects with new ids, bottom-up, into a Frozen (whose ``add`` hashes each new body
    exactly as freezing the copied map would); each object once, however many snapshots share it."""

    def __init__(self, objects: dict[str, tuple[str, Any]], lookup: Lookup):
        self.objects = objects
        self.lookup = lookup
        self.frozen = Frozen(root="")
        self.done: dict[str, str] = {}

    def rewrite(self, digest: str) -> str:
        if digest not in self.done:
            kind, body = self.objects[digest]
            rewrite = getattr(self, f"_{kind}", self._item)
            self.done[digest] = self.frozen.add(kind, rewrite(kind, body))
        return self.done[digest]

    def _ids(self, section: str, ids: list[str]) -> list[str]:
        return sorted(self.lookup(section, i) for i in ids)  # freeze.py keeps these lists sorted

    def _root(self, _kind: str, body: dict) -> dict:
        return {**body, "journey": self.rewrite(body["journey"]),
                "phases": [[self.lookup("phases", phase_id), self.rewrite(tree)] for phase_id, tree in body["phases"]],
                "evidence": self.rewrite(body["evidence"])}

    def _journey(self, _kind: str, body: dict) -> dict:
        return {**body, "id": self.lookup("journeys", body["id"])}

    def _phase(self, _kind: str, body: dict) -> dict:
        return {**body, "id": self.lookup("phases", body["id"]),
                "steps": [[self.lookup("steps", step_id), self.rewrite(step), *rest]
                          for step_id, step, *rest in body["steps"]],
                "jobs": self._ids("jobs", body["jobs"])}

    def _step(self, _kind: str, body: dict) -> dict:
        evidence = body["evidence"]
        experiments = {EXPERIMENTS: self._ids(EXPERIMENTS, body[EXPERIMENTS])} if EXPERIMENTS in body else {}
        return {**body, "id": self.lookup("steps", body["id"]), **experiments,
                "evidence": {**evidence, **{kind: self._ids(kind, evidence[kind]) for kind in EVIDENCE_KINDS}}}

    def _evidence(self, _kind: str, body: dict) -> dict:
        return {**body, **{kind: {self.lookup(kind, item_id): self.rewrite(item)
                                  for item_id, item in body[kind].items()} for kind in ITEM_KINDS if kind in body}}

    def _item(self, kind: str, body: dict) -> dict:  # a quote, narrative, job or experiment
        section = next(name for name, item_kind in ITEM_KINDS.items() if item_kind == kind)
        return {**body, "id": self.lookup(section, body["id"])}
