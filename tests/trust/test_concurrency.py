"""No lost updates: two editors PATCH the same step from the same version at the same moment,
round after round, against `insightrepo serve` in production mode (gunicorn, several workers) on
SQLite and on PostgreSQL. Exactly one wins each round and the other gets 409 (never a 500, never
both 200); the change log holds exactly the winners' edits; the search index matches the database.

CI runs 30 rounds per database; ``INSIGHTREPO_TRUST_SCALE=20 pytest tests/trust/test_concurrency.py
-n 0`` is the long run (600 rounds per database)."""

from __future__ import annotations

import http.client
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import pytest

from tests.database_backends import BACKENDS
from tests.trust.processes import launcher  # noqa: F401  (a fixture)
from tests.trust.processes import Instance, Member, Server, call, make_instance, remove_instance, scaled

ROUNDS = scaled(30)
EDITORS = ("ebba@example.org", "emil@example.org")


@pytest.fixture(params=BACKENDS)
def instance(request, tmp_path, launcher):
    instance = make_instance(request.param, tmp_path / "site", launcher)
    yield instance
    remove_instance(instance)


@pytest.fixture
def server(instance):
    """`insightrepo serve` in production mode: gunicorn with 3 workers."""
    for email in EDITORS:
        instance.add_member(email)
    server = instance.serve(workers=3)
    yield server
    server.stop()


def _build_map(server: Server, admin: Member) -> tuple[str, str]:
    status, journey = server.call(admin, "POST", "/api/v1/workspaces/lab/journeys",
                                  {"title": "Get a plant home alive"})
    assert status == 201, journey
    status, phase = server.call(admin, "POST", f"/api/v1/journeys/{journey['id']}/phases", {"title": "Choose"})
    assert status == 201, phase
    status, step = server.call(admin, "POST", f"/api/v1/phases/{phase['id']}/steps",
                               {"title": "Compare pots", "thoughts": "Which one drains?"})
    assert status == 201, step
    return journey["id"], step["id"]


