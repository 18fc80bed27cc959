"""Who sees and changes experiments: viewers read every page but see no edit controls and get 403
on every change; a member of another workspace learns nothing (404); strangers must sign in; and
no change goes through without the form's CSRF token."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from insightrepo.models import Experiment, Measurement
from tests.experiments.page_helpers import main, ok, post_forms, token

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


@pytest.fixture
def things(log, measure, move, supported, plant_map, add_quote):
    """A draft with a baseline, a running one and a concluded one, all on "Unpack the plants"."""
    unpack = plant_map.step("Unpack the plants")
    quote = add_quote("The soil was everywhere", [unpack])
    draft = log(title="Plant passport")
    baseline = measure(draft, "baseline", successes=3, trials=10)
    running = log(title="Care card")
    move(running, "running")
    return {"draft": draft, "baseline": baseline, "running": running, "concluded": supported, "step": unpack,
            "journey": plant_map.id, "quote": quote}


def _pages(t) -> list[str]:
    return ["/w/alpha/experiments", f"/w/alpha/experiments?journey={t['journey']}", f"/experiments/{t['draft']}",
            f"/experiments/{t['running']}", f"/experiments/{t['concluded']}", f"/steps/{t['step']}/evidence",
            f"/journeys/{t['journey']}"]


def _edit_pages(t) -> list[str]:
    return ["/w/alpha/experiments/new", f"/w/alpha/experiments/new?step={t['step']}",
            f"/experiments/{t['draft']}/edit", f"/experiments/{t['draft']}/delete"]


def _posts(t) -> list[tuple[str, dict]]:
    draft, running, concluded = t["draft"], t["running"], t["concluded"]
    return [
        ("/w/alpha/experiments/new", {"title": "Sneaky", "step_ids": [t["step"]], "metric_name": "m",
                                      "metric_kind": "proportion", "direction": "increase", "design": "before_after"}),
        (f"/experiments/{draft}/edit", {"title": "Sneaky", "step_ids": [t["step"]], "metric_name": "m",
                                        "metric_kind": "proportion", "direction": "increase",
                                        "design": "before_after", "version": "2"}),
        (f"/experiments/{draft}/status", {"status": "running", "version": "2"}),
        (f"/experiments/{running}/status", {"status": "abandoned", "verdict_reason": "Sneaky", "version": "2"}),
        (f"/experiments/{draft}/measurements", {"group": "follow_up", "successes": "1", "trials": "2",
                                                "measured_on": date.today().isoformat()}),
        (f"/experiments/{draft}/learning", {"observed": "Sneaky", "version": "2"}),
        (f"/experiments/{concluded}/verdict", {"verdict": "refuted", "verdict_reason": "Sneaky", "version": "4"}),
        (f"/experiments/{draft}/evidence", {"quote_ids": [t["quote"]], "version": "2"}),
        (f"/measurements/{t['baseline']}/delete", {"confirmed": "yes"}),
        (f"/experiments/{draft}/delete", {"confirmed": "yes"}),
    ]


def _state(session) -> list[tuple]:
    session.expire_all()
    experiments = [(e.title, e.status, e.verdict, e.verdict_reason, e.learning_observed, e.version,
                    tuple(e.quote_ids)) for e in session.scalars(select(Experiment).order_by(Experiment.title))]
    return experiments + [(m.id, m.group) for m in session.scalars(select(Measurement).order_by(Measurement.id))]


def test_a_viewer_reads_every_page_but_sees_no_edit_controls(viewer_web, things):
    for url in _pages(things)[:6]:
        tree = ok(viewer_web, url)
        assert post_forms(tree) == [], url
        assert not [a for a in tree.find_all("a") if a.text().startswith(("Log an", "Edit", "Delete"))], url
    page = ok(viewer_web, f"/experiments/{things['running']}")
    assert page.find_all("div", id="status-moves") == [] and page.find_all("details") == []
    assert "Care card" in ok(viewer_web, "/w/alpha/experiments").text()
    badges = ok(viewer_web, f"/journeys/{things['journey']}").find_all("a", "xbadge")
    assert len(badges) == 3  # the map's badges are for everyone


def test_a_viewer_gets_403_on_the_edit_pages(viewer_web, things):
    for url in _edit_pages(things):
        assert viewer_web.get(url).status_code == 403, url


def test_a_viewer_gets_403_on_every_change_and_nothing_changes(viewer_web, session, things):
    before = _state(session)
    csrf = token(viewer_web)
    for url, data in _posts(things):
        response = viewer_web.post(url, data={**data, "csrf_token": csrf})
        assert response.status_code == 403, url
    assert _state(session) == before


def test_an_editor_sees_the_edit_controls(editor_web, things):
    page = ok(editor_web, f"/experiments/{things['draft']}")

    assert [a.attrs["href"] for a in page.find("header").find_all("a", "button")] == [
        f"/experiments/{things['draft']}/edit", f"/experiments/{things['draft']}/delete"]
    assert sorted(set(post_forms(page))) == sorted({
        f"/experiments/{things['draft']}",  # status, measurement, learning, evidence: back to the page
        f"/measurements/{things['baseline']}/delete"})


def test_a_member_of_another_workspace_gets_404_on_every_page(outsider_web, things):
    for url in _pages(things) + _edit_pages(things):
        response = outsider_web.get(url)
        assert response.status_code == 404, url
        text = response.get_data(as_text=True)
        assert "Plant passport" not in text and "Care card" not in text, url


def test_a_member_of_another_workspace_gets_404_on_every_change_and_nothing_changes(outsider_web, session, things):
    before = _state(session)
    csrf = token(outsider_web, "/w/beta/")
    for url, data in _posts(things):
        response = outsider_web.post(url, data={**data, "csrf_token": csrf})
        assert response.status_code == 404, url
        assert "Plant passport" not in response.get_data(as_text=True), url
    assert _state(session) == before


def test_a_page_of_another_workspace_says_not_found(outsider_web, things):
    response = outsider_web.get(f"/experiments/{things['draft']}")

    assert main(response).find("h1").text() == "Not found"


def test_strangers_are_sent_to_sign_in(client, session, things):
    for url in _pages(things)[:5] + _edit_pages(things):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    before = _state(session)
    for url, data in _posts(things):
        response = client.post(url, data=data)
        assert response.status_code in (302, 400), url  # to sign in, or refused for want of a token
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], url
    assert _state(session) == before


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_no_change_goes_through_without_the_csrf_token(web_as, team, session, things, who):
    client = web_as(getattr(team, who))
    before = _state(session)
    for url, data in _posts(things):
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "CSRF" in response.get_data(as_text=True), url
        forged = client.post(url, data={**data, "csrf_token": "forged"})
        assert forged.status_code == 400, url
    assert _state(session) == before


def test_an_unknown_experiment_is_not_found(editor_web, plant_map):
    for url in ("/experiments/nope", "/experiments/nope/edit", "/experiments/nope/delete"):
        assert editor_web.get(url).status_code == 404, url
    csrf = token(editor_web)
    for url in ("/experiments/nope/status", "/experiments/nope/measurements", "/measurements/nope/delete"):
        assert editor_web.post(url, data={"csrf_token": csrf}).status_code == 404, url
