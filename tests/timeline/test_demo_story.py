"""The demo's year as a new user reads it (`insightrepo demo`): the March and September snapshots
of the plant journey compared, the snapshots' health, and the change log told by the story's dates."""

from __future__ import annotations

from datetime import date

import pytest

from insightrepo.demo import DEMO_EMAIL, DEMO_SLUG, load_demo
from insightrepo.journeys import journeys
from insightrepo.accounts.users import find_user_by_email
from insightrepo.journeys.map_health import check_health
from insightrepo.timeline import change_history, comparison, snapshots
from insightrepo.timeline.frozen_map import frozen_journey

MARCH, SEPTEMBER = "Efter 12 intervjuer", "Efter leveransförbättringarna"


@pytest.fixture
def demo(session):
    load_demo(session)
    session.commit()
    return find_user_by_email(session, DEMO_EMAIL)


def _timeline(session, user):
    [plant] = [j for j in journeys.list_journeys(session, user, DEMO_SLUG).items if j.title == "Skapa ett frodande hem"]
    return plant, {s.label: s for s in snapshots.list_snapshots(session, user, plant.id)}


def test_march_to_september_counts_steps_evidence_and_experiments_apart(session, demo):
    plant, timeline = _timeline(session, demo)

    diff = comparison.compare_refs(session, demo, timeline[MARCH].id, timeline[SEPTEMBER].id, plant.id)

    titles = {s["title"]: s["change"] for s in diff["steps"]}
    assert diff["summary"]["steps"]["changed"] == sum(1 for c in titles.values() if c == "changed") == 3
    assert "Frågar i chatten" not in titles  # only the evening chat experiment was logged on it
    listed = {x["title"]: x for x in diff["in_between"]}
    assert set(listed) == {"Välj din egen växt via video", "Skötselråd på nybörjarsvenska",
                           "Sms om vinterförpackning", "Kvällsöppen chatt"}
    assert (listed["Kvällsöppen chatt"]["status"], listed["Kvällsöppen chatt"]["started_on"],
            listed["Kvällsöppen chatt"]["ended_on"]) == ("abandoned", "2026-06-10", "2026-07-01")
    assert diff["summary"]["experiments"]["in_between"] == 4


def test_the_march_snapshot_is_healthy_about_its_evidence(session, demo):
    _, timeline = _timeline(session, demo)

    codes = {f.code for f in check_health(frozen_journey(snapshots.frozen_map(session, timeline[MARCH])))}

    assert not codes & {"researched_without_evidence", "marker_without_quote"}


def test_the_demo_change_log_tells_the_year_by_its_dates(session, demo):
    plant, timeline = _timeline(session, demo)

    log = change_history.list_changes(session, demo, plant.id, {}, 1, 100_000).items
    days = sorted({change.at.date() for change in log})

    assert days[0] == date(2026, 1, 20)  # the hypothesis map, drawn on the day of the workshop
    assert {date(2026, 3, 2), date(2026, 9, 14)} <= set(days)  # the interviews' edits, the summer's
    assert days[-1] < date(2026, 11, 1)  # nothing stamped with the day the demo was loaded
    [deleted] = [c for c in log if c.entity == "quote" and c.action == "delete"]
    assert deleted.at.date() == date(2026, 6, 12) and deleted.why.startswith("Kundtjänstens sammanfattning")
    started = [c for c in log if c.entity == "experiment" and c.field == "status" and c.new == "running"]
    assert sorted(c.at.date() for c in started) == [date(2026, 5, 4), date(2026, 5, 15), date(2026, 6, 1),
                                                    date(2026, 6, 10), date(2026, 10, 5)]
