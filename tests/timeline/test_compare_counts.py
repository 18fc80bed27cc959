"""A comparison keeps three things apart and counts each once: steps that changed, evidence links
that changed, and the experiments that ran in between (API and page alike)."""

from __future__ import annotations

import pytest

from tests.html_tree import page
from tests.timeline.helpers import compare, compare_in, ok, patch_step, step_entry, take


def _experiment(api, step_ids: list[str], title: str = "Evening chat", **more) -> str:
    return ok(api.post("/api/v1/workspaces/alpha/experiments", json={
        "title": title, "solution": "open the chat until 22", "step_ids": step_ids, "design": "before_after",
        "minimum_effect": 0.05, **more,
        "metric": {"name": "questions answered", "kind": "proportion", "direction": "increase"}}), 201)["id"]


def _move(api, experiment_id: str, status: str, on: str, **more) -> dict:
    return ok(api.post(f"/api/v1/experiments/{experiment_id}/status", json={"status": status, "on": on, **more}))


@pytest.fixture
def march_to_september(editor_api, full_plant_map, add_quote) -> dict:
    """March → September: one step edited, one step given a quote, one step only had an experiment
    logged on it (abandoned in July) and one a running experiment started before March."""
    chat, pay = full_plant_map.step("Ask in the chat"), full_plant_map.step("Pay")
    search, unpack = full_plant_map.step("Search for easy plants"), full_plant_map.step("Unpack the plants")
    early = _experiment(editor_api, [pay], title="Care card at checkout")
    _move(editor_api, early, "running", "2026-02-01")
    march = take(editor_api, full_plant_map.id, "March", as_of="2026-03-02")
    patch_step(editor_api, unpack, emotion=1)
    quote = add_quote("Nobody told me about the light", [search], participant="P02")
    abandoned = _experiment(editor_api, [chat])
    _move(editor_api, abandoned, "running", "2026-06-10")
    _move(editor_api, abandoned, "abandoned", "2026-07-01", verdict_reason="nobody wrote in the evening")
    september = take(editor_api, full_plant_map.id, "September", as_of="2026-09-14")
    return {"march": march["id"], "september": september["id"], "chat": chat, "search": search, "unpack": unpack,
            "pay": pay, "quote": quote, "abandoned": abandoned, "early": early}


def test_an_experiment_logged_on_a_step_does_not_make_it_a_changed_step(editor_api, full_plant_map, march_to_september):
    story = march_to_september

    diff = compare(editor_api, story["march"], story["september"])

    assert {s["id"]: s["change"] for s in diff["steps"]} == {story["unpack"]: "changed", story["search"]: "relinked"}
    assert step_entry(diff, story["search"])["evidence"] == {"quotes": {"linked": [story["quote"]], "unlinked": []}}
    steps = diff["summary"]["steps"]
    assert (steps["changed"], steps["relinked"], steps["moved"]) == (1, 1, 0)
    assert diff["summary"]["evidence"]["quotes"]["linked"] == 1
    assert diff["summary"]["experiments"]["linked"] == 1  # logged on "Ask in the chat", counted there only
    assert diff["summary"]["experiments"]["in_between"] == 2


def test_what_we_did_in_between_is_in_the_api_with_its_dates(editor_api, full_plant_map, march_to_september):
    story = march_to_september

    diff = compare_in(editor_api, full_plant_map.id, story["march"], story["september"])

    assert diff["window"] == {"from": "2026-03-02", "to": "2026-09-14"}
    by_id = {x["id"]: x for x in diff["in_between"]}
    assert set(by_id) == {story["early"], story["abandoned"]}
    assert by_id[story["abandoned"]] | {"steps": None} == {
        "id": story["abandoned"], "title": "Evening chat", "status": "abandoned", "verdict": None,
        "started_on": "2026-06-10", "ended_on": "2026-07-01", "steps": None, "changed_steps": []}
    assert by_id[story["abandoned"]]["steps"] == [story["chat"]]
    # started before March and still running in September: it ran across the whole window
    assert (by_id[story["early"]]["started_on"], by_id[story["early"]]["ended_on"]) == ("2026-02-01", None)
    assert compare(editor_api, story["march"], story["september"])["in_between"] == diff["in_between"]


def test_the_page_counts_and_lists_each_once(editor_api, full_plant_map, march_to_september, session, team, login):
    story = march_to_september

    html = page(login(team.editor).get(
        f"/journeys/{full_plant_map.id}/compare?from={story['march']}&to={story['september']}"))

    summary = html.find("section", "summary").text()
    assert "1 changed" in summary and "1 relinked (only their evidence changed)" in summary
    assert "2 experiments in between" in summary
    listed = [li.attrs["id"] for li in html.find_all("li", cls="change")]
    assert f"change-{story['chat']}" not in listed and f"change-{story['pay']}" not in listed
    in_between = html.find("section", id="in-between")
    assert "Evening chat" in in_between.text() and "2026-06-10 – 2026-07-01" in in_between.text()


@pytest.mark.parametrize(("started", "ended", "listed"), [
    ("2026-01-10", "2026-04-01", True),    # started before March, concluded in between
    ("2026-01-10", "2026-10-01", True),    # ran across the whole window
    ("2026-09-14", None, True),            # started on the later date
    ("2026-01-10", "2026-03-01", False),   # over the day before March
    ("2026-09-15", None, False),           # started after September
])
def test_in_between_is_the_running_period_overlapping_the_window(editor_api, full_plant_map, started, ended, listed):
    march = take(editor_api, full_plant_map.id, "March", as_of="2026-03-02")
    patch_step(editor_api, full_plant_map.step("Pay"), emotion=2)
    september = take(editor_api, full_plant_map.id, "September", as_of="2026-09-14")
    experiment = _experiment(editor_api, [full_plant_map.step("Pay")])
    _move(editor_api, experiment, "running", started)
    if ended:
        _move(editor_api, experiment, "concluded", ended, verdict="inconclusive")

    diff = compare(editor_api, march["id"], september["id"])

    assert [x["id"] for x in diff["in_between"]] == ([experiment] if listed else [])
    if listed:
        assert (diff["in_between"][0]["started_on"], diff["in_between"][0]["ended_on"]) == (started, ended)
        assert diff["in_between"][0]["changed_steps"] == [full_plant_map.step("Pay")]
