"""Undo and redo: take back a user's latest action on a map, or their latest undo, through the change log.

One action is one group of change rows (``Change.group_id``: one request, one command). Undoing it
applies the rows' old values as ordinary edits — so the undo is logged like any edit, as an action
of its own — and records the pair in ``change_undos``: an undone action is not undone twice, and an
undo is not itself a candidate (undoing again takes back the action before).

Redo takes back the user's latest undo the same way (the undo's rows' old values are what the undone
action made), recorded as a pair with ``redo`` set; a redo is an action one may undo again, as in
every editor. A new change of the user's on the map after an undo ends the chance to redo it.

A deleted step comes back with its id, its fields, its place in its phase, and its links to the
evidence and experiments it had (the deletion unlinked them explicitly, so the log holds the links);
redoing that undo deletes it again.

Optimistic locking: if anyone changed one of the same things since (a later row on the same entity
and field, other than actions already undone and their undos), nothing is taken back and the
Conflict says who changed what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from insightrepo.errors import Conflict
from insightrepo.field_checks import assign
from insightrepo.field_labels import field_name
from insightrepo.i18n import gettext, lazy_gettext
from insightrepo.journeys.journeys import journey_for
from insightrepo.journeys.ordering import lock_parents, place
from insightrepo.journeys.unlinking import unlink_from_map
from insightrepo.models import Change, ChangeUndo, Experiment, Job, Journey, Narrative, Phase, Quote, Step, User
from insightrepo.timeline.change_context import explained, of
from insightrepo.timeline.change_recorder import TRACKED

MAP_ENTITIES = {"journey": Journey, "phase": Phase, "step": Step}
LINKING = {"quote": Quote, "narrative": Narrative, "job": Job, "experiment": Experiment}
LINK_FIELDS = {"steps": Step, "phases": Phase}
ENTITY_WORDS = {"journey": lazy_gettext("the journey"), "phase": lazy_gettext("the phase"),
                "step": lazy_gettext("the step"), "quote": lazy_gettext("the quote"),
                "narrative": lazy_gettext("the narrative"), "job": lazy_gettext("the job"),
                "experiment": lazy_gettext("the experiment")}


@dataclass
class Undone:
    """What an undo (or a redo) took back: the action's rows, and the steps that came back."""

    journey_id: str
    group_id: str
    at: Any
    summary: str
    changes: list[Change] = field(default_factory=list)
    restored_steps: list[dict] = field(default_factory=list)


def undoable_group(session: Session, actor: User | None, journey_id: str) -> str | None:
    """The group id of ``actor``'s latest action on the map not taken back yet: a change or a redo, not an undo."""
    if actor is None:
        return None
    taken_back = select(ChangeUndo.group_id)
    undos = select(ChangeUndo.undo_group_id).where(ChangeUndo.redo.is_(False))
    return session.scalar(
        select(Change.group_id)
        .where(Change.journey_id == journey_id, Change.actor_id == actor.id, Change.group_id.is_not(None),
               Change.group_id.not_in(taken_back), Change.group_id.not_in(undos))
        .group_by(Change.group_id).order_by(func.max(Change.at).desc(), Change.group_id).limit(1))


def redoable_undo(session: Session, actor: User | None, journey_id: str) -> ChangeUndo | None:
    """``actor``'s latest undo on the map that is not redone yet — unless they have changed the map since."""
    if actor is None:
        return None
    latest = session.scalar(
        select(ChangeUndo)
        .where(ChangeUndo.journey_id == journey_id, ChangeUndo.actor_id == actor.id, ChangeUndo.redo.is_(False),
               ChangeUndo.undo_group_id.not_in(select(ChangeUndo.group_id)))
        .order_by(ChangeUndo.at.desc()).limit(1))
    if latest is None:
        return None
    changed_since = session.scalar(
        select(Change.id)
        .where(Change.journey_id == journey_id, Change.actor_id == actor.id, Change.at > latest.at,
               Change.group_id.is_not(None), Change.group_id.not_in(select(ChangeUndo.undo_group_id)))
        .limit(1))
    return None if changed_since else latest


def undo_latest(session: Session, actor: User | None, journey_id: str) -> Undone:
    """Take back ``actor``'s latest action on the journey's map (an editor's); Conflict when there is
    nothing to undo, when the action cannot be undone, or when someone changed the same thing since."""
    journey = _locked_map(session, actor, journey_id)
    group = undoable_group(session, actor, journey.id)
    if group is None:
        raise Conflict(gettext("Nothing to undo: you have made no change on this map that is not undone yet."),
                       {"reason": "nothing_to_undo"})
    rows = _rows(session, journey, group)
    return _take_back(session, actor, journey, group, rows, rows, redo=False)


