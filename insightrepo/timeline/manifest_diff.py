"""Comparing two frozen maps by stable ids, opening only the objects whose hashes differ.

A step keeps its id for life, so a step that moved and was edited is one change
("changed", moved: true), never a removal plus an addition. Three things are kept apart and each
counted once: a step "changed" when its own fields did; a step whose only change is which evidence
it cites is "relinked"; experiments are what the team did, not a change of the step, so a step
whose only difference is an experiment logged on it (or taken off) is not listed at all — the
links are counted in the summary, and the experiments themselves are "what we did in between"
(timeline.comparison); every step's experiment links are listed once, under "experiment_links".
A listed step's entry still names its experiment links under "experiments", and experiments
whose frozen state changed (started, concluded, measured …) are listed apart from the
evidence's edits."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, fields as dataclass_fields, is_dataclass
from typing import Any

from insightrepo.journeys.fields import STEP_NAMES
from insightrepo.timeline.freeze import EVIDENCE_KINDS, EXPERIMENTS, FrozenReader


@dataclass(frozen=True)
class Side:
    """One side of a comparison: where to read, which root, and how to name it."""

    reader: FrozenReader
    root: str
    ref: dict  # {"kind": "snapshot" | "live", "id": …, "label": …, "as_of": …}


@dataclass(frozen=True)
class FieldChange:
    """A field's value on the older side and on the newer one (None where it was not there)."""

    old: Any
    new: Any


Fields = dict[str, FieldChange]
# {"linked": ids, "unlinked": ids}, or {} when the links did not change
Links = dict[str, list[str]]


@dataclass(frozen=True)
class PhaseChange:
    id: str
    title: str
    change: str  # "added", "removed", "changed" or "moved"
    moved: bool
    fields: Fields
    evidence: dict[str, Links]  # {"jobs": links} when the phase's jobs changed


@dataclass(frozen=True)
class StepChange:
    id: str
    title: str
    change: str  # "added", "removed", "changed", "relinked" or "moved"
    moved: bool
    from_phase_id: str | None
    to_phase_id: str | None
    fields: Fields  # an added or removed step's: its marker and moment of truth
    evidence: dict[str, Links]  # evidence kind → its links
    experiments: Links
    emotion_delta: int | None
    emotion: FieldChange


@dataclass(frozen=True)
class ItemEdit:
    """A piece of evidence or an experiment on both sides whose content changed."""

    kind: str  # "quotes", "narratives", "jobs" or "experiments"
    id: str
    change: str  # "changed"
    fields: Fields
    title: str | None = None  # an experiment's, as the newer side holds it (not sent for evidence)

    def as_json(self) -> dict:
        found = _json_fields(self)
        if self.title is None:
            del found["title"]
        return found


@dataclass(frozen=True)
class EvidenceLink:
    """A quote, narrative or job linked to or unlinked from a step, by name."""

    kind: str
    id: str
    label: str
    step_id: str
    step_title: str
    change: str  # "linked" or "unlinked"


@dataclass(frozen=True)
class ExperimentLink:
    """A step whose experiments changed: the ones logged on it and taken off."""

    id: str
    title: str
    linked: list[str]
    unlinked: list[str]


@dataclass
class Diff:
    """What changed from one side to the other. ``summary`` holds the counts (nested plain dicts,
    as the API sends them); ``as_json`` is the API's form."""

    from_ref: dict  # Side.ref
    to_ref: dict
    journey_fields: Fields
    summary: dict[str, Any]
    phases: list[PhaseChange]
    steps: list[StepChange]
    evidence: list[ItemEdit]
    experiments: list[ItemEdit]
    experiment_links: list[ExperimentLink]
    evidence_links: list[EvidenceLink]

    def as_json(self) -> dict:
        found = _json_fields(self)
        found["from"], found["to"] = found.pop("from_ref"), found.pop("to_ref")
        found["journey"] = {"fields": found.pop("journey_fields")}
        return found


def as_json(value: Any) -> Any:
    """A comparison's typed results → the plain JSON the API sends (dataclasses become objects)."""
    if hasattr(value, "as_json"):
        return value.as_json()
    if is_dataclass(value):
        return _json_fields(value)
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def _json_fields(value: Any) -> dict:
    return {field.name: as_json(getattr(value, field.name)) for field in dataclass_fields(value)}


