"""Freezing a live journey map into objects, and reading a frozen map back.

The tree, like git's: a root names the journey object, each phase's tree (its fields and
its ordered step list) and an evidence index; steps and evidence are objects of their own.
Order lives in the trees, so reordering rewrites a small tree, not the steps; an unchanged
step or quote is the same object in every snapshot."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from insightrepo.journeys.fields import STEP_NAMES
from insightrepo.models import Experiment, Job, Journey, Narrative, Quote
from insightrepo.models.evidence import job_phases, job_steps, narrative_steps, quote_steps
from insightrepo.models.experiment import experiment_steps
from insightrepo.timeline.objects import ObjectStore, canonical, object_hash

JOURNEY_FIELDS = ("title", "description", "scope", "kind", "persona", "owner", "archived")
EVIDENCE_KINDS = ("quotes", "narratives", "jobs")
_LINKS = {"quotes": (Quote, quote_steps, "quote_id"), "narratives": (Narrative, narrative_steps, "narrative_id"),
          "jobs": (Job, job_steps, "job_id")}
# Experiments on the map's steps ride along as they stood (status, verdict, dates, learning). A map
# without any has no "experiments" keys at all, so its objects hash as they did before experiments.
EXPERIMENTS = "experiments"
EXPERIMENT_FIELDS = ("title", "solution", "hypothesis", "criterion", "metric_name", "metric_kind", "metric_unit",
                     "direction", "minimum_effect", "design", "status", "started_on", "ended_on", "verdict",
                     "verdict_reason", "learning_observed", "learning_learned", "learning_next")


@dataclass
class Frozen:
    root: str
    objects: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def add(self, kind: str, body: Any) -> str:
        body = json.loads(canonical(body))  # as it will read back: dates become ISO strings
        digest = object_hash(kind, body)
        self.objects[digest] = (kind, body)
        return digest


def evidence_body(kind: str, item: Any) -> dict:
    if kind == "quotes":
        return {"id": item.id, "text": item.text, "participant": item.participant.code if item.participant else None,
                "collected_on": item.collected_on, "source": item.source, "language": item.language,
                "sentiment": item.sentiment, "tags": item.tag_names}
    if kind == EXPERIMENTS:
        return {"id": item.id, **{name: getattr(item, name) for name in EXPERIMENT_FIELDS},
                "measurements": len(item.measurements)}
    if kind == "narratives":
        return {"id": item.id, "title": item.title, "participant": item.participant.code if item.participant else None,
                "told_on": item.told_on, "tags": item.tag_names}
    return {"id": item.id, "situation": item.situation, "motivation": item.motivation, "outcome": item.outcome,
            "importance": item.importance, "satisfaction": item.satisfaction, "tags": item.tag_names}


def _links(session: Session, step_ids: list[str], phase_ids: list[str]) -> tuple[dict, dict, dict]:
    """step id → {kind: [evidence or experiment ids]}, phase id → [job ids], and the linked items by kind."""
    per_step: dict[str, dict[str, list[str]]] = {}
    per_phase: dict[str, list[str]] = {}
    wanted: dict[str, set[str]] = {kind: set() for kind in (*EVIDENCE_KINDS, EXPERIMENTS)}
    for kind, (_, table, column) in {**_LINKS, EXPERIMENTS: (Experiment, experiment_steps, "experiment_id")}.items():
        for item_id, step_id in session.execute(
                select(table.c[column], table.c.step_id).where(table.c.step_id.in_(step_ids))):
            per_step.setdefault(step_id, {}).setdefault(kind, []).append(item_id)
            wanted[kind].add(item_id)
    for job_id, phase_id in session.execute(
            select(job_phases.c.job_id, job_phases.c.phase_id).where(job_phases.c.phase_id.in_(phase_ids))):
        per_phase.setdefault(phase_id, []).append(job_id)
        wanted["jobs"].add(job_id)
    items: dict[str, list] = {}
    for kind, (model, _, _) in _LINKS.items():
        options = [selectinload(model.tags)] + ([selectinload(model.participant)] if kind != "jobs" else [])
        items[kind] = list(session.scalars(select(model).where(model.id.in_(wanted[kind])).options(*options))) \
            if wanted[kind] else []
    items[EXPERIMENTS] = list(session.scalars(select(Experiment).where(Experiment.id.in_(wanted[EXPERIMENTS]))
                                              .options(selectinload(Experiment.measurements)))) \
        if wanted[EXPERIMENTS] else []
    return per_step, per_phase, items


def freeze(session: Session, journey: Journey) -> Frozen:
    """The objects of the live map (computed, not stored) and its root hash."""
    frozen = Frozen(root="")
    step_ids = [s.id for s in journey.steps]
    per_step, per_phase, items = _links(session, step_ids, [p.id for p in journey.phases])
    index = {kind: {item.id: frozen.add(kind[:-1], evidence_body(kind, item)) for item in items[kind]}
             for kind in (*EVIDENCE_KINDS, EXPERIMENTS) if kind != EXPERIMENTS or items[kind]}
    phases = []
    for phase in journey.phases:
        entries = []
        for step in phase.steps:
            body = {"id": step.id, **{name: getattr(step, name) for name in STEP_NAMES},
                    "evidence": {kind: sorted(per_step.get(step.id, {}).get(kind, [])) for kind in EVIDENCE_KINDS}}
            if per_step.get(step.id, {}).get(EXPERIMENTS):
                body[EXPERIMENTS] = sorted(per_step[step.id][EXPERIMENTS])
            # The emotion rides along in the tree, so a comparison can sum up a map without opening its steps.
            entries.append([step.id, frozen.add("step", body), step.emotion])
        tree = {"id": phase.id, "title": phase.title, "goal": phase.goal, "steps": entries,
                "jobs": sorted(per_phase.get(phase.id, []))}
        phases.append([phase.id, frozen.add("phase", tree)])
    root = {"journey": frozen.add("journey", {"id": journey.id, **{f: getattr(journey, f) for f in JOURNEY_FIELDS}}),
            "phases": phases, "evidence": frozen.add("evidence", index)}
    frozen.root = frozen.add("root", root)
    return frozen


class FrozenReader:
    """Reads a frozen map from stored objects, or from a Frozen not stored (the live map)."""

    def __init__(self, store: ObjectStore, frozen: Frozen | None = None):
        self.store = store
        self.frozen = frozen

    def get(self, digest: str) -> Any:
        if self.frozen is not None and digest in self.frozen.objects:
            return self.frozen.objects[digest][1]
        return self.store.get(digest)

    def get_many(self, hashes: list[str]) -> dict[str, Any]:
        local = {h: self.frozen.objects[h][1] for h in hashes if self.frozen and h in self.frozen.objects}
        rest = [h for h in hashes if h not in local]
        return {**local, **(self.store.get_many(rest) if rest else {})}

    def map(self, root_hash: str) -> dict:
        """The whole frozen map in the shape of GET /api/v1/journeys/{id}, evidence included."""
        root = self.get(root_hash)
        journey = dict(self.get(root["journey"]))
        trees = self.get_many([tree for _, tree in root["phases"]])
        step_hashes = [entry[1] for _, tree in root["phases"] for entry in trees[tree]["steps"]]
        bodies = self.get_many(step_hashes)
        index = self.get(root["evidence"])
        kinds = (*EVIDENCE_KINDS, EXPERIMENTS)
        evidence = {kind: self.get_many(list(index.get(kind, {}).values())) for kind in kinds}
        by_id = {kind: {body["id"]: body for body in evidence[kind].values()} for kind in kinds}
        phases = []
        for position, (phase_id, tree_hash) in enumerate(root["phases"]):
            tree = trees[tree_hash]
            steps = []
            for step_position, (step_id, step_hash, _) in enumerate(tree["steps"]):
                body = dict(bodies[step_hash])
                links = body.pop("evidence")
                experiments = body.pop(EXPERIMENTS, [])
                steps.append({**body, "phase_id": phase_id, "position": step_position,
                              "evidence": {k: [by_id[k][i] for i in links[k] if i in by_id[k]] for k in EVIDENCE_KINDS},
                              EXPERIMENTS: [by_id[EXPERIMENTS][i] for i in experiments if i in by_id[EXPERIMENTS]]})
            phases.append({"id": phase_id, "journey_id": journey["id"], "position": position, "title": tree["title"],
                           "goal": tree["goal"], "steps": steps,
                           "jobs": [by_id["jobs"][i] for i in tree["jobs"] if i in by_id["jobs"]]})
        return {**journey, "phases": phases}
