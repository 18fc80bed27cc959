"""GET /api/v1/workspaces/{slug}/search: the answer's shape, its filters and its documentation."""

from __future__ import annotations

import pytest

from insightrepo.timeline import snapshots

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter


def test_the_answer_has_hits_facets_and_a_suggestion(session, team, add, make_map, api_as):
    built = make_map({"Delivery": [{"title": "Wait for the parcel"}]})
    quote = add("quote", text="The parcel was late", tags=["delivery"], participant="P07",
                collected_on="2026-03-04", step_ids=[built.step("Wait for the parcel")])
    body = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=parcel&sort=relevance").get_json()
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 20 and body["suggestion"] is None
    quote_hit = next(item for item in body["items"] if item["type"] == "quote")
    assert quote_hit == {
        "type": "quote", "id": quote.id, "title": "“The parcel was late”",
        "snippet": "The <mark>parcel</mark> was late", "score": quote_hit["score"],
        "journey_id": built.id, "step_id": built.step("Wait for the parcel"), "snapshot_id": None,
        "date": "2026-03-04", "scope": "live", "tags": ["delivery"], "participant": "P07", "snapshot_label": None,
        "first_date": None, "snapshot_count": 0}
    assert quote_hit["score"] > 0
    assert body["facets"]["type"] == [{"value": "quote", "label": "Quotes", "count": 1},
                                      {"value": "step", "label": "Steps", "count": 1}]
    assert body["facets"]["tag"] == [{"value": "delivery", "label": "delivery", "count": 1}]
    assert set(body["facets"]) == {"type", "journey", "phase", "tag", "participant", "sentiment", "marker", "year"}


def test_filters_paging_and_date_order(team, add, api_as):
    for day in range(1, 26):
        add("quote", text=f"repotting diary day {day}", collected_on=f"2026-01-{day:02d}",
            tags=["diary"] if day % 2 else [])
    api = api_as(team.viewer)
    first = api.get("/api/v1/workspaces/alpha/search?q=repotting&sort=date&per_page=10").get_json()
    assert first["total"] == 25 and [i["date"] for i in first["items"]][:2] == ["2026-01-25", "2026-01-24"]
    assert all(item["score"] is None for item in first["items"])
    third = api.get("/api/v1/workspaces/alpha/search?q=repotting&sort=date&per_page=10&page=3").get_json()
    assert [i["date"] for i in third["items"]] == [f"2026-01-{d:02d}" for d in range(5, 0, -1)]
    assert api.get("/api/v1/workspaces/alpha/search?q=repotting&page=9").get_json()["items"] == []
    tagged = api.get("/api/v1/workspaces/alpha/search?q=repotting&tag=Diary&from=2026-01-10&to=2026-01-20"
                     "&type=quote").get_json()
    assert sorted(i["date"] for i in tagged["items"]) == [f"2026-01-{d}" for d in (11, 13, 15, 17, 19)]


def test_history_hits_name_their_snapshot(session, team, add, make_map, api_as):
    built = make_map({"Delivery": [{"title": "Wait for the frosty parcel"}]})
    taken = snapshots.take_snapshot(session, team.admin, built.id, {"label": "Winter map", "as_of": "2026-01-15"})
    session.commit()
    body = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=frosty&scope=history").get_json()
    assert [(i["type"], i["snapshot_id"], i["snapshot_label"], i["date"], i["scope"]) for i in body["items"]] == [
        ("step", taken.snapshot.id, "Winter map", "2026-01-15", "history")]


def test_the_route_is_in_the_openapi_document(api_as, team):
    spec = api_as(team.viewer).get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/workspaces/{slug}/search"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {"q", "type", "journey", "tag", "from", "to", "scope", "sort", "page"} <= parameters
    assert {"200", "404", "422"} <= set(operation["responses"])
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    indexing = spec["components"]["schemas"][answer]["properties"]["indexing"]
    assert "Indexing" in str(indexing) and "description" in indexing
    assert set(spec["components"]["schemas"]["Indexing"]["properties"]) == {"pending", "done"}


def test_the_answer_is_exactly_what_its_schema_documents(session, team, add, make_map, api_as):
    """The view builds its answer by hand (no marshmallow dump per request): every field the schema
    names, in its format, and nothing else."""
    from insightrepo.api.schemas.search import FacetValueSchema, SearchHitSchema, SearchResultsSchema

    built = make_map({"Delivery": [{"title": "Wait for the parcel"}]})
    add("quote", text="The parcel was late", tags=["delivery"], participant="P07", collected_on="2026-03-04",
        step_ids=[built.step("Wait for the parcel")])
    snapshots.take_snapshot(session, team.admin, built.id, {"label": "March", "as_of": "2026-03-05"})
    session.commit()
    for query in ("q=parcel", "q=parcel&scope=history", "q=&sort=date"):
        body = api_as(team.viewer).get(f"/api/v1/workspaces/alpha/search?{query}").get_json()
        assert body["items"], query
        SearchResultsSchema().load(body)  # every value in its documented type and format, nothing unknown
        assert set(body) == set(SearchResultsSchema().fields), query
        assert all(set(item) == set(SearchHitSchema().fields) for item in body["items"]), query
        assert all(set(value) == set(FacetValueSchema().fields) for values in body["facets"].values()
                   for value in values), query