def _lcs_ids(a: list[str], b: list[str]) -> set[str]:
    """Ids that kept their relative order from a to b (a longest increasing subsequence of
    their positions in b, O(n log n)); the others moved."""
    position = {sid: i for i, sid in enumerate(b)}
    common = [sid for sid in a if sid in position]
    in_common = set(common)
    if common == [sid for sid in b if sid in in_common]:
        return in_common
    tails: list[int] = []          # tails[k]: index into `common` ending the best run of length k+1
    tail_positions: list[int] = []  # position in b of each tail, for the binary search
    previous: list[int | None] = [None] * len(common)
    for i, sid in enumerate(common):
        k = bisect_left(tail_positions, position[sid])
        previous[i] = tails[k - 1] if k else None
        if k == len(tails):
            tails.append(i)
            tail_positions.append(position[sid])
        else:
            tails[k] = i
            tail_positions[k] = position[sid]
    kept: set[str] = set()
    i = tails[-1] if tails else None
    while i is not None:
        kept.add(common[i])
        i = previous[i]
    return kept


def _field_changes(old: dict, new: dict, names: tuple[str, ...]) -> Fields:
    return {name: FieldChange(old.get(name), new.get(name)) for name in names if old.get(name) != new.get(name)}


def _linked_changes(before: list[str], after: list[str]) -> dict[str, list[str]]:
    if set(before) == set(after):
        return {}
    return {"linked": sorted(set(after) - set(before)), "unlinked": sorted(set(before) - set(after))}


def _evidence_changes(old: dict, new: dict) -> dict[str, dict[str, list[str]]]:
    changes = {}
    for kind in EVIDENCE_KINDS:
        linked = _linked_changes(old["evidence"][kind], new["evidence"][kind])
        if linked:
            changes[kind] = linked
    return changes


def _experiment_changes(old: dict, new: dict) -> dict[str, list[str]]:
    """Experiments linked to or unlinked from a step (a map without any has no such key)."""
    return _linked_changes(old.get(EXPERIMENTS, []), new.get(EXPERIMENTS, []))


EVIDENCE_LABELS = {"quotes": "text", "narratives": "title", "jobs": "situation"}


def _evidence_links(a: Side, b: Side, index_a: str, index_b: str, steps: list[StepChange]) -> list[EvidenceLink]:
    """Which evidence was linked to or unlinked from which step, by name: a linked item as the
    newer side holds it, an unlinked one as the older side did. Steps in the comparison's order,
    linked before unlinked."""
    wanted = [(kind, item_id, step, change) for step in steps for kind, links in step.evidence.items()
              for change in ("linked", "unlinked") for item_id in links[change]]
    if not wanted:
        return []
    items = {"linked": b.reader.get(index_b), "unlinked": a.reader.get(index_a)}
    hashes = {change: {(kind, i): items[change].get(kind, {}).get(i) for kind, i, _, c in wanted if c == change}
              for change in items}
    bodies = {change: (a if change == "unlinked" else b).reader.get_many([h for h in hashes[change].values() if h])
              for change in items}
    found = []
    for kind, item_id, step, change in sorted(wanted, key=lambda w: (steps.index(w[2]), w[3], w[0], w[1])):
        body = bodies[change].get(hashes[change][(kind, item_id)] or "", {})
        found.append(EvidenceLink(kind, item_id, body.get(EVIDENCE_LABELS[kind], ""), step.id, step.title, change))
    return found


def _item_edits(a: Side, b: Side, index_a: str, index_b: str) -> list[ItemEdit]:
    """Evidence and experiments on both sides whose content changed (a quote reworded, a job
    re-tagged, an experiment concluded …); only the items whose hashes differ are opened.
    An experiment's entry also names it by its title on the newer side."""
    if index_a == index_b:
        return []
    items_a, items_b = a.reader.get(index_a), b.reader.get(index_b)
    edits = []
    for kind in (*EVIDENCE_KINDS, EXPERIMENTS):
        side_a, side_b = items_a.get(kind, {}), items_b.get(kind, {})
        differing = sorted(i for i, h in side_a.items() if i in side_b and side_b[i] != h)
        old = a.reader.get_many([side_a[i] for i in differing])
        new = b.reader.get_many([side_b[i] for i in differing])
        for item_id in differing:
            body_a, body_b = old[side_a[item_id]], new[side_b[item_id]]
            names = tuple(k for k in {**body_a, **body_b} if k != "id")
            edits.append(ItemEdit(kind, item_id, "changed", _field_changes(body_a, body_b, names),
                                  title=body_b["title"] if kind == EXPERIMENTS else None))
    return edits


