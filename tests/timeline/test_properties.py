"""Properties of the timeline over random sequences of edits (hypothesis):

- a comparison of two snapshots accounts for every difference between the two frozen maps
  and for nothing else (checked against an independent reading of the maps);
- restoring a snapshot and snapshotting again yields that snapshot's content (its root hash),
  except for experiments, which a restore never rewinds or unlinks (it only links the steps it
  brings back to the experiments that targeted them);
- what a snapshot adds to storage grows with the number of changed steps, not with map size.

Each example builds its own journey inside the test's transaction (rolled back at the end)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from insightrepo.models import Experiment, Journey, Phase, SnapshotObject, Step
from insightrepo.evidence import evidence
from insightrepo.experiments import experiments, measurements
from insightrepo.journeys import journeys, phases, steps
from insightrepo.errors import Conflict, Invalid
from insightrepo.field_checks import clean
from insightrepo.journeys.fields import STEP_FIELDS, step_columns
from insightrepo.timeline import comparison, restore
from insightrepo.timeline.freeze import EXPERIMENTS, FrozenReader, evidence_body, freeze
from insightrepo.timeline.objects import ObjectStore
from insightrepo.timeline.snapshots import frozen_map, record_snapshot
from tests.timeline.model_diff import check_comparison

PROPERTIES = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                             HealthCheck.data_too_large])

# ---- random maps and edits ---------------------------------------------------------------

TITLES = st.sampled_from(["See plants", "Save pictures", "Search", "Ask in the chat", "Pay", "Unpack", "Water",
                          "See new leaves", "Repot", "Köpa jord"])
SCORES = st.none() | st.integers(-2, 2)
STEP_CHANGES = st.fixed_dictionaries({}, optional={
    "title": TITLES,
    "emotion": SCORES,
    "employee_emotion": SCORES,
    "marker": st.sampled_from([None, "heart", "thundercloud"]),
    "moment_of_truth": st.none() | st.builds(lambda t: {"title": t, "description": ""},
                                            st.sampled_from(["Identify plants!", "Half-good quality!"])),
    "channels": st.sampled_from([[], ["Web"], ["Web", "App"], ["Store"]]),
    "present": st.booleans(),
    "touchpoint": st.sampled_from(["", "Web shop", "Chat", "Delivery box"]),
    "backstage": st.sampled_from([{}, {"people": "Warehouse"}, {"systems": "WMS", "policies": "Returns"}]),
})
INDEX = st.integers(0, 50)

EDITS = st.one_of(
    st.tuples(st.just("edit_step"), INDEX, STEP_CHANGES),
    st.tuples(st.just("add_step"), INDEX, INDEX, STEP_CHANGES),
    st.tuples(st.just("remove_step"), INDEX),
    st.tuples(st.just("move_step"), INDEX, INDEX, INDEX),
    st.tuples(st.just("reorder_step"), INDEX, INDEX),
    st.tuples(st.just("add_phase"), INDEX, TITLES),
    st.tuples(st.just("remove_phase"), INDEX),
    st.tuples(st.just("edit_phase"), INDEX, st.fixed_dictionaries({}, optional={"title": TITLES, "goal": TITLES})),
    st.tuples(st.just("move_phase"), INDEX, INDEX),
    st.tuples(st.just("link"), st.integers(0, 2), INDEX),
    st.tuples(st.just("unlink"), st.integers(0, 2), INDEX),
    st.tuples(st.just("reword"), st.integers(0, 2), TITLES),
    st.tuples(st.just("link_job"), INDEX),
    st.tuples(st.just("unlink_job"), INDEX),
    st.tuples(st.just("edit_journey"), st.fixed_dictionaries({}, optional={
        "title": TITLES, "kind": st.sampled_from(["hypothesis", "researched"]), "persona": TITLES})),
    st.tuples(st.just("experiment_status"), st.sampled_from(["running", "concluded", "abandoned"])),
    st.tuples(st.just("measure"), st.sampled_from(["baseline", "follow_up"]), st.integers(0, 50)),
    st.tuples(st.just("link_experiment"), INDEX),
    st.tuples(st.just("unlink_experiment"), INDEX),
)
LAYOUTS = st.lists(st.lists(STEP_CHANGES, max_size=5), min_size=1, max_size=4)


class World:
    """One example's journey, its evidence, and the edits applied through the services."""

    def __init__(self, session, actor, layout: list[list[dict]]):
        self.session, self.actor = session, actor
        journey = journeys.create_journey(session, actor, "alpha", {"title": "Create a thriving home"})
        self.journey_id = journey.id
        for p, specs in enumerate(layout):  # built directly: the services' checks are exercised by the edits
            phase = Phase(journey=journey, position=p, title=f"Phase {p}")
            session.add(phase)
            for s, spec in enumerate(specs):
                columns = step_columns(clean({"title": f"Step {p}.{s}", **spec}, STEP_FIELDS))
                session.add(Step(phase=phase, position=s, **columns))
        session.flush()
        step_ids = [sid for _, sids in self.layout() for sid in sids]
        # two of the three quotes start out linked, so rewording or unlinking them shows
        self.quotes = [evidence.create_item(session, actor, evidence.QUOTES, "alpha", {
            "text": f"Quote {n}", "participant": f"P{n}",
            "step_ids": [step_ids[(2 * n) % len(step_ids)]] if step_ids and n < 2 else []}).id for n in range(3)]
        self.job = evidence.create_item(session, actor, evidence.JOBS, "alpha", {
            "situation": "my flat is dark", "motivation": "find plants", "outcome": "feel at home",
            "phase_ids": [self.layout()[0][0]]}).id
        # an experiment on the first step (a map without steps has none)
        self.experiment = experiments.create_experiment(session, actor, "alpha", {
            "title": "Video advice", "step_ids": step_ids[:1], "design": "before_after",
            "metric": {"name": "orders with a complaint", "kind": "proportion", "direction": "decrease"}}).id \
            if step_ids else None
        session.flush()

    def layout(self) -> list[tuple[str, list[str]]]:
        """(phase id, [step ids]) in stored order."""
        self.session.flush()
        rows = self.session.execute(select(Phase.id).where(Phase.journey_id == self.journey_id)
                                    .order_by(Phase.position)).scalars().all()
        return [(pid, self.session.execute(select(Step.id).where(Step.phase_id == pid)
                                           .order_by(Step.position)).scalars().all()) for pid in rows]

    def journey(self) -> Journey:
        return journeys.journey_for(self.session, self.actor, self.journey_id, "editor", whole_map=True)

    def snapshot(self, label: str, as_of: date):
        return record_snapshot(self.session, self.actor, self.journey(), label, as_of).snapshot

    def apply(self, edit: tuple) -> None:
        session, actor = self.session, self.actor
        layout = self.layout()
        phase_ids = [pid for pid, _ in layout]
        step_ids = [sid for _, sids in layout for sid in sids]
        name, *args = edit

        def step_at(i):
            return step_ids[i % len(step_ids)] if step_ids else None

        def version(model, id_):
            session.expire_all()
            return session.get(model, id_).version

        if name in ("edit_step", "remove_step", "move_step", "reorder_step", "link", "unlink", "link_experiment",
                    "unlink_experiment") and not step_ids:
            return
        if name in ("experiment_status", "measure", "link_experiment", "unlink_experiment"):
            if self.experiment is not None:
                self.experiment_edit(name, args, step_at(args[0]) if name.endswith("link_experiment") else None)
            return
        if name == "edit_step":
            steps.update_step(session, actor, step_at(args[0]), version(Step, step_at(args[0])), args[1])
        elif name == "add_step":
            steps.add_step(session, actor, phase_ids[args[0] % len(phase_ids)],
                           {"title": "Added", "position": args[1], **args[2]})
        elif name == "remove_step":
            steps.delete_step(session, actor, step_at(args[0]))
        elif name == "move_step":
            steps.update_step(session, actor, step_at(args[0]), version(Step, step_at(args[0])),
                              {"phase_id": phase_ids[args[1] % len(phase_ids)], "position": args[2]})
        elif name == "reorder_step":
            steps.update_step(session, actor, step_at(args[0]), version(Step, step_at(args[0])),
                              {"position": args[1]})
        elif name == "add_phase":
            phases.add_phase(session, actor, self.journey_id, {"title": args[1], "position": args[0]})
        elif name == "remove_phase" and len(phase_ids) > 1:
            phases.delete_phase(session, actor, phase_ids[args[0] % len(phase_ids)], cascade=True)
        elif name == "edit_phase":
            pid = phase_ids[args[0] % len(phase_ids)]
            phases.update_phase(session, actor, pid, version(Phase, pid), args[1])
        elif name == "move_phase":
            pid = phase_ids[args[0] % len(phase_ids)]
            phases.update_phase(session, actor, pid, version(Phase, pid), {"position": args[1]})
        elif name in ("link", "unlink"):
            quote = evidence.item_for(session, actor, evidence.QUOTES, self.quotes[args[0]])
            linked = [s.id for s in quote.steps if s.id != step_at(args[1])]
            evidence.update_item(session, actor, evidence.QUOTES, quote.id, quote.version,
                                 {"step_ids": linked + ([step_at(args[1])] if name == "link" else [])})
        elif name == "reword":
            quote = evidence.item_for(session, actor, evidence.QUOTES, self.quotes[args[0]])
            evidence.update_item(session, actor, evidence.QUOTES, quote.id, quote.version, {"text": args[1]})
        elif name in ("link_job", "unlink_job"):
            job = evidence.item_for(session, actor, evidence.JOBS, self.job)
            pid = phase_ids[args[0] % len(phase_ids)]
            linked = [p.id for p in job.phases if p.id != pid] + ([pid] if name == "link_job" else [])
            evidence.update_item(session, actor, evidence.JOBS, job.id, job.version, {"phase_ids": linked})
        elif name == "edit_journey":
            journeys.update_journey(session, actor, self.journey_id, version(Journey, self.journey_id), args[0])
        session.flush()

    def experiment_edit(self, name: str, args: list, step_id: str | None) -> None:
        """Through the services, as the team would; what they refuse (a concluded experiment
        started again, its last step unlinked, a measurement after the end) is skipped. They refuse
        before they change anything."""
        session, actor = self.session, self.actor
        session.expire_all()  # each edit in a request of its own: no stale links to deleted steps
        experiment = session.get(Experiment, self.experiment)
        try:
            if name == "experiment_status":
                experiments.change_status(session, actor, experiment.id, {
                    "status": args[0], "on": "2026-05-20", "verdict": "inconclusive",
                    "verdict_reason": "Too few orders to tell"})
            elif name == "measure":
                measurements.add_measurement(session, actor, experiment.id, {
                    "group": args[0], "measured_on": "2026-05-10", "successes": args[1], "trials": 50})
            else:
                linked = [s.id for s in experiment.steps if s.id != step_id]
                experiments.update_experiment(session, actor, experiment.id, experiment.version, {
                    "step_ids": linked + ([step_id] if name == "link_experiment" else [])})
        except (Conflict, Invalid):
            pass
        session.flush()


