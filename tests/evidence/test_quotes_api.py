"""Quotes through the API: create, read, edit, delete, and every list filter with the envelope."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, assert_list_envelope
from tests.evidence.helpers import create, fetch, listed

QUOTE_FIELDS = {"id", "text", "participant", "participant_id", "collected_on", "source", "language", "sentiment",
                "tags", "step_ids", "personal_data", "created_at", "updated_at", "version"}


def _texts(items: list[dict]) -> set[str]:
    return {q["text"] for q in items}


def test_an_editor_adds_a_quote_and_reads_it_back(editor_api, plant_map):
    quote = create(editor_api, "quotes", text="  I never know how much water they need.  ", participant="P07",
                   collected_on="2026-03-04", source="interview 2026-03-04", language="sv",
                   sentiment="negative", tags=["Skötsel", "Vatten"], step_ids=[plant_map.step("Ask in the chat")])

    assert set(quote) == QUOTE_FIELDS
    assert quote["text"] == "I never know how much water they need."
    assert (quote["participant"], quote["collected_on"], quote["source"]) == ("P07", "2026-03-04",
                                                                              "interview 2026-03-04")
    assert (quote["language"], quote["sentiment"], quote["version"]) == ("sv", "negative", 1)
    assert quote["tags"] == ["Skötsel", "Vatten"]
    assert quote["step_ids"] == [plant_map.step("Ask in the chat")]
    assert quote["personal_data"] == []
    assert fetch(editor_api, "quotes", quote["id"]) == quote


def test_a_quote_without_a_language_gets_the_workspace_language(api_as, team):
    beta_quote = create(api_as(team.outsider), "quotes", slug="beta", text="Leveransen var sen.")
    alpha_quote = create(api_as(team.editor), "quotes", text="Delivery was late.")

    assert (beta_quote["language"], alpha_quote["language"]) == ("sv", "en")


def test_a_language_code_is_stored_in_lower_case(editor_api):
    assert create(editor_api, "quotes", text="Hej.", language="SV")["language"] == "sv"


def test_only_the_text_is_required(editor_api):
    quote = create(editor_api, "quotes", text="It just worked.")

    assert (quote["participant"], quote["collected_on"], quote["sentiment"]) == (None, None, None)
    assert (quote["tags"], quote["step_ids"], quote["source"]) == ([], [], "")


def test_an_edit_changes_only_the_fields_sent(editor_api):
    quote = create(editor_api, "quotes", text="Too many choices.", source="survey", sentiment="negative", tags=["Urval"])

    response = editor_api.patch(f"/api/v1/quotes/{quote['id']}", json={"sentiment": "mixed", "version": 1})

    assert response.status_code == 200, response.json
    assert (response.json["sentiment"], response.json["version"]) == ("mixed", 2)
    assert (response.json["text"], response.json["source"], response.json["tags"]) == (
        "Too many choices.", "survey", ["Urval"])
    assert fetch(editor_api, "quotes", quote["id"])["sentiment"] == "mixed"


def test_sentiment_and_participant_can_be_cleared(editor_api):
    quote = create(editor_api, "quotes", text="Fine.", participant="P01", sentiment="neutral")

    cleared = editor_api.patch(f"/api/v1/quotes/{quote['id']}", json={"participant": None, "sentiment": None,
                                                                   "version": 1})

    assert cleared.status_code == 200, cleared.json
    assert (cleared.json["participant"], cleared.json["participant_id"]) == (None, None)
    assert cleared.json["sentiment"] is None


def test_an_unlinked_quote_is_deleted_without_force(editor_api):
    quote = create(editor_api, "quotes", text="Meh.")

    response = editor_api.delete(f"/api/v1/quotes/{quote['id']}")

    assert response.status_code == 204
    assert_error(editor_api.get(f"/api/v1/quotes/{quote['id']}"), 404, "not_found")
    assert listed(editor_api, "quotes") == []


def test_an_unknown_quote_is_404(editor_api):
    assert_error(editor_api.get("/api/v1/quotes/no-such-id"), 404, "not_found")
    assert_error(editor_api.patch("/api/v1/quotes/no-such-id", json={"text": "x", "version": 1}), 404, "not_found")
    assert_error(editor_api.delete("/api/v1/quotes/no-such-id"), 404, "not_found")


def test_anonymous_callers_get_401(api_as, editor_api):
    quote = create(editor_api, "quotes", text="Hello.")
    anonymous = api_as(None)

    assert_error(anonymous.get("/api/v1/workspaces/alpha/quotes"), 401)
    assert_error(anonymous.get(f"/api/v1/quotes/{quote['id']}"), 401)
    assert_error(anonymous.post("/api/v1/workspaces/alpha/quotes", json={"text": "x"}), 401)


# ---- the list and its filters ---------------------------------------------------------------

@pytest.fixture
def library(editor_api, plant_map):
    """Five quotes across participants, tags, sentiments, dates and steps."""
    create(editor_api, "quotes", text="Search found nothing easy.", participant="P01", collected_on="2026-01-10",
           sentiment="negative", tags=["Leverans", "Sök"], step_ids=[plant_map.step("Search for easy plants")])
    create(editor_api, "quotes", text="The chat was lovely.", participant="P02", collected_on="2026-02-15",
           sentiment="positive", tags=["Chatt"], step_ids=[plant_map.step("Ask in the chat")])
    create(editor_api, "quotes", text="Paying was quick.", participant="p01", collected_on="2026-03-04",
           sentiment="positive", tags=["leverans"], step_ids=[plant_map.step("Pay")])
    create(editor_api, "quotes", text="The box was soaked.", participant="P03", collected_on="2026-03-20",
           sentiment="mixed", step_ids=[plant_map.step("Unpack the plants")])
    create(editor_api, "quotes", text="No date, no step.", participant="P03")
    return plant_map


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"Search found nothing easy.", "The chat was lovely.", "Paying was quick.", "The box was soaked.",
          "No date, no step."}),
    ("tag=leverans", {"Search found nothing easy.", "Paying was quick."}),
    ("tag=LEVERANS", {"Search found nothing easy.", "Paying was quick."}),
    ("tag=Chatt", {"The chat was lovely."}),
    ("tag=nothing-tagged-so", set()),
    ("participant=P01", {"Search found nothing easy.", "Paying was quick."}),
    ("participant=P03", {"The box was soaked.", "No date, no step."}),
    ("participant=p01", {"Search found nothing easy.", "Paying was quick."}),  # codes ignore case
    ("participant=P99", set()),
    ("sentiment=positive", {"The chat was lovely.", "Paying was quick."}),
    ("sentiment=mixed", {"The box was soaked."}),
    ("from=2026-02-15", {"The chat was lovely.", "Paying was quick.", "The box was soaked."}),
    ("to=2026-02-15", {"Search found nothing easy.", "The chat was lovely."}),
    ("from=2026-02-01&to=2026-03-10", {"The chat was lovely.", "Paying was quick."}),
    ("tag=leverans&sentiment=positive", {"Paying was quick."}),
    ("participant=P01&from=2026-02-01", {"Paying was quick."}),
])
def test_the_quote_list_filters(editor_api, library, query, expected):
    assert _texts(listed(editor_api, "quotes", query)) == expected


def test_the_step_filter(editor_api, library):
    assert _texts(listed(editor_api, "quotes", f"step={library.step('Pay')}")) == {"Paying was quick."}
    assert listed(editor_api, "quotes", "step=no-such-step") == []


def test_the_journey_filter_finds_quotes_linked_to_any_step_of_the_journey(editor_api, library, make_map):
    other = make_map({"Return": ["Send back"]}, title="Return a plant")
    create(editor_api, "quotes", text="Returning was a pain.", step_ids=[other.step("Send back")])

    assert _texts(listed(editor_api, "quotes", f"journey={library.id}")) == {
        "Search found nothing easy.", "The chat was lovely.", "Paying was quick.", "The box was soaked."}
    assert _texts(listed(editor_api, "quotes", f"journey={other.id}")) == {"Returning was a pain."}


def test_a_participant_code_is_matched_whatever_its_case_when_quoting(editor_api, library):
    participants = listed(editor_api, "participants")

    assert sorted(p["code"] for p in participants) == ["P01", "P02", "P03"]


def test_the_newest_quotes_come_first_and_undated_ones_last(editor_api, library):
    assert [q["text"] for q in listed(editor_api, "quotes")] == [
        "The box was soaked.", "Paying was quick.", "The chat was lovely.", "Search found nothing easy.",
        "No date, no step."]


def test_the_list_pages_through_the_quotes(editor_api, library):
    first = editor_api.get("/api/v1/workspaces/alpha/quotes?per_page=2")
    third = editor_api.get("/api/v1/workspaces/alpha/quotes?per_page=2&page=3")
    beyond = editor_api.get("/api/v1/workspaces/alpha/quotes?per_page=2&page=4")

    assert [q["text"] for q in assert_list_envelope(first.json, page=1, per_page=2, total=5)] == [
        "The box was soaked.", "Paying was quick."]
    assert [q["text"] for q in assert_list_envelope(third.json, page=3, per_page=2, total=5)] == ["No date, no step."]
    assert assert_list_envelope(beyond.json, page=4, per_page=2, total=5) == []


def test_a_filtered_list_counts_only_what_matches(editor_api, library):
    response = editor_api.get("/api/v1/workspaces/alpha/quotes?tag=leverans&per_page=1")

    assert len(assert_list_envelope(response.json, page=1, per_page=1, total=2)) == 1


def test_the_default_page_size_comes_from_the_settings(editor_api, library):
    response = editor_api.get("/api/v1/workspaces/alpha/quotes")

    assert_list_envelope(response.json, page=1, per_page=50, total=5)


@pytest.mark.parametrize("query", ["sentiment=angry", "from=yesterday", "to=2026-13-01", "page=0",
                                   "per_page=0", "per_page=100000"])
def test_bad_list_parameters_are_422(editor_api, query):
    assert_error(editor_api.get(f"/api/v1/workspaces/alpha/quotes?{query}"), 422)


def test_the_list_of_a_workspace_that_does_not_exist_is_404(editor_api):
    assert_error(editor_api.get("/api/v1/workspaces/no-such-team/quotes"), 404, "not_found")