def compare(a: Side, b: Side) -> Diff:
    root_a, root_b = a.reader.get(a.root), b.reader.get(b.root)
    journey_a, journey_b = a.reader.get(root_a["journey"]), b.reader.get(root_b["journey"])
    trees_a = a.reader.get_many([t for _, t in root_a["phases"]])
    trees_b = b.reader.get_many([t for _, t in root_b["phases"]])
    phases_a = {pid: (pos, trees_a[t], t) for pos, (pid, t) in enumerate(root_a["phases"])}
    phases_b = {pid: (pos, trees_b[t], t) for pos, (pid, t) in enumerate(root_b["phases"])}

    # Steps: id → (phase id, hash, emotion) on each side, read from the trees alone.
    steps_a = {sid: (pid, h, e) for pid, (_, tree, _) in phases_a.items() for sid, h, e in tree["steps"]}
    steps_b = {sid: (pid, h, e) for pid, (_, tree, _) in phases_b.items() for sid, h, e in tree["steps"]}

    phase_order_kept = _lcs_ids([p for p, _ in root_a["phases"]], [p for p, _ in root_b["phases"]])
    phase_entries = []
    for pid in [p for p, _ in root_a["phases"]] + [p for p, _ in root_b["phases"] if p not in phases_a]:
        if pid not in phases_b:
            tree = phases_a[pid][1]
            phase_entries.append(PhaseChange(pid, tree["title"], "removed", False, {}, {}))
            continue
        if pid not in phases_a:
            tree = phases_b[pid][1]
            phase_entries.append(PhaseChange(pid, tree["title"], "added", False, {}, {}))
            continue
        old, new = phases_a[pid][1], phases_b[pid][1]
        fields = _field_changes(old, new, ("title", "goal"))
        jobs = _linked_changes(old["jobs"], new["jobs"])
        moved = pid not in phase_order_kept
        if fields or jobs or moved:
            phase_entries.append(PhaseChange(pid, new["title"], "changed" if fields or jobs else "moved", moved, fields,
                                             {"jobs": jobs} if jobs else {}))

    # Which steps kept their relative order within a phase present on both sides.
    kept_order: set[str] = set()
    for pid in set(phases_a) & set(phases_b):
        if phases_a[pid][2] == phases_b[pid][2]:
            kept_order |= {sid for sid, _, _ in phases_a[pid][1]["steps"]}
            continue
        common = {sid for sid, _, _ in phases_a[pid][1]["steps"]} & {sid for sid, _, _ in phases_b[pid][1]["steps"]}
        kept_order |= _lcs_ids([s for s, _, _ in phases_a[pid][1]["steps"] if s in common],
                               [s for s, _, _ in phases_b[pid][1]["steps"] if s in common])

    differing = [sid for sid in steps_a if sid in steps_b and steps_a[sid][1] != steps_b[sid][1]]
    # A step that only moved is unchanged: its body is read once, in the same batch, for its title.
    moved_only = [sid for sid in steps_a if sid in steps_b and steps_a[sid][1] == steps_b[sid][1]
                  and (steps_a[sid][0] != steps_b[sid][0] or sid not in kept_order)]
    bodies_a = a.reader.get_many([steps_a[s][1] for s in differing + [s for s in steps_a if s not in steps_b]])
    bodies_b = b.reader.get_many([steps_b[s][1] for s in differing + moved_only
                                  + [s for s in steps_b if s not in steps_a]])

    step_entries: list[StepChange] = []
    experiment_links: list[ExperimentLink] = []  # every step's whose experiments changed, listed or not
    order = [sid for _, (_, tree, _) in sorted(phases_b.items(), key=lambda p: p[1][0]) for sid, _, _ in tree["steps"]]
    order += [sid for sid in steps_a if sid not in steps_b]
    for sid in order:
        if sid not in steps_a:
            pid, digest, emotion = steps_b[sid]
            body = bodies_b[digest]
            step_entries.append(StepChange(sid, body["title"], "added", False, None, pid, _as_added(body), {}, {},
                                           None, FieldChange(None, emotion)))
            continue
        if sid not in steps_b:
            pid, digest, emotion = steps_a[sid]
            body = bodies_a[digest]
            step_entries.append(StepChange(sid, body["title"], "removed", False, pid, None, _as_removed(body), {}, {},
                                           None, FieldChange(emotion, None)))
            continue
        (pid_a, hash_a, emotion_a), (pid_b, hash_b, emotion_b) = steps_a[sid], steps_b[sid]
        moved = pid_a != pid_b or sid not in kept_order
        if hash_a == hash_b and not moved:
            continue
        fields, evidence, experiments = {}, {}, {}
        if hash_a != hash_b:
            old, new = bodies_a[hash_a], bodies_b[hash_b]
            fields = _field_changes(old, new, STEP_NAMES)
            evidence = _evidence_changes(old, new)
            experiments = _experiment_changes(old, new)
            if experiments:
                experiment_links.append(ExperimentLink(sid, new["title"], **experiments))
        if not (fields or evidence or moved):
            continue  # only an experiment logged on it or taken off: not a change of the step
        title = bodies_b[hash_b]["title"]
        delta = emotion_b - emotion_a if emotion_a is not None and emotion_b is not None else None
        step_entries.append(StepChange(sid, title, "changed" if fields else "relinked" if evidence else "moved",
                                       moved, pid_a, pid_b, fields, evidence, experiments, delta,
                                       FieldChange(emotion_a, emotion_b)))

    links = _evidence_links(a, b, root_a["evidence"], root_b["evidence"], step_entries)
    edits = _item_edits(a, b, root_a["evidence"], root_b["evidence"])
    evidence_entries = [e for e in edits if e.kind != EXPERIMENTS]
    experiment_entries = [e for e in edits if e.kind == EXPERIMENTS]
    return Diff(from_ref=a.ref, to_ref=b.ref,
                journey_fields=_field_changes(journey_a, journey_b, tuple(k for k in journey_b if k != "id")),
                summary=_summary(steps_a, steps_b, step_entries, phase_entries, evidence_entries, experiment_entries,
                                 experiment_links),
                phases=phase_entries, steps=step_entries, evidence=evidence_entries, experiments=experiment_entries,
                experiment_links=experiment_links, evidence_links=links)


