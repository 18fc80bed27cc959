"""The map health check: the method's rules of thumb, each finding pointing at what it is about."""

from __future__ import annotations

import pytest

from insightrepo.journeys.journeys import get_journey
from insightrepo.journeys.map_health import check_health
from tests.api.helpers import assert_list_envelope
from tests.journeys.helpers import healthy_layout

WARNINGS = {"hearts_count", "thunderclouds_count", "moments_of_truth_count", "funnel_jargon",
            "phase_without_steps", "touchpoint_without_owner", "researched_without_evidence"}


def _findings(session, built) -> dict[str, dict]:
    session.expire_all()
    return {f.code: f for f in check_health(get_journey(session, None, built.id))}


def _steps(n: int, **fields) -> list[dict]:
    return [{"title": f"Step {i + 1}", **fields} for i in range(n)]


def test_a_healthy_map_has_no_warnings(session, make_map):
    built = make_map(healthy_layout())

    findings = _findings(session, built)

    assert [f for f in findings.values() if f.severity == "warning"] == []
    assert not WARNINGS & set(findings)
    assert "steps_without_emotion" not in findings and "empty_map" not in findings


def test_a_healthy_map_through_the_api(api_as, team, make_map):
    built = make_map(healthy_layout())

    body = api_as(team.viewer).get(f"/api/v1/journeys/{built.id}/health").json

    items = assert_list_envelope(body, page=1, per_page=max(body["total"], 1), total=body["total"])
    assert [f["code"] for f in items if f["severity"] == "warning"] == []


@pytest.mark.parametrize("marker", ["heart", "thundercloud"])
@pytest.mark.parametrize("count, flagged", [(0, True), (2, True), (3, False), (5, False), (6, True)])
def test_three_to_five_hearts_and_thunderclouds(session, make_map, marker, count, flagged):
    layout = healthy_layout()
    for phase in layout.values():  # take the healthy map's markers of this kind away …
        for step in phase:
            if step.get("marker") == marker:
                del step["marker"]
    layout["More"] = _steps(count, marker=marker, emotion=0)  # … and put ``count`` of them in
    built = make_map(layout)

    findings = _findings(session, built)

    code = f"{marker}s_count"
    assert (code in findings) is flagged
    if flagged:
        finding = findings[code]
        assert finding.severity == "warning"
        assert finding.message.startswith(f"{count} {marker}")
        assert "3–5" in finding.message
        assert finding.ids == [built.step(f"Step {i + 1}") for i in range(count)]


@pytest.mark.parametrize("count, flagged", [(0, True), (1, True), (2, False), (4, False), (5, True)])
def test_two_to_four_moments_of_truth(session, make_map, count, flagged):
    layout = healthy_layout()
    for phase in layout.values():
        for step in phase:
            step.pop("moment_of_truth", None)
    layout["More"] = [{"title": f"Step {i + 1}", "emotion": 0, "moment_of_truth": {"title": f"Moment {i + 1}"}}
                      for i in range(count)]
    built = make_map(layout)

    findings = _findings(session, built)

    assert ("moments_of_truth_count" in findings) is flagged
    if flagged:
        finding = findings["moments_of_truth_count"]
        assert finding.message.startswith(f"{count} moment")
        assert "2–4" in finding.message
        assert finding.ids == [built.step(f"Step {i + 1}") for i in range(count)]


@pytest.mark.parametrize("title, words", [
    ("Awareness", "awareness"),
    ("Consideration & purchase", "consideration, purchase"),
    ("TOFU: discovers us", "tofu"),
    ("MoFu", "mofu"),
    ("Retention and loyalty", "loyalty, retention"),
    ("AIDA: Interest", "aida, interest"),
    ("Köp och leverans", "köp"),
    ("Kännedom", "kännedom"),
    ("Övervägande", "övervägande"),
    ("Lojalitet", "lojalitet"),
    ("Säljtratt steg 1", "säljtratt"),
])
def test_funnel_jargon_in_a_phase_name_is_flagged(session, make_map, title, words):
    layout = healthy_layout()
    layout[title] = [{"title": "Something happens", "emotion": 0}]
    built = make_map(layout)

    finding = _findings(session, built)["funnel_jargon"]

    assert finding.severity == "warning"
    assert finding.ids == [built.phase(title)]
    assert f"“{title}”" in finding.message and f"({words})" in finding.message


