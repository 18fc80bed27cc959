"""Compare two snapshots of a map and see "what we did in between": the experiments whose running
period overlaps the two dates (abandoned ones that ran included), first those on the steps that
changed (with how their emotion moved), then the rest; drafts and those outside the dates are not
listed."""

from __future__ import annotations

from datetime import date

import pytest

from insightrepo.journeys import steps
from insightrepo.timeline import snapshots
from tests.experiments.page_helpers import days_ago
from tests.experiments.page_helpers import ok

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


@pytest.fixture
def history(session, team, plant_map, log, measure, move):
    """A map snapshotted 60 and 5 days ago; in between, unpacking went from −2 to +1 while a video
    experiment ran on it, and a care card experiment ran on the (unchanged) payment step."""
    unpack, pay = plant_map.step("Unpack the plants"), plant_map.step("Pay")
    ids = {
        "video": log(title="Choose your own plant by video"),
        "care": log(title="Care card at checkout", step_ids=[pay]),
        "draft": log(title="Plant passport"),
        "abandoned": log(title="Robot delivery"),
        "old": log(title="Old news"),
        "late": log(title="Late starter"),
    }
    first = snapshots.take_snapshot(session, team.admin, plant_map.id, {"label": "Spring map", "as_of": days_ago(60)})
    session.commit()
    measure(ids["video"], "baseline", successes=60, trials=200, measured_on=days_ago(55))
    move(ids["video"], "running", on=days_ago(50))
    measure(ids["video"], "follow_up", successes=20, trials=200, measured_on=days_ago(22))
    move(ids["video"], "concluded", on=days_ago(20))
    move(ids["care"], "running", on=days_ago(40))
    move(ids["abandoned"], "running", on=days_ago(45))
    move(ids["abandoned"], "abandoned", on=days_ago(30))
    move(ids["old"], "running", on=days_ago(200))
    move(ids["old"], "concluded", on=days_ago(100), verdict="inconclusive")
    move(ids["late"], "running", on=days_ago(2))
    step = steps.step_for(session, team.admin, unpack)
    steps.update_step(session, team.admin, unpack, step.version, {"emotion": 1})
    session.commit()
    second = snapshots.take_snapshot(session, team.admin, plant_map.id, {"label": "Autumn map", "as_of": days_ago(5)})
    session.commit()
    return {"first": first.snapshot.id, "second": second.snapshot.id, "journey": plant_map.id, **ids}


def _in_between(client, journey_id: str, source: str, target: str):
    return ok(client, f"/journeys/{journey_id}/compare?from={source}&to={target}").find("section", id="in-between")


def _listed(section) -> list[str]:
    return [li.find("a").find("strong").text() for li in section.find_all("li", "in-between__item")]


def test_what_we_did_in_between_lists_experiments_on_the_changed_steps_with_their_emotion_change(editor_web, history):
    section = _in_between(editor_web, history["journey"], history["first"], history["second"])

    assert section.find("h2").text() == "What we did in between"
    assert f"from {days_ago(60).isoformat()} to {days_ago(5).isoformat()}" in section.find("p", "muted").text()
    item, abandoned = section.find("ul").find_all("li", "in-between__item")  # by start date
    assert "Robot delivery" in abandoned.text() and abandoned.find("span", "xbadge").text() == "abandoned"
    assert item.attrs["id"] == f"in-between-{history['video']}"
    assert item.find("a").attrs["href"] == f"/experiments/{history['video']}"
    assert item.find("span", "xbadge").text() == "supported"
    assert f"{days_ago(50).isoformat()} – {days_ago(20).isoformat()}" in item.text()
    assert "share of deliveries with a complaint: −20.0 pp [" in item.text() and "observational" in item.text()
    [changed] = item.find("ul", "in-between__steps").find_all("li")
    assert changed.find("a").text() == "Unpack the plants"
    assert changed.find("span", "delta").text() == "emotion −2 → +1 (+3)"