def redo_latest(session: Session, actor: User | None, journey_id: str) -> Undone:
    """Make again the change ``actor``'s latest undo on the map took back (an editor's); Conflict when there
    is nothing to redo (no undo, or a change of theirs since) or when someone changed the same thing since."""
    journey = _locked_map(session, actor, journey_id)
    undo = redoable_undo(session, actor, journey.id)
    if undo is None:
        raise Conflict(gettext("Nothing to redo: you have undone nothing on this map since your latest change."),
                       {"reason": "nothing_to_redo"})
    rows = _rows(session, journey, undo.undo_group_id)
    return _take_back(session, actor, journey, undo.undo_group_id, rows, _rows(session, journey, undo.group_id),
                      redo=True)


def _locked_map(session: Session, actor: User | None, journey_id: str) -> Journey:
    lock_parents(session, Journey, [journey_id])
    journey = journey_for(session, actor, journey_id, "editor", whole_map=True)
    lock_parents(session, Phase, [p.id for p in journey.phases])
    return journey


def _rows(session: Session, journey: Journey, group: str) -> list[Change]:
    return list(session.scalars(select(Change).where(Change.group_id == group,
                                                     or_(Change.journey_id == journey.id, Change.journey_id.is_(None)))
                                .options(selectinload(Change.actor)).order_by(Change.at, Change.id)))


def _take_back(session: Session, actor: User | None, journey: Journey, group: str, rows: list[Change],
               action: list[Change], redo: bool) -> Undone:
    """Apply the old values of ``rows`` (the action ``group``), logged in the words of ``action`` — the
    action undone, or for a redo the one its undo took back — and record the pair in ``change_undos``."""
    _check_undoable(session, rows)
    _check_nobody_changed_since(session, rows, redo)
    summary = describe(action)
    why = gettext("Redid: %(what)s", what=summary) if redo else gettext("Undid: %(what)s", what=summary)
    with explained(session, why):
        restored = _apply(session, journey, rows)
        session.flush()
    session.add(ChangeUndo(group_id=group, undo_group_id=of(session).group or group, journey_id=journey.id,
                           actor_id=actor.id if actor is not None else None, redo=redo))
    session.flush()
    session.expire(journey)
    return Undone(journey.id, group, rows[-1].at if rows else None, summary, rows, restored)


def _added_or_deleted(action: str, entity: str, name: str | None) -> str:
    """“added the step “Pay””, “deleted the phase”: one gettext call per case, so each language words it whole."""
    if action == "create":
        if entity == "phase":
            return gettext("added the phase “%(name)s”", name=name) if name else gettext("added the phase")
        if entity == "step":
            return gettext("added the step “%(name)s”", name=name) if name else gettext("added the step")
        return gettext("added the journey “%(name)s”", name=name) if name else gettext("added the journey")
    if entity == "phase":
        return gettext("deleted the phase “%(name)s”", name=name) if name else gettext("deleted the phase")
    if entity == "step":
        return gettext("deleted the step “%(name)s”", name=name) if name else gettext("deleted the step")
    return gettext("deleted the journey “%(name)s”", name=name) if name else gettext("deleted the journey")


def _changed(field: str | None, entity: str) -> str:
    """“changed title of a step”: the field as the API names it, or its label on a page."""
    field = field_name(field or "")
    if entity == "phase":
        return gettext("changed %(field)s of a phase", field=field)
    if entity == "step":
        return gettext("changed %(field)s of a step", field=field)
    return gettext("changed %(field)s of a journey", field=field)


def _what_changed(row: Change) -> str:
    """One change row in words, whatever it changed (for a refusal that names it)."""
    if row.entity in MAP_ENTITIES:
        if row.action in ("create", "delete"):
            recorded = row.old if row.action == "delete" else row.new
            return _added_or_deleted(row.action, row.entity, recorded.get("title") if isinstance(recorded, dict) else None)
        return _changed(row.field, row.entity)
    thing = ENTITY_WORDS.get(row.entity, row.entity)
    if row.action == "create":
        return gettext("added %(thing)s", thing=thing)
    if row.action == "delete":
        return gettext("deleted %(thing)s", thing=thing)
    return gettext("changed %(field)s of %(thing)s", field=field_name(row.field or ""), thing=thing)