class Editor:
    """One person's browser tab: a kept-alive connection, so a PATCH leaves the moment it is asked to."""

    def __init__(self, server: Server, member: Member):
        parts = urlsplit(server.url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        self.server, self.member = server, member

    def patch(self, step_id: str, body: dict, start: threading.Barrier) -> tuple[int, dict]:
        return self.send("PATCH", f"/api/v1/steps/{step_id}", body, start)

    def send(self, method: str, path: str, body: dict, start: threading.Barrier) -> tuple[int, dict]:
        start.wait()
        return call(self.server.url, self.member.token, method, path, body, connection=self.connection)

    def close(self) -> None:
        self.connection.close()


def _edit(round_: int, editor: int) -> dict:
    """Editor 0 always retitles the step; editor 1 retitles it in even rounds and rewrites its
    thoughts in odd ones: even edits of different fields must not both pass from one version."""
    value = f"round {round_} by editor {editor}"
    return {"thoughts": value} if editor == 1 and round_ % 2 else {"title": value}


def _changes(server: Server, member: Member, journey_id: str) -> list[dict]:
    items, page = [], 1
    while True:
        status, body = server.call(member, "GET", f"/api/v1/journeys/{journey_id}/changes?entity=step"
                                                  f"&per_page=200&page={page}")
        assert status == 200, body
        items += body["items"]
        if page * 200 >= body["total"]:
            return items
        page += 1


def test_two_editors_patching_one_step_from_one_version_never_both_win(instance: Instance, server: Server):
    admin = instance.members["lena@example.org"]
    journey_id, step_id = _build_map(server, admin)
    editors = [Editor(server, instance.members[email]) for email in EDITORS]
    winners: list[tuple[int, int, dict]] = []  # (round, editor, the edit)
    refusals: Counter[str] = Counter()  # the version check in the service, or the UPDATE … WHERE version
    version = server.call(admin, "GET", f"/api/v1/steps/{step_id}")[1]["version"]

    with ThreadPoolExecutor(2) as pool:
        for round_ in range(ROUNDS):
            start = threading.Barrier(2)
            futures = [pool.submit(editor.patch, step_id, {"version": version, **_edit(round_, n)}, start)
                       for n, editor in enumerate(editors)]
            answers = [future.result() for future in futures]
            statuses = sorted(status for status, _ in answers)
            assert statuses == [200, 409], f"round {round_}: {answers}"
            winner = next(n for n, (status, _) in enumerate(answers) if status == 200)
            won, lost = answers[winner][1], answers[1 - winner][1]
            assert lost["error"]["code"] == "conflict", lost
            refusals[lost["error"]["message"]] += 1
            assert won["version"] == version + 1
            assert all(won[field] == value for field, value in _edit(round_, winner).items()), won
            winners.append((round_, winner, _edit(round_, winner)))
            version = won["version"]
    for editor in editors:
        editor.close()
    print(f"{instance.backend}: {ROUNDS} rounds, the losers were refused by: {dict(refusals)}")

    # the change log has exactly the winners' edits, each by its winner
    logged = sorted((c["new"], c["actor"], c["field"]) for c in _changes(server, admin, journey_id)
                    if c["action"] == "update")
    expected = sorted((value, EDITORS[editor], field) for _, editor, edit in winners for field, value in edit.items())
    assert logged == expected

    # the step is the last winner's, and so is the search index
    status, step = server.call(admin, "GET", f"/api/v1/steps/{step_id}")
    assert step["version"] == version
    last_title = next(edit["title"] for _, _, edit in reversed(winners) if "title" in edit)
    assert step["title"] == last_title
    query = urlencode({"q": f'"{last_title}"', "type": "step"})
    status, found = server.call(admin, "GET", f"/api/v1/workspaces/lab/search?{query}")
    assert status == 200 and [hit["id"] for hit in found["items"]] == [step_id], found
    server.stop()
    assert not server.errors(), server.errors()
    assert "OK: the index matches the database." in instance.search_check()


def _order(server: Server, member: Member, journey_id: str) -> dict:
    status, journey = server.call(member, "GET", f"/api/v1/journeys/{journey_id}")
    assert status == 200, journey
    return journey


def _whole(journey: dict, steps: int) -> None:
    """Phases numbered 0..m-1, each phase's steps 0..n-1, no step lost or doubled."""
    assert [p["position"] for p in journey["phases"]] == list(range(len(journey["phases"]))), journey["phases"]
    for phase in journey["phases"]:
        assert [s["position"] for s in phase["steps"]] == list(range(len(phase["steps"]))), phase
    assert len({s["id"] for p in journey["phases"] for s in p["steps"]}) == steps


def test_two_editors_reordering_one_map_at_the_same_moment_keep_its_order_whole(instance: Instance, server: Server):
    """Moves renumber the siblings, whose versions do not change: on PostgreSQL two moves in one
    phase both passed and left two steps on one position (and a gap) until moves took a lock."""
    admin = instance.members["lena@example.org"]
    status, journey = server.call(admin, "POST", "/api/v1/workspaces/lab/journeys", {"title": "Keep the order"})
    for p in range(3):
        _, phase = server.call(admin, "POST", f"/api/v1/journeys/{journey['id']}/phases", {"title": f"Phase {p}"})
        for s in range(5):
            server.call(admin, "POST", f"/api/v1/phases/{phase['id']}/steps", {"title": f"Step {p}.{s}"})
    editors = [Editor(server, instance.members[email]) for email in EDITORS]
    rng = random.Random(8)
    outcomes: Counter[int] = Counter()

    with ThreadPoolExecutor(2) as pool:
        for round_ in range(ROUNDS):
            current = _order(server, admin, journey["id"])
            phases = current["phases"]
            kind = round_ % 3
            if kind == 0:  # two steps of one phase, each to a new place in it
                steps = rng.sample(rng.choice(phases)["steps"], 2)
                moves = [(f"/api/v1/steps/{s['id']}", {"version": s["version"], "position": rng.randrange(5)})
                         for s in steps]
            elif kind == 1:  # a step from phase a to b while another goes from b to a
                a, b = rng.sample(phases, 2)
                moves = [(f"/api/v1/steps/{src['steps'][0]['id']}", {"version": src["steps"][0]["version"],
                                                                      "phase_id": dst["id"], "position": 0})
                         for src, dst in ((a, b), (b, a)) if src["steps"]]
            else:  # two phases of the map
                moves = [(f"/api/v1/phases/{p['id']}", {"version": p["version"], "position": rng.randrange(3)})
                         for p in rng.sample(phases, 2)]
            start = threading.Barrier(len(moves))
            futures = [pool.submit(editor.send, "PATCH", path, body, start)
                       for editor, (path, body) in zip(editors, moves)]
            statuses = [future.result()[0] for future in futures]
            assert set(statuses) <= {200, 409}, f"round {round_}: {[f.result() for f in futures]}"
            outcomes.update(statuses)
            _whole(_order(server, admin, journey["id"]), 15)
    for editor in editors:
        editor.close()
    print(f"{instance.backend}: {ROUNDS} rounds of moves: {dict(outcomes)}")
    server.stop()
    assert not server.errors(), server.errors()
    assert "OK: the index matches the database." in instance.search_check()
