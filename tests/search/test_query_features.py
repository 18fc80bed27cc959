"""What a user can type and get: words, phrases, prefixes, field filters, AND/OR/NOT, stemming in
the workspace's language, accent-free matching, ranking and "did you mean" — against every adapter."""

from __future__ import annotations

import pytest

from insightrepo.workspaces import workspaces
from tests.search.conftest import ids, titles

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # the index first, then the data  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter


@pytest.fixture
def plants(add, make_map):
    """Alpha (English): a small plant-shop library."""
    built = make_map({"Delivery": [{"title": "Wait for the parcel", "thoughts": "Will the plants survive the cold?"}],
                      "Care": [{"title": "Water the new plant", "marker": "heart"}]})
    return {
        "late": add("quote", text="The deliveries were late and the box was crushed", tags=["delivery", "price"],
                    participant="P07", sentiment="negative", collected_on="2025-03-04",
                    step_ids=[built.step("Wait for the parcel")]),
        "price": add("quote", text="The price was fair for such a big plant", tags=["price"], participant="P02",
                     sentiment="positive", collected_on="2026-05-01"),
        "watering": add("quote", text="I never know how much water the plant wants", participant="P07",
                        collected_on="2026-06-10", step_ids=[built.step("Water the new plant")]),
        "story": add("narrative", title="A winter delivery", body="The courier left the **box** in the snow.",
                     told_on="2026-01-20"),
        "map": built,
    }


def test_words_must_all_match_across_text_title_and_tags(plants, find):
    assert ids(find("crushed box")) == {plants["late"].id}
    assert ids(find("crushed water")) == set()  # all words, not any
    assert plants["story"].id in ids(find("courier snow"))


def test_an_exact_phrase_matches_only_those_words_in_that_order(plants, find):
    assert ids(find('"the box was crushed"')) == {plants["late"].id}
    assert ids(find('"crushed was box"')) == set()


def test_a_prefix_finds_every_word_that_starts_with_it(plants, find):
    assert {plants["late"].id, plants["story"].id} <= ids(find("deliv*"))
    assert ids(find("crush*")) == {plants["late"].id}


def test_field_filters_in_the_query(plants, find):
    assert ids(find("tag:price")) == {plants["late"].id, plants["price"].id}
    assert ids(find("tag:Price plant")) == {plants["price"].id}
    assert ids(find("participant:p07")) == {plants["late"].id, plants["watering"].id}
    assert {h.type for h in find("type:narrative").results.hits} == {"narrative"}
    assert {h.type for h in find("type:quotes plant").results.hits} == {"quote"}  # plural allowed
    assert ids(find("sentiment:positive")) == {plants["price"].id}
    assert [h.title for h in find("marker:heart").results.hits] == ["Water the new plant"]


def test_and_or_not(plants, find):
    assert ids(find("crushed OR fair")) == {plants["late"].id, plants["price"].id}
    assert ids(find("plant AND fair")) == {plants["price"].id}
    assert plants["watering"].id not in ids(find("plant NOT water"))
    assert plants["price"].id in ids(find("plant NOT water"))
    assert ids(find("(crushed OR fair) NOT box")) == {plants["price"].id}
    assert ids(find("(crushed OR fair) NOT price")) == set()  # both carry the word, one as a tag


def test_every_adapter_reads_the_syntax_the_same_way(plants, find):
    """One parser (query_syntax) for every adapter: an unclosed quote runs to the end as a phrase,
    and words the syntax does not name (ANDNOT) are words."""
    assert ids(find('"the box was crushed')) == {plants["late"].id}
    assert ids(find('"crushed was box')) == set()
    assert ids(find("crushed ANDNOT fair")) == set()  # three words, "andnot" in none


def test_english_stemming(plants, find):
    assert plants["late"].id in ids(find("delivery"))  # the text says "deliveries"
    assert plants["story"].id in ids(find("deliveries"))  # the title says "delivery"
    assert plants["watering"].id in ids(find("watering"))


def test_swedish_stemming_finds_other_forms_of_the_word(add, find):
    växten = add("quote", slug="beta", text="Växten dog efter en vecka")
    växterna = add("quote", slug="beta", text="Alla växterna kom fram hela")
    assert {växten.id, växterna.id} <= ids(find("växter", slug="beta"))
    assert ids(find("leveransen", slug="beta")) == set()


