"""What a snapshot costs: content is stored once, by hash, and shared between snapshots, so a
snapshot adds only what changed since — not another copy of the map."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from insightrepo.models import Phase, SnapshotObject, Step
from insightrepo.journeys import journeys
from insightrepo.timeline.objects import canonical
from tests.timeline.helpers import frozen, ok, take

PHASES, STEPS_PER_PHASE = 10, 50


@pytest.fixture
def big_map(session, team) -> dict:
    """A 500-step map with every step field filled (built directly, as an import would)."""
    journey = journeys.create_journey(session, team.admin, "alpha", {"title": "Create a thriving home"})
    step_ids = []
    for p in range(PHASES):
        phase = Phase(journey=journey, position=p, title=f"Phase {p + 1}: find plants that suit me",
                      goal="What the customer wants to achieve here " * 3)
        session.add(phase)
        for s in range(STEPS_PER_PHASE):
            step = Step(phase=phase, position=s, title=f"Step {p + 1}.{s + 1}: compare easy plants",
                        action="Scrolls the product list and reads the care labels " * 2, touchpoint="Web shop",
                        channels=["Web", "App"], need="Plants that survive a dark flat", emotion=(s % 5) - 2,
                        thoughts=f"Will this one die too? ({p}.{s})", marker=("heart", "thundercloud", None)[s % 3],
                        owner="E-commerce", backstage_people="Content team", backstage_policies="Returns policy",
                        backstage_systems="PIM", employee_emotion=(s % 5) - 2)
            session.add(step)
            step_ids.append(step)
    session.commit()
    return {"id": journey.id, "steps": [s.id for s in step_ids]}


def _full_copy_size(body: dict) -> int:
    """The baseline: a full copy of the map per snapshot (its canonical JSON)."""
    return len(canonical({k: v for k, v in body.items() if k != "id"}))


def test_one_changed_step_in_a_500_step_map_adds_a_few_kilobytes(admin_api, big_map):
    first = take(admin_api, big_map["id"], "Before", as_of="2026-05-01")
    step_id = big_map["steps"][237]
    step = ok(admin_api.get(f"/api/v1/steps/{step_id}"))
    ok(admin_api.patch(f"/api/v1/steps/{step_id}", json={"emotion": 2, "thoughts": "Found one!",
                                                     "version": step["version"]}))

    second = take(admin_api, big_map["id"], "After", as_of="2026-05-02")

    full_copy = _full_copy_size(frozen(admin_api, second["id"]))
    assert sum(len(p["steps"]) for p in frozen(admin_api, second["id"])["phases"]) == 500
    assert first["bytes_added"] > 50_000  # the first snapshot stores the whole map once
    assert second["bytes_added"] < 8 * 1024
    assert second["bytes_added"] * 10 < first["bytes_added"]
    assert second["bytes_added"] * 50 < full_copy


def _kinds_added(session, before: set[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in session.scalars(select(SnapshotObject.kind).where(SnapshotObject.hash.not_in(before))):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _stored(session) -> set[str]:
    session.expire_all()
    return set(session.scalars(select(SnapshotObject.hash)))


def test_reordering_stores_no_step_again(admin_api, session, big_map):
    take(admin_api, big_map["id"], "Before", as_of="2026-05-01")
    before = _stored(session)
    step = ok(admin_api.get(f"/api/v1/steps/{big_map['steps'][3]}"))
    ok(admin_api.patch(f"/api/v1/steps/{step['id']}", json={"position": 40, "version": step["version"]}))

    after = take(admin_api, big_map["id"], "Reordered", as_of="2026-05-02")

    # the phase's ordered step list and the root that lists the phases: nothing else
    assert _kinds_added(session, before) == {"phase": 1, "root": 1}
    assert after["bytes_added"] < 4 * 1024


def test_each_changed_step_is_stored_once_and_nothing_else_is_repeated(admin_api, session, big_map):
    take(admin_api, big_map["id"], "Before", as_of="2026-05-01")
    before = _stored(session)
    edited = big_map["steps"][0:3] + big_map["steps"][100:102]  # two phases
    for step_id in edited:
        step = ok(admin_api.get(f"/api/v1/steps/{step_id}"))
        ok(admin_api.patch(f"/api/v1/steps/{step_id}", json={"need": "Light!", "version": step["version"]}))

    take(admin_api, big_map["id"], "Edited", as_of="2026-05-02")

    assert _kinds_added(session, before) == {"step": 5, "phase": 2, "root": 1}


def test_identical_content_in_two_journeys_is_stored_once(admin_api, make_map, session):
    layout = {"Get the plants home": [{"title": "Unpack the plants", "emotion": -2}]}
    one, two = make_map(layout), make_map(layout, title="Create a thriving office")
    take(admin_api, one.id, "One", as_of="2026-05-01")
    before = _stored(session)

    take(admin_api, two.id, "Two", as_of="2026-05-01")

    # different ids make different steps; but nothing stored for the first journey is stored again
    assert set(_kinds_added(session, before)) <= {"step", "phase", "root", "journey"}
    assert _stored(session) >= before
