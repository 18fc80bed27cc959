"""Facet counts, filters, snippets and history — what the results page and the API show."""

from __future__ import annotations

from datetime import date

import pytest

from insightrepo.evidence import evidence
from insightrepo.journeys import steps
from insightrepo.timeline import snapshots
from tests.search.conftest import counts, ids

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter


@pytest.fixture
def library(add, make_map):
    built = make_map({"Order": [{"title": "Choose a plant", "marker": "heart"}],
                      "Delivery": [{"title": "Wait for the parcel", "marker": "thundercloud"}]})
    other = make_map({"Care": ["Water it"]}, title="Keep it alive")
    items = {
        "a": add("quote", text="Delivery took two weeks", tags=["delivery"], participant="P01", sentiment="negative",
                 collected_on="2025-11-02", step_ids=[built.step("Wait for the parcel")]),
        "b": add("quote", text="Delivery was quick and friendly", tags=["delivery", "staff"], participant="P02",
                 sentiment="positive", collected_on="2026-02-10", step_ids=[built.step("Wait for the parcel")]),
        "c": add("quote", text="The delivery box was perfect for watering", tags=["packaging"], participant="P01",
                 sentiment="positive", collected_on="2026-04-01", step_ids=[other.step("Water it")]),
        "n": add("narrative", title="Delivery in the snow", told_on="2026-01-05", tags=["delivery"]),
    }
    return built, other, items


def test_facets_count_every_hit_by_type_journey_phase_tag_participant_sentiment_marker_year(library, find):
    built, other, items = library
    found = find("delivery")
    assert found.results.total == 4
    assert counts(found, "type") == {"quote": 3, "narrative": 1}
    assert counts(found, "journey") == {built.id: 2, other.id: 1}
    assert counts(found, "phase") == {built.phase("Delivery"): 2, other.phase("Care"): 1}
    assert counts(found, "tag") == {"delivery": 3, "staff": 1, "packaging": 1}
    assert counts(found, "participant") == {"p01": 2, "p02": 1}
    assert counts(found, "sentiment") == {"positive": 2, "negative": 1}
    assert counts(found, "year") == {"2025": 1, "2026": 3}
    assert counts(find(""), "marker") == {"heart": 1, "thundercloud": 1}
    assert found.label("journey", built.id) == "Create a thriving home"
    assert found.label("participant", "p01") == "P01"
    assert found.label("phase", other.phase("Care")) == "Keep it alive › Care"


def test_a_facets_counts_leave_its_own_filter_out_so_each_count_is_what_its_link_gives(library, find):
    _, _, items = library
    found = find("delivery", tag="staff")
    assert ids(found) == {items["b"].id}
    assert counts(found, "tag")["delivery"] == 3  # what tag=delivery would give, other filters kept
    assert counts(found, "type") == {"quote": 1}  # the other facets count within the filtered hits
    for tag, n in counts(found, "tag").items():
        assert find("delivery", tag=tag).results.total == n


def test_filters_by_type_journey_step_tag_and_date_range(library, find):
    built, other, items = library
    assert ids(find("delivery", type=["narrative"])) == {items["n"].id}
    assert ids(find("delivery", type=["narrative", "quote"])) == {i.id for i in items.values()}
    assert ids(find("delivery", journey=other.id)) == {items["c"].id}
    assert ids(find("delivery", step=built.step("Wait for the parcel"))) == {items["a"].id, items["b"].id}
    assert ids(find("delivery", tag="DELIVERY")) == {items["a"].id, items["b"].id, items["n"].id}
    assert ids(find("delivery", **{"from": date(2026, 1, 1), "to": date(2026, 3, 1)})) == {items["b"].id,
                                                                                           items["n"].id}
    assert ids(find("delivery", **{"from": date(2026, 3, 1)})) == {items["c"].id}
    assert ids(find("", participant="P01", sentiment="positive")) == {items["c"].id}


def test_an_empty_query_lists_everything_that_passes_the_filters_newest_first(library, find):
    _, _, items = library
    found = find("", tag="delivery")
    assert [h.id for h in found.results.hits] == [items["b"].id, items["n"].id, items["a"].id]


def test_snippets_mark_the_matched_words_and_escape_everything_else(add, find):
    add("quote", text='<script>alert("x")</script> the deliveries & <b>returns</b> were late')
    hit = find("delivery").results.hits[0]
    assert "<mark>deliveries</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet and "<b>" not in hit.snippet
    assert hit.snippet.count("<mark>") == 1


def test_snippets_of_long_texts_show_the_part_around_the_match(add, find):
    filler = "word " * 200
    add("quote", text=f"{filler} the courier was rude {filler}")
    snippet = find("courier").results.hits[0].snippet
    assert "<mark>courier</mark>" in snippet and snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 400


def test_accent_free_and_prefix_matches_are_marked_too(add, find):
    add("quote", slug="beta", text="Leveransen av växterna var sen")
    assert "<mark>växterna</mark>" in find("vaxter", slug="beta").results.hits[0].snippet
    assert "<mark>Leveransen</mark>" in find("lever*", slug="beta").results.hits[0].snippet


def test_history_finds_what_left_the_map_labelled_with_the_snapshot_date(session, team, add, make_map, find):
    built = make_map({"Delivery": [{"title": "Wait for the parcel", "thoughts": "Is it frozen?"}]})
    step_id = built.step("Wait for the parcel")
    quote = add("quote", text="The parcel sat in the frost for hours", step_ids=[step_id])
    first = snapshots.take_snapshot(session, team.admin, built.id, {"label": "Winter", "as_of": "2026-01-15"}).snapshot
    session.commit()
    evidence.delete_item(session, team.admin, evidence.QUOTES, quote.id, force=True)
    step = steps.step_for(session, team.admin, step_id)
    steps.update_step(session, team.admin, step_id, step.version, {"thoughts": "Will it arrive today?"})
    session.commit()

    assert find("frost").results.total == 0  # gone from the live library
    history = find("frost", scope="history")
    assert [(h.type, h.id, h.snapshot_id, h.date) for h in history.results.hits] == [
        ("quote", quote.id, first.id, date(2026, 1, 15))]
    assert history.snapshots[first.id].label == "Winter"
    assert find("frozen").results.total == 0 and find("frozen", scope="history").results.total == 1

    second = snapshots.take_snapshot(session, team.admin, built.id, {"label": "Spring", "as_of": "2026-04-01"}).snapshot
    session.commit()
    versions = find("parcel", scope="history", type=["step"]).results.hits
    # the step in its two wordings; each version once, with its latest snapshot
    assert sorted((h.snapshot_id, h.snapshot_count) for h in versions) == sorted([(first.id, 1), (second.id, 1)])
    unchanged = find("", scope="history", type=["journey"]).results.hits
    assert [(h.snapshot_id, h.snapshot_count, h.first_date) for h in unchanged] == [(second.id, 2, date(2026, 1, 15))]
