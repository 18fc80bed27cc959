"""The change log: every create, update and delete of a journey, its phases and its steps is
recorded once — who, when, which field, old → new, and why — and a step's whole life can be
read back, even after it was deleted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.api.helpers import assert_error, assert_list_envelope, field_errors
from tests.conftest import csrf_token_from
from tests.timeline.helpers import add_phase, add_step, delete, ok, patch_phase, patch_step, take


def _log(api, journey_id: str, query: str = "") -> list[dict]:
    body = ok(api.get(f"/api/v1/journeys/{journey_id}/changes?per_page=100{query}"))
    assert body["total"] == len(body["items"])
    return body["items"]


class Log:
    """Reads what the change log gained since the last look."""

    def __init__(self, api, journey_id: str):
        self.api, self.journey_id, self.seen = api, journey_id, 0

    def new(self) -> set[tuple]:
        items = _log(self.api, self.journey_id)
        fresh, self.seen = items[:len(items) - self.seen], len(items)
        rows = [(c["entity"], c["entity_id"], c["action"], c["field"], _short(c["old"]), _short(c["new"]))
                for c in fresh]
        assert len(rows) == len(set(rows)), f"recorded twice: {rows}"
        return set(rows)


def _utc_today():
    return datetime.now(timezone.utc).date()


def _short(value):
    return "{…}" if isinstance(value, dict) else value


def test_every_edit_of_a_map_is_recorded_once_with_old_and_new_values(editor_api):
    journey = ok(editor_api.post("/api/v1/workspaces/alpha/journeys", json={"title": "Buy plants online"}), 201)
    j = journey["id"]
    log = Log(editor_api, j)
    assert log.new() == {("journey", j, "create", None, None, "{…}")}

    ok(editor_api.patch(f"/api/v1/journeys/{j}", json={"title": "Create a thriving home", "version": 1}))
    assert log.new() == {("journey", j, "update", "title", "Buy plants online", "Create a thriving home")}

    dream, find = add_phase(editor_api, j, title="Dream"), add_phase(editor_api, j, title="Find plants")
    assert log.new() == {("phase", dream["id"], "create", None, None, "{…}"),
                         ("phase", find["id"], "create", None, None, "{…}")}

    a, b, c = (add_step(editor_api, dream["id"], title=t) for t in ("A", "B", "C"))
    assert log.new() == {("step", s["id"], "create", None, None, "{…}") for s in (a, b, c)}

    patch_step(editor_api, b["id"], title="Save pictures", emotion=1)
    assert log.new() == {("step", b["id"], "update", "title", "B", "Save pictures"),
                         ("step", b["id"], "update", "emotion", None, 1)}

    patch_step(editor_api, c["id"], position=0)  # C, A, B: A and B are renumbered, not edited
    assert log.new() == {("step", c["id"], "update", "position", 2, 0)}

    patch_step(editor_api, a["id"], phase_id=find["id"])  # to another phase; B moves up behind it
    assert log.new() == {("step", a["id"], "update", "phase_id", dream["id"], find["id"]),
                         ("step", a["id"], "update", "position", 1, 0)}

    patch_phase(editor_api, j, find["id"], position=0, goal="Plants that survive")
    assert log.new() == {("phase", find["id"], "update", "position", 1, 0),
                         ("phase", find["id"], "update", "goal", "", "Plants that survive")}

    delete(editor_api, f"/api/v1/steps/{b['id']}")
    assert log.new() == {("step", b["id"], "delete", None, "{…}", None)}

    delete(editor_api, f"/api/v1/phases/{find['id']}?cascade=true")
    assert log.new() == {("phase", find["id"], "delete", None, "{…}", None),
                         ("step", a["id"], "delete", None, "{…}", None)}

    nothing = editor_api.patch(f"/api/v1/journeys/{j}", json={"title": "Create a thriving home", "version": 2})
    assert nothing.status_code == 200 and log.new() == set()


def test_a_created_step_is_recorded_with_its_phase_and_every_field(editor_api, full_plant_map):
    step = add_step(editor_api, full_plant_map.phase("Get the plants home"), title="See new leaves", emotion=2,
                    marker="heart", channels=["App"])

    [created] = _log(editor_api, full_plant_map.id, f"&entity_id={step['id']}")

    assert (created["action"], created["old"]) == ("create", None)
    assert created["new"]["phase_id"] == full_plant_map.phase("Get the plants home")
    assert (created["new"]["title"], created["new"]["emotion"], created["new"]["marker"]) == (
        "See new leaves", 2, "heart")
    assert created["new"]["channels"] == ["App"] and created["new"]["position"] == 2


def test_a_deleted_step_is_recorded_with_what_it_held(editor_api, full_plant_map):
    unpack = full_plant_map.step("Unpack the plants")
    delete(editor_api, f"/api/v1/steps/{unpack}")

    [deleted] = _log(editor_api, full_plant_map.id, f"&entity_id={unpack}&entity=step")[:1]

    assert (deleted["action"], deleted["new"]) == ("delete", None)
    assert (deleted["old"]["title"], deleted["old"]["marker"], deleted["old"]["moment_title"]) == (
        "Unpack the plants", "thundercloud", "Half-good quality!")
    assert deleted["old"]["phase_id"] == full_plant_map.phase("Get the plants home")


def test_each_change_names_who_made_it_when_and_why(editor_api, team, full_plant_map):
    pay = full_plant_map.step("Pay")
    version = ok(editor_api.get(f"/api/v1/steps/{pay}"))["version"]
    ok(editor_api.patch(f"/api/v1/steps/{pay}", json={"emotion": -1, "version": version},
                    headers={"X-Change-Note": "P07 and P09 abandoned the cart here"}))

    [change] = _log(editor_api, full_plant_map.id, "&entity=step&actor=editor@example.org")

    assert (change["actor"], change["actor_id"]) == ("Eddie Editor", team.editor.id)
    assert (change["entity"], change["entity_id"], change["field"], change["old"], change["new"]) == (
        "step", pay, "emotion", 0, -1)
    assert change["why"] == "P07 and P09 abandoned the cart here"
    assert change["at"].startswith(_utc_today().isoformat())


def test_the_log_is_paged_newest_first(editor_api, full_plant_map):
    for emotion in (1, 2, -1):
        patch_step(editor_api, full_plant_map.step("Pay"), emotion=emotion)
    everything = _log(editor_api, full_plant_map.id)

    first = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?per_page=2"))
    second = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?per_page=2&page=2"))

    total = len(everything)
    assert [(c["old"], c["new"]) for c in everything[:3]] == [(2, -1), (1, 2), (0, 1)]
    assert [c["at"] for c in everything] == sorted((c["at"] for c in everything), reverse=True)
    assert assert_list_envelope(first, page=1, per_page=2, total=total) == everything[:2]
    assert assert_list_envelope(second, page=2, per_page=2, total=total) == everything[2:4]


def test_the_log_filters_by_actor_entity_and_date(api_as, team, full_plant_map):
    editor, admin = api_as(team.editor), api_as(team.admin)
    patch_step(editor, full_plant_map.step("Pay"), title="Pay by card")
    patch_phase(admin, full_plant_map.id, full_plant_map.phase("Get the plants home"), title="Get the plants home safely")
    today = _utc_today()  # the log keeps UTC times
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)

    by_email = _log(editor, full_plant_map.id, "&actor=Editor@Example.org")
    by_id = _log(editor, full_plant_map.id, f"&actor={team.editor.id}")
    phases = _log(editor, full_plant_map.id, "&entity=phase&actor=admin@example.org")
    steps = _log(editor, full_plant_map.id, "&entity=step")

    assert [(c["entity"], c["field"], c["new"]) for c in by_email] == [("step", "title", "Pay by card")]
    assert by_id == by_email
    assert [(c["field"], c["new"]) for c in phases if c["action"] == "update"] == [
        ("title", "Get the plants home safely")]
    assert {c["action"] for c in phases} == {"create", "update"}  # the admin built the map
    assert {c["entity"] for c in steps} == {"step"}
    everything = _log(editor, full_plant_map.id)
    assert _log(editor, full_plant_map.id, f"&from={today}&to={today}") == everything
    assert _log(editor, full_plant_map.id, f"&to={yesterday}") == []
    assert _log(editor, full_plant_map.id, f"&from={tomorrow}") == []
    assert _log(editor, full_plant_map.id, "&actor=nobody@example.org") == []


@pytest.mark.parametrize("query", ["entity=snapshot", "from=yesterday", "per_page=0", "page=0"])
def test_bad_filters_are_422(editor_api, full_plant_map, query):
    assert_error(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes?{query}"), 422)


def test_viewers_read_the_log_and_other_workspaces_do_not(viewer_api, outsider_api, full_plant_map):
    assert len(_log(viewer_api, full_plant_map.id)) == 1 + 3 + 6  # the journey, its phases and steps created
    assert_error(outsider_api.get(f"/api/v1/journeys/{full_plant_map.id}/changes"), 404, "not_found")


def test_a_restore_is_recorded_with_its_reason(editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Pay"), title="Pay by card")

    ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore",
                   headers={"X-Change-Note": "The card-only test failed: back to May"}))

    [undo, edit] = _log(editor_api, full_plant_map.id, "&entity=step&actor=editor@example.org")
    assert (undo["field"], undo["old"], undo["new"]) == ("title", "Pay by card", "Pay")
    assert undo["why"] == "The card-only test failed: back to May"
    assert edit["why"] == ""


def test_a_restore_without_a_note_says_which_snapshot_it_restored(editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Pay"), emotion=2)

    ok(editor_api.post(f"/api/v1/snapshots/{may['id']}/restore"))

    undo = _log(editor_api, full_plant_map.id, "&entity=step")[0]
    assert (undo["field"], undo["new"]) == ("emotion", 0)
    assert "May" in undo["why"] and "2026-05-14" in undo["why"]


# ---- a step's life -----------------------------------------------------------------------

def test_a_steps_history_lists_its_edits_and_its_state_in_every_snapshot(editor_api, viewer_api, full_plant_map):
    before = take(editor_api, full_plant_map.id, "Before the step", as_of="2026-03-01")
    step = add_step(editor_api, full_plant_map.phase("Get the plants home"), title="See new leaves", emotion=1)
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, step["id"], emotion=2, marker="heart")
    patch_step(editor_api, step["id"], phase_id=full_plant_map.phase("Dream of a green home"))
    june = take(editor_api, full_plant_map.id, "June", as_of="2026-06-20")

    life = ok(viewer_api.get(f"/api/v1/steps/{step['id']}/history"))

    assert (life["step_id"], life["journey_id"], life["exists"]) == (step["id"], full_plant_map.id, True)
    assert [(c["action"], c["field"]) for c in life["changes"]] == [
        ("create", None), ("update", "emotion"), ("update", "marker"), ("update", "phase_id")]
    assert [(s["snapshot_id"], s["label"], s["as_of"]) for s in life["snapshots"]] == [
        (before["id"], "Before the step", "2026-03-01"), (may["id"], "May", "2026-05-14"),
        (june["id"], "June", "2026-06-20")]
    states = [s["step"] for s in life["snapshots"]]
    assert states[0] is None
    assert (states[1]["emotion"], states[1]["marker"], states[1]["phase_title"]) == (1, None, "Get the plants home")
    assert (states[2]["emotion"], states[2]["marker"], states[2]["phase_title"]) == (2, "heart",
                                                                                     "Dream of a green home")


def test_a_deleted_steps_life_can_still_be_read(editor_api, full_plant_map):
    unpack = full_plant_map.step("Unpack the plants")
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    delete(editor_api, f"/api/v1/steps/{unpack}")

    life = ok(editor_api.get(f"/api/v1/steps/{unpack}/history"))

    assert life["exists"] is False
    assert [c["action"] for c in life["changes"]] == ["create", "delete"]
    [state] = life["snapshots"]
    assert (state["snapshot_id"], state["step"]["title"], state["step"]["emotion"]) == (
        may["id"], "Unpack the plants", -2)


def test_a_steps_history_is_not_readable_from_another_workspace(editor_api, outsider_api, full_plant_map):
    unpack = full_plant_map.step("Unpack the plants")
    delete(editor_api, f"/api/v1/steps/{unpack}")

    assert_error(outsider_api.get(f"/api/v1/steps/{full_plant_map.step('Pay')}/history"), 404, "not_found")
    assert_error(outsider_api.get(f"/api/v1/steps/{unpack}/history"), 404, "not_found")
    assert_error(editor_api.get("/api/v1/steps/no-such-step/history"), 404, "not_found")


def test_a_too_long_change_note_is_refused_not_cut(editor_api, session, full_plant_map):
    pay = full_plant_map.step("Pay")
    version = ok(editor_api.get(f"/api/v1/steps/{pay}"))["version"]

    response = editor_api.patch(f"/api/v1/steps/{pay}", json={"emotion": -1, "version": version},
                            headers={"X-Change-Note": "w" * 2001})

    assert field_errors(response) == {"X-Change-Note": "At most 2000 characters (this has 2001)."}
    assert ok(editor_api.get(f"/api/v1/steps/{pay}"))["emotion"] == 0


def test_a_too_long_reason_to_restore_is_refused_not_cut(login, team, session, editor_api, full_plant_map):
    may = take(editor_api, full_plant_map.id, "May", as_of="2026-05-14")
    patch_step(editor_api, full_plant_map.step("Pay"), title="Pay by card")
    browser = login(team.editor)
    token = csrf_token_from(browser.get(f"/snapshots/{may['id']}").get_data(as_text=True))

    response = browser.post(f"/snapshots/{may['id']}/restore", data={"csrf_token": token, "why": "w" * 2001},
                            follow_redirects=True)

    assert "Why restore: at most 2000 characters (this has 2001)." in response.get_data(as_text=True)
    assert ok(editor_api.get(f"/api/v1/steps/{full_plant_map.step('Pay')}"))["title"] == "Pay by card"