def test_experiments_on_unchanged_steps_are_listed_apart(editor_web, history):
    section = _in_between(editor_web, history["journey"], history["first"], history["second"])

    [more] = section.find_all("details")
    assert more.find("summary").text() == "1 more on steps that did not change"
    assert _listed(more) == ["Care card at checkout"]
    assert "still running" in more.text()


def test_drafts_and_those_outside_the_dates_are_not_listed_but_abandoned_ones_that_ran_are(editor_web, history):
    section = _in_between(editor_web, history["journey"], history["first"], history["second"])

    assert sorted(_listed(section)) == ["Care card at checkout", "Choose your own plant by video", "Robot delivery"]
    for left_out in ("Plant passport", "Old news", "Late starter"):
        assert left_out not in section.text()


def test_comparing_with_the_live_map_runs_to_today(editor_web, history):
    section = _in_between(editor_web, history["journey"], history["first"], "live")

    assert f"to {date.today().isoformat()}" in section.find("p", "muted").text()
    assert "Late starter" in _listed(section)
    assert "Old news" not in section.text()


def test_the_window_is_the_same_whichever_snapshot_comes_first(editor_web, history):
    forwards = _in_between(editor_web, history["journey"], history["first"], history["second"])
    backwards = _in_between(editor_web, history["journey"], history["second"], history["first"])

    assert sorted(_listed(backwards)) == sorted(_listed(forwards))
    assert backwards.find("p", "muted").text() == forwards.find("p", "muted").text()


def test_with_nothing_in_between_it_says_so_and_offers_to_log_one(editor_web, viewer_web, session, team, plant_map):
    first = snapshots.take_snapshot(session, team.admin, plant_map.id, {"label": "A", "as_of": days_ago(30)})
    session.commit()

    section = _in_between(editor_web, plant_map.id, first.snapshot.id, "live")
    viewers = _in_between(viewer_web, plant_map.id, first.snapshot.id, "live")

    assert "No experiment ran on this journey between these dates." in section.text()
    assert [a.attrs["href"] for a in section.find_all("a")] == ["/w/alpha/experiments/new"]
    assert viewers.find_all("a") == []


def test_an_experiment_logged_on_an_otherwise_unchanged_step_is_not_counted_as_changing_it(
        editor_web, session, team, plant_map, log, move):
    first = snapshots.take_snapshot(session, team.admin, plant_map.id, {"label": "A", "as_of": days_ago(30)})
    session.commit()
    experiment_id = log(title="Care card at checkout", step_ids=[plant_map.step("Pay")])  # links it to "Pay"
    move(experiment_id, "running", on=days_ago(10))

    section = _in_between(editor_web, plant_map.id, first.snapshot.id, "live")

    assert section.find_all("h3") == []  # nothing "on the steps that changed"
    assert _listed(section.find("details")) == ["Care card at checkout"]
    assert "emotion 0 → 0" not in section.text()


def test_the_changes_list_experiments_as_the_snapshots_recorded_them_and_ones_logged_on_a_step(
        editor_web, history, log, plant_map):
    changes = ok(editor_web, f"/journeys/{history['journey']}/compare?from={history['first']}&to={history['second']}")
    recorded = changes.find("ul", "snapshot-experiments")
    video = next(li for li in recorded.find_all("li") if "Choose your own plant by video" in li.text())
    assert "status draft → concluded" in video.text() and "verdict — → supported" in video.text()

    log(title="Evening chat", step_ids=[plant_map.step("Ask in the chat")])
    live = ok(editor_web, f"/journeys/{history['journey']}/compare?from={history['second']}&to=live")
    assert live.find_all("li", id=f"change-{plant_map.step('Ask in the chat')}") == []  # not a changed step
    entry = live.find("li", id=f"experiment-link-{plant_map.step('Ask in the chat')}")
    assert "Ask in the chat" in entry.text() and "1 logged on it" in entry.text()