# ---- the properties --------------------------------------------------------------------

@PROPERTIES
@given(layout=LAYOUTS, edits=st.lists(EDITS, max_size=12))
# two steps swapped, one of them edited: forwards the other one moved, backwards the edited one did
@example(layout=[[{}, {}]], edits=[("move_step", 0, 0, 1), ("edit_step", 0, {"title": "See plants"})])
def test_a_comparison_accounts_for_every_difference_and_nothing_else(session, team, layout, edits):
    world = World(session, team.admin, layout)
    before = world.snapshot("Before", date(2026, 5, 1))
    for edit in edits:
        world.apply(edit)
    after = world.snapshot("After", date(2026, 6, 1))

    diff = comparison.compare_refs(session, team.admin, before.id, after.id)

    check_comparison(diff, frozen_map(session, before), frozen_map(session, after))
    backwards = comparison.compare_refs(session, team.admin, after.id, before.id)
    check_comparison(backwards, frozen_map(session, after), frozen_map(session, before))
    # Which of two swapped steps "moved" depends on the direction (either keeps its order against the
    # other), so the directions agree on how many steps moved and on which were changed, relinked,
    # added or removed — not on which one of a swapped pair is named as moved.
    assert sum(s["moved"] for s in backwards["steps"]) == sum(s["moved"] for s in diff["steps"])
    assert ({s["id"] for s in backwards["steps"] if s["change"] != "moved"}
            == {s["id"] for s in diff["steps"] if s["change"] != "moved"})