def describe(rows: list[Change]) -> str:
    """The action in a few words a person recognises: “deleted the step “Pay””, “changed title of …”."""
    parts = []
    for row in rows:
        if row.entity in MAP_ENTITIES:
            parts.append(_what_changed(row))
    unique = list(dict.fromkeys(parts))
    return "; ".join(unique[:5]) + ("…" if len(unique) > 5 else "") if unique else gettext("linked evidence")


def _check_undoable(session: Session, rows: list[Change]) -> None:
    for row in rows:
        supported = (row.entity in MAP_ENTITIES and not (row.entity == "journey" and row.action != "update")) or (
            row.entity in LINKING and row.action == "update" and row.field in LINK_FIELDS)
        if not supported:
            raise Conflict(gettext("Your latest change on this map cannot be undone here (it changed %(what)s); "
                                   "use the change log or restore a snapshot.",
                                   what=_what_changed(row)),
                           {"reason": "not_undoable", "entity": row.entity, "action": row.action})


def _check_nobody_changed_since(session: Session, rows: list[Change], redo: bool) -> None:
    """Refuse when a later action (not taken back, not an undo or redo) touched one of the same things."""
    if not rows:
        return
    group = rows[0].group_id
    since = min(row.at for row in rows)
    settled = select(ChangeUndo.group_id).union(select(ChangeUndo.undo_group_id))
    for row in rows:
        later = select(Change).where(Change.entity == row.entity, Change.entity_id == row.entity_id,
                                     Change.at >= since, Change.group_id.is_distinct_from(group),
                                     or_(Change.group_id.is_(None), Change.group_id.not_in(settled)))
        if row.action == "update" and row.field in LINK_FIELDS:
            continue  # links merge: the rest of the item's links stay; a link to an item deleted since stays gone
        if row.action == "update":
            later = later.where(or_(Change.field == row.field, Change.action != "update"))
        other = session.scalars(later.options(selectinload(Change.actor)).order_by(Change.at.desc())).first()
        if other is not None:
            raise Conflict(_changed_since_message(other, row.entity, redo),
                           {"reason": "changed_since", "entity": row.entity, "entity_id": row.entity_id,
                            "field": other.field, "by": other.author or gettext("someone"),
                            "at": other.at.isoformat()})


def _changed_since_message(other: Change, entity: str, redo: bool) -> str:
    """Who changed what since, and when: one whole sentence per case, so each language words it whole."""
    words = {"who": other.author or gettext("someone"), "thing": ENTITY_WORDS.get(entity, entity),
             "field": field_name(other.field or ""), "at": other.at.strftime("%Y-%m-%d %H:%M")}
    if redo:
        if other.action == "create":
            return gettext("Not redone: %(who)s created %(thing)s since (%(at)s). The map stays as it is.", **words)
        if other.action == "delete":
            return gettext("Not redone: %(who)s deleted %(thing)s since (%(at)s). The map stays as it is.", **words)
        return gettext("Not redone: %(who)s changed %(field)s of %(thing)s since (%(at)s). The map stays as it is.",
                       **words)
    if other.action == "create":
        return gettext("Not undone: %(who)s created %(thing)s since (%(at)s). Your change stays as it is.", **words)
    if other.action == "delete":
        return gettext("Not undone: %(who)s deleted %(thing)s since (%(at)s). Your change stays as it is.", **words)
    return gettext("Not undone: %(who)s changed %(field)s of %(thing)s since (%(at)s). Your change stays as it is.",
                   **words)