@pytest.mark.parametrize("title", [
    "Köpa och få hem växterna",
    "Söka information om växter",
    "Växtliga vardagen hemma och hos andra",
    "Få växterna att funka hemma",
    "Find an interesting plant for my home",
    "Get the plants home",
    "Köper en kruka",
])
def test_customer_words_are_not_funnel_jargon(session, make_map, title):
    layout = healthy_layout()
    layout[title] = [{"title": "Something happens", "emotion": 0}]
    built = make_map(layout)

    assert "funnel_jargon" not in _findings(session, built)


def test_each_jargon_phase_gets_its_own_finding(api_as, team, make_map):
    layout = healthy_layout()
    layout["Awareness"] = [{"title": "Sees an ad", "emotion": 0}]
    layout["Köp"] = [{"title": "Betalar", "emotion": 0}]
    built = make_map(layout)

    items = api_as(team.viewer).get(f"/api/v1/journeys/{built.id}/health").json["items"]

    assert [f["ids"] for f in items if f["code"] == "funnel_jargon"] == [[built.phase("Awareness")],
                                                                         [built.phase("Köp")]]


def test_touchpoints_without_an_owner_point_at_their_steps(api_as, team, make_map):
    layout = healthy_layout()
    layout["Care for the plants"] = [
        {"title": "Water by reminder", "touchpoint": "Watering reminder", "emotion": 1},
        {"title": "Ask for help", "touchpoint": "Chat", "owner": "  ", "emotion": 0},
        {"title": "Move the pot", "emotion": 0},  # no touchpoint: nothing to own
        {"title": "Repot", "touchpoint": "Repotting video", "owner": "Content", "emotion": 1},
    ]
    built = make_map(layout)

    items = api_as(team.viewer).get(f"/api/v1/journeys/{built.id}/health").json["items"]

    [finding] = [f for f in items if f["code"] == "touchpoint_without_owner"]
    assert finding["severity"] == "warning"
    assert finding["ids"] == [built.step("Water by reminder"), built.step("Ask for help")]
    assert finding["message"].startswith("2 touchpoints have no owner")


def test_phases_without_steps_are_flagged(session, make_map):
    layout = healthy_layout()
    layout["Share cuttings with friends"] = []
    built = make_map(layout)

    finding = _findings(session, built)["phase_without_steps"]

    assert finding.ids == [built.phase("Share cuttings with friends")]
    assert "Share cuttings with friends" in finding.message


def test_a_researched_journey_without_evidence_is_flagged(session, make_map):
    researched = make_map(healthy_layout(), kind="researched")
    hypothesis = make_map(healthy_layout(), title="Our assumptions", kind="hypothesis")

    finding = _findings(session, researched)["researched_without_evidence"]

    assert finding.severity == "warning"
    assert "researched" in finding.message
    assert "researched_without_evidence" not in _findings(session, hypothesis)


def test_steps_without_an_emotion_are_pointed_out_as_a_gap(session, make_map):
    layout = healthy_layout()
    layout["Care"] = [{"title": "Water"}, {"title": "Repot", "emotion": 1}, {"title": "Prune"}]
    built = make_map(layout)

    finding = _findings(session, built)["steps_without_emotion"]

    assert finding.severity == "info"
    assert finding.ids == [built.step("Water"), built.step("Prune")]
    assert finding.message.startswith("2 of 10 steps have no emotion score")


def test_an_empty_map_says_so(session, make_map):
    built = make_map()

    findings = _findings(session, built)

    assert findings["empty_map"].severity == "info"
    assert {"hearts_count", "thunderclouds_count", "moments_of_truth_count"} <= set(findings)
    assert "phase_without_steps" not in findings


def test_every_warning_code_is_known(session, make_map):
    layout = {"Awareness": [], "Purchase": [{"title": "Pay", "touchpoint": "Checkout"}]}
    built = make_map(layout, kind="researched")

    findings = _findings(session, built)

    assert WARNINGS <= {code for code, f in findings.items() if f.severity == "warning"}
