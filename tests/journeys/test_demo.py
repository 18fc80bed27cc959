"""The demo content: a Swedish plant shop's journey from the method guide and an English
B2B journey, both maps a CX consultant would show."""

from __future__ import annotations

import pytest

from insightrepo.demo import DEMO_EMAIL, DEMO_SLUG, load_demo
from insightrepo.journeys import journeys
from insightrepo.accounts.users import find_user_by_email
from insightrepo.journeys.map_evidence import map_evidence
from insightrepo.journeys.map_health import check_health


@pytest.fixture
def demo(session):
    login = load_demo(session)
    session.commit()
    return login


# What the demo holds (its phases, markers, lanes, the health rules it follows, what the API shows
# of it) is authored content read back through the same ORM queries on either database: those
# tests are ``sqlite_only`` (the rule in tests/conftest.py). PostgreSQL keeps the Swedish text
# read back and loading the demo twice (its lookups of what exists); timeline/test_demo_story.py
# and backup/test_round_trip.py load the demo on PostgreSQL too.


def _maps(session, slug: str) -> list:
    return [journeys.get_journey(session, None, j.id) for j in journeys.list_journeys(session, None, slug).items]


def _plant_map(session):
    [plant] = [j for j in _maps(session, DEMO_SLUG) if j.title == "Skapa ett frodande hem"]
    return plant


def test_the_swedish_workspace_holds_the_plant_journey(session, demo):
    assert demo.workspace == DEMO_SLUG and demo.email == DEMO_EMAIL

    plant = _plant_map(session)

    assert plant.workspace.language == "sv"
    assert len(plant.phases) == 4
    assert [p.title for p in plant.phases] == [
        "Växtliga vardagen hemma och hos andra", "Söka information om växter", "Köpa och få hem växterna",
        "Få växterna att funka hemma"]
    assert 12 <= len(plant.steps) <= 20
    assert all(phase.steps for phase in plant.phases)


@pytest.mark.sqlite_only
def test_the_plant_journey_has_the_guides_moments_of_truth(session, demo):
    plant = _plant_map(session)

    moments = {s.moment_title for s in plant.steps if s.moment_title}

    assert moments == {"Halvbra kvalité!", "Växtlig information!", "Identifiera växter!"}
    assert all(s.moment_description for s in plant.steps if s.moment_title)


@pytest.mark.sqlite_only
def test_the_plant_journey_has_three_to_five_hearts_and_thunderclouds(session, demo):
    plant = _plant_map(session)

    hearts = [s for s in plant.steps if s.marker == "heart"]
    thunderclouds = [s for s in plant.steps if s.marker == "thundercloud"]

    assert 3 <= len(hearts) <= 5 and 3 <= len(thunderclouds) <= 5
    assert all(s.emotion is not None and s.emotion > 0 for s in hearts)
    assert all(s.emotion is not None and s.emotion < 0 for s in thunderclouds)


@pytest.mark.sqlite_only
def test_the_plant_journey_fills_the_lanes_of_the_method(session, demo):
    plant = _plant_map(session)

    assert sum(1 for s in plant.steps if s.channels) >= len(plant.steps) // 2
    assert any(not s.present for s in plant.steps)  # what customers do without the shop
    assert any(not s.direct for s in plant.steps)
    assert any(s.backstage_people and s.backstage_policies and s.backstage_systems for s in plant.steps)
    touchpoints = [s for s in plant.steps if s.touchpoint]
    assert sum(1 for s in touchpoints if s.owner) >= len(touchpoints) - 1


@pytest.mark.sqlite_only
def test_the_demo_maps_follow_the_methods_rules_of_thumb(session, demo):
    # an ownerless touchpoint may be left in on purpose, to show the health panel at work
    rules = {"hearts_count", "thunderclouds_count", "moments_of_truth_count", "funnel_jargon", "phase_without_steps",
             "empty_map", "researched_without_evidence"}
    for slug in (DEMO_SLUG, "northwind-billing"):
        for journey in _maps(session, slug):
            broken = [f for f in check_health(journey, map_evidence(session, journey)) if f.code in rules]
            assert broken == [], (journey.title, broken)


@pytest.mark.sqlite_only
def test_the_english_workspace_has_a_journey_too(session, demo):
    [english] = _maps(session, "northwind-billing")

    assert english.workspace.language == "en"
    assert english.title and len(english.phases) >= 3 and len(english.steps) >= 8
    assert 2 <= sum(1 for s in english.steps if s.moment_title) <= 4


@pytest.mark.sqlite_only
def test_the_demo_user_reads_the_demo_through_the_api(session, demo, api_as):
    user = find_user_by_email(session, DEMO_EMAIL)
    api = api_as(user)

    listed = api.get(f"/api/v1/workspaces/{DEMO_SLUG}/journeys").json["items"]
    [plant] = [j for j in listed if j["title"] == "Skapa ett frodande hem"]
    whole = api.get(f"/api/v1/journeys/{plant['id']}").json

    assert [len(p["steps"]) for p in whole["phases"]] == [len(p.steps) for p in _plant_map(session).phases]
    assert api.get(f"/journeys/{plant['id']}/curve.svg").status_code == 200


def test_loading_the_demo_again_changes_nothing(session, demo):
    before = {slug: [(j.id, j.version, len(j.steps)) for j in _maps(session, slug)]
              for slug in (DEMO_SLUG, "northwind-billing")}

    assert load_demo(session) == demo
    session.commit()

    session.expire_all()
    assert {slug: [(j.id, j.version, len(j.steps)) for j in _maps(session, slug)]
            for slug in (DEMO_SLUG, "northwind-billing")} == before