@PROPERTIES
@given(layout=LAYOUTS, edits=st.lists(EDITS, max_size=12))
def test_comparing_with_the_live_map_agrees_with_comparing_snapshots(session, team, layout, edits):
    world = World(session, team.admin, layout)
    before = world.snapshot("Before", date(2026, 5, 1))
    for edit in edits:
        world.apply(edit)

    with_live = comparison.compare_refs(session, team.admin, before.id, "live", world.journey_id)
    after = world.snapshot("After", date(2026, 6, 1))
    with_snapshot = comparison.compare_refs(session, team.admin, before.id, after.id)

    def the_map(diff: dict) -> dict:
        """What the two maps differ by: not the dates (the live map is today's, the snapshot is dated
        1 June), so neither the window nor what ran in it."""
        summary = {**diff["summary"], "experiments": {k: v for k, v in diff["summary"]["experiments"].items()
                                                      if k != "in_between"}}
        return {**{k: v for k, v in diff.items() if k not in ("to", "window", "in_between")}, "summary": summary}

    assert the_map(with_live) == the_map(with_snapshot)


def _experiment_links(body: dict) -> dict[str, set[str]]:
    """step id → the ids of the experiments on it, in a frozen map."""
    return {s["id"]: {e["id"] for e in s[EXPERIMENTS]} for p in body["phases"] for s in p["steps"]}