def test_a_word_finds_the_forms_its_stemmer_shortens_less(add, find):
    """Swedish Snowball takes more off "leverans" (leveran) than off "leveransen" and "leveranser"
    (leverans): the word is also searched as typed, so it finds its own forms, and marks them."""
    forms = [add("quote", slug="beta", text=text) for text in
             ("Leveransen kom en dag för sent", "Två leveranser på en vecka", "Ingen leverans alls")]
    add("quote", slug="beta", text="Levern mår bra")  # nothing to do with it
    found = find("leverans", slug="beta")
    assert ids(found) == {quote.id for quote in forms}
    assert {hit.snippet.split("<mark>")[1].split("</mark>")[0] for hit in found.results.hits} == {
        "Leveransen", "leveranser", "leverans"}
    assert {forms[0].id, forms[1].id} <= ids(find("leveranser", slug="beta"))
    assert ids(find("leverans sent", slug="beta")) == {forms[0].id}


def test_accents_are_a_fallback_ranked_below_exact_spelling(add, find):
    accented = add("quote", slug="beta", text="Mina växter trivs i fönstret")
    plain = add("quote", slug="beta", text="Vaxter är ett konstigt ord")
    found = find("vaxter", slug="beta")
    assert {accented.id, plain.id} <= ids(found)
    assert found.results.hits[0].id == plain.id  # the exact spelling first
    assert accented.id in ids(find("fonstret", slug="beta"))


@pytest.mark.parametrize("language, text, query", [
    ("da", "Planterne blev leveret for sent", "planter"),
    ("no", "Plantene kom for sent fram", "planter"),
    ("fi", "Kasvit saapuivat myöhässä", "kasvien"),
    ("de", "Die Pflanzen kamen zu spät", "Pflanze"),
    ("sv", "Leveranserna var försenade", "leveransen"),
    ("en", "The deliveries were late", "delivery"),
])
def test_every_workspace_language_stems_its_own_words(language, text, query, session, team, add, find):
    workspaces.update_workspace(session, team.admin, "alpha", team.a.version, language=language)
    session.commit()
    quote = add("quote", text=text)
    assert quote.id in ids(find(query)), f"{query!r} should find {text!r} in {language}"


def test_changing_the_workspace_language_re_indexes_with_the_new_stemmer(session, team, add, find):
    quote = add("quote", text="Växterna kom fram")
    assert ids(find("växter")) == set()  # English stemming leaves "växterna" alone
    workspaces.update_workspace(session, team.admin, "alpha", team.a.version, language="sv")
    session.commit()
    assert ids(find("växter")) == {quote.id}


def test_title_and_tags_rank_above_the_body(add, find, make_map):
    make_map({"Phase": [{"title": "Refunds", "action": "asks about a refund"}]})
    add("quote", text="They talked about many things: delivery, plants, pots, soil and refunds once")
    tagged = add("quote", text="I wanted my money back", tags=["refunds"])
    found = find("refunds")
    assert titles(found)[0] == "Refunds"
    assert found.results.hits[1].id == tagged.id
    assert found.results.hits[0].score > found.results.hits[2].score


def test_sort_by_date_puts_the_newest_first_and_undated_last(plants, find):
    found = find("plant", sort="date")
    dated = [h.date for h in found.results.hits if h.date]
    assert dated == sorted(dated, reverse=True)
    assert found.results.hits[0].id == plants["watering"].id
    assert all(h.date is None for h in found.results.hits[len(dated):])


def test_did_you_mean_corrects_a_misspelt_word_from_the_workspace_words(plants, find):
    found = find("crushd box")
    assert found.results.total == 0
    assert found.results.suggestion == "crushed box"
    assert find("crushed box").results.suggestion is None
    assert find("xqzwv").results.suggestion is None  # nothing near enough


def test_a_suggestion_is_offered_only_when_it_finds_more(plants, find):
    # "plant" finds plenty: no suggestion even though "plan" is not a word here
    assert find("plant").results.suggestion is None
