"""History documents: what the snapshots of a journey hold, so a quote or step that has left the
live map is still found, labelled with the date of the snapshot it was in.

One document per *version*: an item whose searchable content is the same in five snapshots is
one document (not five) that knows its first and latest snapshot and how many held it; an item
reworded between snapshots is two documents. Versions are kept per journey (a quote linked to two
journeys' maps has a version in each journey's history). Snapshots never change, so a journey's
history documents only ever grow; building them again from the snapshots gives the same ones."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Journey, Snapshot, Workspace
from insightrepo.models.evidence import stored_statement
from insightrepo.search.documents import fingerprinted, joined
from insightrepo.search.port import Document
from insightrepo.timeline.freeze import FrozenReader
from insightrepo.timeline.objects import ObjectStore


@dataclass
class _Version:
    fields: dict[str, Any]
    phase_ids: dict[str, None] = field(default_factory=dict)
    step_ids: dict[str, None] = field(default_factory=dict)
    snapshots: list[tuple[date, str]] = field(default_factory=list)


def _content_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _tags(body: dict) -> dict[str, Any]:
    names = tuple(sorted(body.get("tags") or (), key=str.casefold))
    return {"tags": names, "tag_keys": tuple(n.casefold() for n in names)}


def _evidence_fields(kind: str, body: dict) -> dict[str, Any]:
    if kind == "quote":
        return {"title": "", "body": body.get("text", ""), "participant": body.get("participant"),
                "sentiment": body.get("sentiment"), **_tags(body)}
    if kind == "narrative":
        return {"title": body.get("title", ""), "body": "", "participant": body.get("participant"), **_tags(body)}
    if kind == "job":
        # English, as every snapshot's history documents have hashed it (a page shows it in the
        # reader's language: insightrepo.search.searching.Found.job_parts)
        statement = stored_statement(body.get("situation", ""), body.get("motivation", ""), body.get("outcome", ""))
        return {"title": statement, "body": "", **_tags(body)}
    learning = joined(body.get("solution"), body.get("hypothesis"), body.get("learning_observed"),
                      body.get("learning_learned"), body.get("learning_next"))
    return {"title": body.get("title", ""), "body": learning}


def _step_fields(step: dict) -> dict[str, Any]:
    moment = step.get("moment_of_truth") or {}
    return {"title": step.get("title", ""),
            "body": joined(step.get("action"), step.get("touchpoint"), step.get("thoughts"), step.get("need"),
                           joined(moment.get("title"), moment.get("description"))),
            "marker": step.get("marker")}


def _items(frozen: dict) -> Iterator[tuple[str, str, dict[str, Any], str | None, str | None]]:
    """(type, id, content fields, phase id, step id) of everything a frozen map holds."""
    yield "journey", frozen["id"], {"title": frozen.get("title", ""),
                                    "body": joined(frozen.get("description"), frozen.get("persona"))}, None, None
    for phase in frozen["phases"]:
        for step in phase["steps"]:
            yield "step", step["id"], _step_fields(step), phase["id"], step["id"]
            for plural, items in (step.get("evidence") or {}).items():
                for body in items:
                    kind = plural[:-1]
                    yield kind, body["id"], _evidence_fields(kind, body), phase["id"], step["id"]
            for body in step.get("experiments") or ():
                yield "experiment", body["id"], _evidence_fields("experiment", body), phase["id"], step["id"]
        for body in phase.get("jobs") or ():
            yield "job", body["id"], _evidence_fields("job", body), phase["id"], None


def history_documents(session: Session, journey: Journey, language: str | None = None) -> list[Document]:
    """Every version the journey's snapshots hold, one document each."""
    language = language or session.scalar(select(Workspace.language).where(Workspace.id == journey.workspace_id))
    snapshots = list(session.scalars(select(Snapshot).where(Snapshot.journey_id == journey.id)
                                     .order_by(Snapshot.as_of, Snapshot.created_at, Snapshot.id)))
    reader = FrozenReader(ObjectStore(session))  # one store: objects shared by snapshots are read once
    versions: dict[str, _Version] = {}
    for snapshot in snapshots:
        frozen = reader.map(snapshot.root)
        seen: set[str] = set()
        for kind, item_id, content, phase_id, step_id in _items(frozen):
            key = f"history:{journey.id}:{kind}:{item_id}:{_content_hash({'type': kind, **content})}"
            version = versions.setdefault(key, _Version({"type": kind, "id": item_id, **content}))
            if phase_id:
                version.phase_ids[phase_id] = None
            if step_id:
                version.step_ids[step_id] = None
            if key not in seen:
                version.snapshots.append((snapshot.as_of, snapshot.id))
                seen.add(key)
    return [_document(key, version, journey, language) for key, version in versions.items()]


def _document(key: str, version: _Version, journey: Journey, language: str) -> Document:
    fields = dict(version.fields)
    latest_date, latest_id = version.snapshots[-1]
    step_ids = tuple(version.step_ids)
    return fingerprinted(Document(
        key=key, workspace_id=journey.workspace_id, language=language, scope="history",
        journey_ids=(journey.id,), phase_ids=tuple(version.phase_ids), step_ids=step_ids, journey_id=journey.id,
        step_id=step_ids[0] if step_ids else None, date=latest_date, snapshot_id=latest_id,
        first_date=version.snapshots[0][0], snapshot_count=len(version.snapshots), **fields))


def journeys_with_history(session: Session, workspace_id: str) -> list[Journey]:
    return list(session.scalars(select(Journey).where(Journey.workspace_id == workspace_id,
                                                      Journey.id.in_(select(Snapshot.journey_id)))
                                .order_by(Journey.id)))