def _without_experiments(body: dict) -> list[dict]:
    return [{**p, "steps": [{k: v for k, v in s.items() if k != EXPERIMENTS} for s in p["steps"]]}
            for p in body["phases"]]


def _experiment_states(session) -> dict[str, dict]:
    """Every experiment as a snapshot would freeze it."""
    session.expire_all()
    return {e.id: evidence_body(EXPERIMENTS, e) for e in session.scalars(select(Experiment))}


@PROPERTIES
@given(layout=LAYOUTS, edits=st.lists(EDITS, min_size=1, max_size=12))
def test_restoring_a_snapshot_then_snapshotting_yields_its_content(session, team, layout, edits):
    world = World(session, team.admin, layout)
    before = world.snapshot("Before", date(2026, 5, 1))
    for edit in edits:
        world.apply(edit)
    live = freeze(session, world.journey())
    live_links = _experiment_links(FrozenReader(ObjectStore(session), live).map(live.root))
    states = _experiment_states(session)

    restore.restore_snapshot(session, team.admin, before.id)
    session.expire_all()
    again = world.snapshot("Restored", date(2026, 7, 1))

    restored, snapshot = frozen_map(session, again), frozen_map(session, before)
    assert _without_experiments(restored) == _without_experiments(snapshot)
    assert _experiment_states(session) == states  # no experiment is rewound
    # a step that stayed keeps the experiments it has; one that comes back gets its old ones again
    assert _experiment_links(restored) == {step_id: live_links.get(step_id, ids & set(states))
                                           for step_id, ids in _experiment_links(snapshot).items()}
    assert (again.root == before.root) == (restored["phases"] == snapshot["phases"])
    if again.root == before.root:
        assert again.bytes_added == 0


STEPS_PER_PHASE = 10


def _reachable(store: ObjectStore, root: str) -> set[str]:
    body = store.get(root)
    hashes = {root, body["journey"], body["evidence"]}
    for _, tree_hash in body["phases"]:
        hashes.add(tree_hash)
        hashes |= {step_hash for _, step_hash, _ in store.get(tree_hash)["steps"]}
    index = store.get(body["evidence"])
    return hashes | {h for kind in index.values() for h in kind.values()}


@PROPERTIES
@given(phase_count=st.integers(1, 20), edited=st.lists(st.integers(0, 199), max_size=8, unique=True))
def test_storage_added_grows_with_the_changed_steps_not_with_the_map(session, team, phase_count, edited):
    journey = journeys.create_journey(session, team.admin, "alpha", {"title": "Create a thriving home"})
    step_rows = []
    for p in range(phase_count):
        phase = Phase(journey=journey, position=p, title=f"Phase {p}", goal="Feel at home with plants")
        session.add(phase)
        for s in range(STEPS_PER_PHASE):
            step_rows.append(Step(phase=phase, position=s, title=f"Step {p}.{s}", emotion=s % 5 - 2,
                                  thoughts="Will this one die too? " * 3, touchpoint="Web shop", channels=["Web"]))
            session.add(step_rows[-1])
    session.flush()
    first = record_snapshot(session, team.admin, journey, "Before", date(2026, 5, 1)).snapshot
    changed = sorted({i % len(step_rows) for i in edited})
    for i in changed:
        step_rows[i].thoughts = f"Edited {i}"
        step_rows[i].version += 1
    session.flush()
    store = ObjectStore(session)
    stored_before = set(session.scalars(select(SnapshotObject.hash)))

    second = record_snapshot(session, team.admin, journey, "After", date(2026, 6, 1)).snapshot

    new = _reachable(store, second.root) - _reachable(store, first.root)
    assert new == set(session.scalars(select(SnapshotObject.hash))) - stored_before
    rows = session.execute(select(SnapshotObject.kind, SnapshotObject.hash, SnapshotObject.data)
                           .where(SnapshotObject.hash.in_(new))).all()
    kinds = [r.kind for r in rows]
    touched_phases = {i // STEPS_PER_PHASE for i in changed}
    assert kinds.count("step") == len(changed)
    assert kinds.count("phase") == len(touched_phases)
    assert kinds.count("root") == (1 if changed else 0)
    assert set(kinds) <= {"step", "phase", "root"}
    # the bytes counted are exactly the new objects': shared content costs nothing
    assert second.bytes_added == sum(len(r.data) + len(r.hash) + len(r.kind) for r in rows)
    root_size = sum(len(r.data) for r in rows if r.kind == "root")
    assert second.bytes_added - root_size <= 1500 * len(changed)
    assert root_size < 100 * phase_count + 200  # the root only lists the phases
