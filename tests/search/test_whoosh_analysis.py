"""The Whoosh adapter analyses a document's text once, by hand-fast code, and its queries with
Whoosh's analyzers: the two must give the same words, or a word indexed one way would be looked
for another."""

from __future__ import annotations

import pytest

from insightrepo.search.port import FACETS, Document, Filters, PageRequest, WorkspaceRef
from insightrepo.search.whoosh.index import WhooshIndex
from insightrepo.search.whoosh.query import corrected
from insightrepo.search.whoosh.schema import (
    GENERIC,
    analyse,
    build_schema,
    field_language,
    plain_words,
    text_fields,
    word_spans,
)

TEXTS = [
    "Leveransen kom sent, och växterna var frostskadade! Leveranser: 3 st.",
    "Pakken var våd — blomsterne så trætte ud. Kjøpte en ny; pølse & øl.",
    "Toimitus myöhästyi ja kasvit olivat jäätyneet. Äiti-öljyä 1.5 l",
    "Die Lieferung kam spät, die Pflanzen waren erfroren. Straße Größe",
    "Deliveries were late; the plants' leaves (ca. 3.5 cm) were crushed... don't re-pot*",
    "İstanbul ΟΔΟΣ Ångström naïve café façade Œuvre ß 2026-12-04 snake_case x*y",
    "",
    "   \n\t",
]


def whoosh_words(analyzer, text: str) -> list[str]:
    return [token.text for token in analyzer(text)]


@pytest.mark.parametrize("language", ["sv", "da", "nb", "fi", "de", "en", "xx"])
@pytest.mark.parametrize("text", TEXTS)
def test_the_fast_analysis_gives_the_words_whoosh_analyzers_give(language, text):
    schema = build_schema()
    names = text_fields(language)
    found = analyse(language, "Title " + text[:20], text, "frost damage")
    assert found.body == whoosh_words(schema[names["body"]].analyzer, text)
    assert found.title == whoosh_words(schema[names["title"]].analyzer, "Title " + text[:20])
    assert found.tags == whoosh_words(schema[names["tags"]].analyzer, "frost damage")
    assert found.words == whoosh_words(plain_words(), "Title " + text[:20]) + whoosh_words(plain_words(), text) \
        + ["frost", "damage"]
    folded = whoosh_words(schema[names["fold"]].analyzer, f"Title {text[:20]}\n{text}\nfrost damage")
    stemmed = found.title + found.body + found.tags
    assert found.fold == [f for f, s in zip(folded, stemmed) if f != s]


@pytest.mark.parametrize("language", ["sv", "da", "nb", "fi", "de", "en", "xx"])
@pytest.mark.parametrize("text", TEXTS)
def test_snippets_find_the_words_and_places_whoosh_analyzers_give(language, text):
    schema = build_schema()
    names = text_fields(language)
    for role, fold in (("body", False), ("fold", True)):
        expected = [(t.startchar, t.endchar, t.text)
                    for t in schema[names[role]].analyzer(text, positions=True, chars=True, mode="index")]
        assert word_spans(language, fold)(text) == expected, role


def test_swedish_words_are_stemmed_and_folded_once_each():
    found = analyse("sv", "", "Växterna och växten", "")
    assert field_language("sv") != GENERIC
    assert found.body == ["växt", "och", "växt"]
    assert found.fold == ["vaxt", "vaxt"]  # "och" is unchanged by folding: only the stemmed field holds it
    assert " växt och växt " in found.phrases and " vaxt och vaxt " in found.phrases_fold
    assert analyse("en", "", "Plain words", "").phrases_fold == ""


def test_phrases_and_accent_free_words_in_an_index_of_swedish_quotes(tmp_path):
    index = WhooshIndex(tmp_path)
    workspace = "a" * 32
    texts = {"1": "Växterna var frostskadade när de kom", "2": "Vaxterna var fina", "3": "Var växterna sjuka?",
             "4": "Leveransen kom sent"}
    index.replace_workspace(workspace, [
        Document(key=f"quote:{key}", workspace_id=workspace, language="sv", type="quote", id=key, title="", body=body)
        for key, body in texts.items()])

    def found(text: str) -> set[str]:
        return {hit.id for hit in index.query(WorkspaceRef(workspace, "sv"), text, Filters(), FACETS,
                                              PageRequest(1, 20, "relevance")).hits}

    assert found('"växterna var"') == {"1", "2"}  # the accent-free phrase of "2" too
    assert found('"vaxterna var"') == {"1", "2"}
    assert found('"var växterna"') == {"3"}
    assert found("vaxter") == {"1", "2", "3"} == found("växter")
    assert found('"växterna kom"') == set() and found('"sent kom"') == set()
    assert found('"kom sent"') == {"4"}
    index.close()


def test_a_word_the_workspace_uses_by_its_stem_is_not_corrected(tmp_path):
    index = WhooshIndex(tmp_path)
    workspace = "a" * 32
    index.replace_workspace(workspace, [Document(key="quote:1", workspace_id=workspace, language="en", type="quote",
                                                 id="1", title="", body="One plant arrived")])
    reader = index._searcher(workspace).reader()
    assert corrected("plants", reader, "en") is None  # "plant" is one edit away, but "plants" is found already
    assert corrected("plnt", reader, "en") == "plant"
    index.close()
