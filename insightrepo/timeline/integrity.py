"""Checking the whole stored timeline: every snapshot object against its hash, and every object
a snapshot reaches present. What `insightrepo timeline check` reports."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Journey, Snapshot, SnapshotObject, Workspace
from insightrepo.backup.format import Problem, children
from insightrepo.timeline.objects import object_problem


@dataclass
class Damage:
    digest: str
    kind: str
    problem: str
    snapshots: list[str] = field(default_factory=list)  # "workspace / journey / label (as of)" of each one it breaks


@dataclass
class TimelineReport:
    objects: int = 0
    snapshots: int = 0
    damaged: list[Damage] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.damaged


def check_timeline(session: Session) -> TimelineReport:
    """Read every stored object once (in batches) and follow every snapshot's tree."""
    report = TimelineReport()
    edges: dict[str, list[str]] = {}
    damaged: dict[str, Damage] = {}
    rows = session.execute(select(SnapshotObject.hash, SnapshotObject.kind, SnapshotObject.data)
                           .execution_options(yield_per=500))
    for digest, kind, data in rows:
        report.objects += 1
        problem = object_problem(digest, kind, data)
        if problem is None:
            try:
                edges[digest] = [child for _, child in children(kind, json.loads(zlib.decompress(data)))]
            except (Problem, ValueError) as exc:
                problem = f"its content is not a {kind} object ({exc})"
        if problem is not None:
            damaged[digest] = Damage(digest, kind, problem)
    broken: dict[str, list[str]] = {}  # object → the damaged or missing objects under it

    def bad_under(digest: str) -> list[str]:
        if digest not in broken:
            broken[digest] = []  # (a tree has no cycles; this only guards a forged one)
            if digest in damaged:
                found = [digest]
            elif digest not in edges:
                damaged[digest] = Damage(digest, "?", "it is missing: a snapshot refers to it")
                found = [digest]
            else:
                found = sorted({bad for child in edges[digest] for bad in bad_under(child)})
            broken[digest] = found
        return broken[digest]

    snapshots = session.execute(
        select(Snapshot.root, Snapshot.label, Snapshot.as_of, Journey.title, Workspace.slug)
        .join(Journey, Snapshot.journey_id == Journey.id).join(Workspace, Journey.workspace_id == Workspace.id)
        .order_by(Workspace.slug, Journey.title, Snapshot.as_of, Snapshot.created_at))
    for root, label, as_of, title, slug in snapshots:
        report.snapshots += 1
        for digest in bad_under(root):
            damaged[digest].snapshots.append(f"{slug} / {title} / {label} (as of {as_of.isoformat()})")
    report.damaged = sorted(damaged.values(), key=lambda d: d.digest)
    return report