def _as_added(body: dict) -> Fields:
    """What an added step brings that the summary counts: its marker and moment of truth."""
    return {name: FieldChange(None, body[name]) for name in ("marker", "moment_of_truth") if body.get(name)}


def _as_removed(body: dict) -> Fields:
    return {name: FieldChange(body[name], None) for name in ("marker", "moment_of_truth") if body.get(name)}


def _summary(steps_a: dict, steps_b: dict, steps: list[StepChange], phases: list[PhaseChange],
             evidence: list[ItemEdit], experiments: list[ItemEdit], experiment_links: list[ExperimentLink]) -> dict:
    def mean_of(side: dict) -> float | None:
        scores = [e for _, _, e in side.values() if e is not None]
        return round(sum(scores) / len(scores), 2) if scores else None  # ints: as exact as statistics.mean

    def markers(kind: str) -> dict[str, list[str]]:
        gained = [s.id for s in steps if "marker" in s.fields and s.fields["marker"].new == kind]
        lost = [s.id for s in steps if "marker" in s.fields and s.fields["marker"].old == kind]
        return {"gained": gained, "lost": lost}

    moments = [(s.id, s.fields["moment_of_truth"]) for s in steps if "moment_of_truth" in s.fields]
    moments_gained = [sid for sid, moment in moments if not moment.old and moment.new]
    moments_lost = [sid for sid, moment in moments if moment.old and not moment.new]
    movers = sorted((s for s in steps if s.emotion_delta), key=lambda s: (-abs(s.emotion_delta), s.title))
    count = {change: sum(1 for s in steps if s.change == change)
             for change in ("added", "removed", "changed", "relinked")}
    return {
        "steps": {**count, "moved": sum(1 for s in steps if s.moved), "before": len(steps_a), "after": len(steps_b)},
        "phases": {**{change: sum(1 for p in phases if p.change == change)
                      for change in ("added", "removed", "changed")},
                   "moved": sum(1 for p in phases if p.moved)},
        "mean_emotion": {"before": mean_of(steps_a), "after": mean_of(steps_b)},
        "biggest_emotion_changes": [{"id": s.id, "title": s.title, "emotion_delta": s.emotion_delta}
                                    for s in movers[:5]],
        "hearts": markers("heart"), "thunderclouds": markers("thundercloud"),
        "moments_of_truth": {"gained": moments_gained, "lost": moments_lost},
        "evidence": {kind: {"linked": sum(len(e.evidence.get(kind, {}).get("linked", [])) for e in [*steps, *phases]),
                            "unlinked": sum(len(e.evidence.get(kind, {}).get("unlinked", []))
                                            for e in [*steps, *phases]),
                            "changed": sum(1 for e in evidence if e.kind == kind)}
                     for kind in EVIDENCE_KINDS},
        EXPERIMENTS: {"linked": sum(len(links.linked) for links in experiment_links),
                      "unlinked": sum(len(links.unlinked) for links in experiment_links),
                      "changed": len(experiments)},
    }
