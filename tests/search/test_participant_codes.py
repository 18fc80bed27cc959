"""Search finds a participant's words by code however the code is typed — case, and the Unicode
form of å, ä, ö — with the same key the database uses (models.evidence.code_key)."""

from __future__ import annotations

import unicodedata

import pytest

from tests.search.conftest import counts, ids

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter


@pytest.mark.parametrize("typed", ["Ärla-01", "ärla-01", "ÄRLA-01", unicodedata.normalize("NFD", "ärla-01")])
def test_the_participant_filter_matches_the_code_however_it_is_typed(add, find, typed):
    quote = add("quote", text="Leveransen kom sent", participant="Ärla-01")
    add("quote", text="Leveransen kom i tid", participant="Örjan-02")

    found = find("leveransen", participant=typed)

    assert ids(found) == {quote.id}
    assert ids(find(f"leveransen participant:{typed}")) == {quote.id}
    [value] = [v for v in counts(find("leveransen"), "participant") if found.label("participant", v) == "Ärla-01"]
    assert ids(find("leveransen", participant=value)) == {quote.id}
