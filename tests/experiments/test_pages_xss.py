"""Whatever a colleague typed into an experiment — its title, solution, metric, criterion, measurement
notes and sources, Learning Card, verdict reason — is shown as text on every page that shows it: the
board, the experiment's page and its SVG chart, the map's badges, the step panel and compare."""

from __future__ import annotations

import pytest

from insightrepo.journeys import steps
from insightrepo.timeline import snapshots
from tests.experiments.page_helpers import days_ago
from tests.experiments.page_helpers import chart_of, html_tree, main, post, post_on_page, stored, svg_texts

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TITLE = "</title><script>alert(2)</script>"
NASTY = f"{SCRIPT} {IMG} {TITLE}"


@pytest.fixture
def nasty(session, team, plant_map, log, measure, move):
    """Two experiments full of markup — a before/after proportion (concluded, with an overriding
    verdict) and an A/B mean (running) — between two snapshots of the map."""
    unpack = plant_map.step("Unpack the plants")
    concluded = log(title=f"{TITLE} {IMG}", solution=NASTY, owner=IMG, criterion=NASTY, hypothesis="",
                    metric={"name": NASTY[:200], "kind": "proportion", "unit": "", "direction": "decrease"},
                    learning={"observed": NASTY, "learned": IMG, "next": SCRIPT})
    running = log(title=SCRIPT, solution=IMG, design="randomised", minimum_effect=0.3,
                  metric={"name": IMG, "kind": "mean", "unit": "<b>pt</b>", "direction": "increase"})
    first = snapshots.take_snapshot(session, team.admin, plant_map.id, {"label": SCRIPT, "as_of": days_ago(60)})
    session.commit()
    measure(concluded, "baseline", successes=60, trials=200, note=NASTY, source=IMG[:200], measured_on=days_ago(55))
    move(concluded, "running", on=days_ago(50))
    measure(concluded, "follow_up", successes=20, trials=200, note=SCRIPT, source=TITLE, measured_on=days_ago(22))
    move(concluded, "concluded", on=days_ago(20), verdict="inconclusive", verdict_reason=NASTY)
    measure(running, "control", n=40, mean=3.4, sd=1.1, note=IMG, source=SCRIPT, measured_on=days_ago(30))
    measure(running, "variant", n=40, mean=3.9, sd=1.0, measured_on=days_ago(30))
    move(running, "running", on=days_ago(30))
    step = steps.step_for(session, team.admin, unpack)
    steps.update_step(session, team.admin, unpack, step.version, {"emotion": 1})
    session.commit()
    return {"concluded": concluded, "running": running, "step": unpack, "journey": plant_map.id,
            "snapshot": first.snapshot.id}


def _urls(n) -> list[str]:
    return ["/w/alpha/experiments", f"/w/alpha/experiments?journey={n['journey']}",
            f"/experiments/{n['concluded']}", f"/experiments/{n['running']}",
            f"/experiments/{n['concluded']}/edit", f"/experiments/{n['running']}/edit",
            f"/experiments/{n['concluded']}/delete", f"/journeys/{n['journey']}", f"/steps/{n['step']}/evidence",
            f"/journeys/{n['journey']}/compare?from={n['snapshot']}&to=live",
            f"/w/alpha/experiments/new?step={n['step']}"]


def _inert(html: str, where: str) -> None:
    tree = html_tree(html)
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html, where
    assert [n for n in tree.iter() if n.tag == "script"
            and not (n.attrs.get("src") or "").startswith("/static/")] == [], where  # our own files only
    assert [n for n in tree.iter() if n.tag == "img" and n.attrs.get("src") == "x"] == [], where
    assert [n for n in tree.iter() if n.tag == "b" and n.text() == "pt"] == [], where
    handlers = [(n.tag, k) for n in tree.iter() for k in n.attrs if k.startswith("on")]
    assert handlers == [], where
    head = html[:html.index("</head>")]
    assert head.count("</title>") == 1, where  # the page's title is not closed early by a typed one


def test_nothing_typed_runs_on_any_page_that_shows_experiments(editor_web, nasty):
    for url in _urls(nasty):
        response = editor_web.get(url)
        assert response.status_code == 200, url
        _inert(response.get_data(as_text=True), url)


def test_the_words_are_still_shown_as_typed(editor_web, nasty):
    concluded = main(editor_web.get(f"/experiments/{nasty['concluded']}"))
    board = main(editor_web.get("/w/alpha/experiments"))

    assert concluded.find("h1").text() == f"{TITLE} {IMG}"
    assert NASTY in concluded.find("section", "test-card").text()
    assert NASTY in concluded.find("section", "learning-card").text()
    assert NASTY in concluded.find("div", id="team-verdict").text()
    measurements = concluded.find("table", "measurements-table").text()
    assert NASTY in measurements and TITLE in measurements
    assert SCRIPT in [a.text() for a in board.find_all("a")]


def test_the_chart_stays_well_formed_svg_with_the_words_as_text(editor_web, nasty):
    for experiment_id in (nasty["concluded"], nasty["running"]):
        chart = chart_of(editor_web.get(f"/experiments/{experiment_id}").get_data(as_text=True))  # parses as XML
        assert chart.find("{http://www.w3.org/2000/svg}script") is None
    chart = chart_of(editor_web.get(f"/experiments/{nasty['running']}").get_data(as_text=True))
    assert chart.find("{http://www.w3.org/2000/svg}title").text == f"Result of “{SCRIPT}”"
    assert "3.40 <b>pt</b> (n = 40)" in svg_texts(chart)


def test_the_maps_badges_keep_the_title_in_their_tooltip_as_text(editor_web, nasty):
    tree = main(editor_web.get(f"/journeys/{nasty['journey']}"))

    titles = sorted(a.attrs["title"] for a in tree.find_all("a", "xbadge"))

    assert titles == sorted([f"Experiment “{TITLE} {IMG}”: inconclusive", f"Experiment “{SCRIPT}”: running"])


def test_form_pages_that_refuse_input_echo_it_inert(editor_web, session, nasty, plant_map):
    version = str(stored(session, nasty["running"]).version)
    refused = [
        post(editor_web, "/w/alpha/experiments/new", {
            "title": NASTY[:200], "solution": NASTY, "metric_name": IMG, "metric_unit": "<b>pt</b>",
            "criterion": NASTY, "owner": IMG, "metric_kind": "proportion", "direction": "increase",
            "design": "before_after", "minimum_effect": NASTY}),
        post_on_page(editor_web, nasty["running"], "measurements", {
            "group": "variant", "n": "x", "note": NASTY, "source": IMG}),
        post_on_page(editor_web, nasty["running"], "status", {
            "status": "abandoned", "on": "2999-01-01", "verdict_reason": NASTY, "version": version}),
        post_on_page(editor_web, nasty["running"], "learning", {"observed": NASTY, "learned": IMG, "version": "0"}),
    ]
    assert [r.status_code for r in refused] == [200, 422, 422, 409]
    for response in refused:
        html = response.get_data(as_text=True)
        _inert(html, response.request.path)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "onerror=alert(1)&gt;" in html  # echoed, as text