def _apply(session: Session, journey: Journey, rows: list[Change]) -> list[dict]:
    phases = {p.id: p for p in journey.phases}
    steps = {s.id: s for s in journey.steps}
    by = lambda entity, action: [r for r in rows if r.entity == entity and r.action == action]  # noqa: E731

    # 1. what the action created goes: its steps, then its phases
    created_steps = [steps[r.entity_id] for r in by("step", "create") if r.entity_id in steps]
    unlink_from_map(session, [s.id for s in created_steps])
    for step in created_steps:
        phase = step.phase
        phase.steps.remove(step)
        session.delete(step)
        place(phase.steps, list(phase.steps))
    for row in by("phase", "create"):
        phase = phases.get(row.entity_id)
        if phase is not None:
            if phase.steps:
                raise Conflict(gettext("Not undone: the phase you added has steps now; delete or move them first."),
                               {"reason": "changed_since", "entity": "phase", "entity_id": phase.id})
            unlink_from_map(session, [], [phase.id])
            journey.phases.remove(phase)
            session.delete(phase)
            place(journey.phases, list(journey.phases))
    session.flush()

    # 2. what it deleted comes back with its ids: phases first, then their steps, each in its place
    for row in sorted(by("phase", "delete"), key=lambda r: r.old.get("position", 0)):
        old = row.old
        phase = Phase(id=row.entity_id, title=old["title"], goal=old.get("goal", ""))
        ordered = list(journey.phases)
        ordered.insert(min(old.get("position", len(ordered)), len(ordered)), phase)
        journey.phases.append(phase)
        place(journey.phases, ordered)
        phases[phase.id] = phase
    returned = []
    for row in sorted(by("step", "delete"), key=lambda r: (r.old.get("phase_id") or "", r.old.get("position", 0))):
        old = row.old
        phase = phases.get(old.get("phase_id")) or session.get(Phase, old.get("phase_id") or "")
        if phase is None or (phase.journey is not journey and phase.journey_id != journey.id):
            raise Conflict(gettext("Not undone: the step's phase has been deleted since."),
                           {"reason": "changed_since", "entity": "phase", "entity_id": old.get("phase_id")})
        names = TRACKED[Step][1]
        step = Step(id=row.entity_id, **{n: old[n] for n in names if n in old and n not in ("phase_id", "position")})
        ordered = list(phase.steps)
        ordered.insert(min(old.get("position", len(ordered)), len(ordered)), step)
        phase.steps.append(step)
        place(phase.steps, ordered)
        steps[step.id] = step
        returned.append(step)
    session.flush()

    # 3. edits of the journey, its phases and steps go back to their old values
    _undo_edits(session, journey, phases, steps, rows)

    # 4. links to evidence and experiments: added ones go, removed ones come back
    for row in rows:
        if row.entity in LINKING and row.action == "update":
            item = session.get(LINKING[row.entity], row.entity_id)
            if item is None:
                continue
            target = LINK_FIELDS[row.field]
            old, new = set(row.old or []), set(row.new or [])
            current = list(getattr(item, row.field))
            kept = [x for x in current if x.id not in new - old]
            have = {x.id for x in kept}
            back = [session.get(target, i) for i in sorted(old - new) if i not in have]
            setattr(item, row.field, kept + [x for x in back if x is not None])
    session.flush()
    return [_step_links(session, step) for step in returned]


def _undo_edits(session: Session, journey: Journey, phases: dict, steps: dict, rows: list[Change]) -> None:
    edits: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if row.action == "update" and row.entity in MAP_ENTITIES:
            edits.setdefault((row.entity, row.entity_id), {})[row.field] = row.old
    for (entity, entity_id), values in edits.items():
        if entity == "journey":
            assign(journey, values)
            continue
        if entity == "phase":
            phase = phases.get(entity_id)
            if phase is None:
                continue
            position = values.pop("position", None)
            changed = assign(phase, values)
            if position is not None and position != phase.position:
                ordered = [p for p in journey.phases if p is not phase]
                ordered.insert(min(position, len(ordered)), phase)
                place(journey.phases, ordered)
                changed = True
            if changed:
                phase.version += 1
            continue
        step = steps.get(entity_id)
        if step is None:
            continue
        phase_id = values.pop("phase_id", step.phase_id)
        position = values.pop("position", None)
        changed = assign(step, values)
        target = phases.get(phase_id) or step.phase
        if target is not step.phase or (position is not None and position != step.position):
            source = step.phase
            if target is not source:
                source.steps.remove(step)
                place(source.steps, list(source.steps))
                target.steps.append(step)
            ordered = [s for s in target.steps if s is not step]
            ordered.insert(min(step.position if position is None else position, len(ordered)), step)
            place(target.steps, ordered)
            changed = True
        if changed:
            step.version += 1


def _step_links(session: Session, step: Step) -> dict:
    """A step that came back, as the API shows it: its id, its place and its links."""
    linked = {kind: sorted(session.scalars(select(model.id).where(model.steps.any(Step.id == step.id))))
              for kind, model in (("quote_ids", Quote), ("narrative_ids", Narrative), ("job_ids", Job),
                                  ("experiment_ids", Experiment))}
    return {"id": step.id, "title": step.title, "phase_id": step.phase_id, "position": step.position, **linked}
