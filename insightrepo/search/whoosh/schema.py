"""The Whoosh index's schema: how each document field is analysed and stored.

Text is indexed once per workspace language, in that language's fields (``title_sv``,
``body_sv``, ``tags_sv`` stemmed with the Swedish Snowball stemmer; ``fold_sv`` stemmed and then
stripped of accents, for the accent-insensitive fallback). A workspace's documents fill only its
own language's fields, and its queries read only those, so changing a workspace's language is a
re-index of its documents, not a new schema. Stop words are kept: "inte bra" is not "bra".

A document's text is analysed once (``analyse``) and each field takes its words ready-made
(``AnalysedText``); queries, snippets and corrections analyse with the fields' Whoosh analyzers,
which give the same words (a test holds the two to each other). ``fold_*`` holds only the words
that folding changes — an accent-free word that was accent-free already is in the stemmed fields,
and the query looks there too (``fields_holding``) — so fewer postings than a full folded copy
(docs/benchmarks.md).

Text fields keep frequencies but no positions: an exact phrase is checked against the document's
stemmed words in order, held in the ``phrases`` column (``phrases_fold`` where folding changes
them), which is cheaper to write and to read than Whoosh's positions.

``words`` holds every word as written (lower-cased, not stemmed): the dictionary the "did you
mean" suggestions come from. Facet and filter fields hold exact values; the ones that may hold
several values per document (tags, journeys, phases, steps) keep them in a list column, so facet
counts read a column instead of walking postings."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Callable, NamedTuple

from whoosh import columns, fields
from whoosh.analysis import CharsetFilter, IDTokenizer, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.codec.whoosh3 import W3Codec
from whoosh.lang import has_stemmer, stemmer_for_language
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from insightrepo.models.workspace import LANGUAGES

SEPARATOR = "\x1f"  # between the values of a list field (no tag, code or id holds it)
GENERIC = "xx"      # a language without a stemmer: words matched as written
PART = "\x1e"       # between title, body and tags in the phrases column: a phrase never spans two
# Whoosh's RegexTokenizer pattern, its group made non-capturing for findall (a test compares the two)
_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")


def field_language(language: str | None) -> str:
    return language if language in LANGUAGES and has_stemmer(language) else GENERIC


def _stemmed(language: str):
    chain = RegexTokenizer() | LowercaseFilter()
    return chain | StemFilter(lang=language) if language != GENERIC else chain


def _folded(language: str):
    return _stemmed(language) | CharsetFilter(accent_map)


def plain_words():
    return RegexTokenizer() | LowercaseFilter()


def as_typed(role: str):
    """A field's analyzer without its stemmer: the word as typed, as the field would hold it were
    it a stem (the accent-free field also folds accents)."""
    return plain_words() | CharsetFilter(accent_map) if role == "fold" else plain_words()


class Analysis(NamedTuple):
    """A document's text as its fields take it."""

    title: list[str]  # stemmed words, in order
    body: list[str]
    tags: list[str]
    words: list[str]  # title, body and tags as written (lower-cased)
    fold: list[str]  # the stemmed words whose accent-free form differs, accents removed
    phrases: str  # the stemmed words in order, " " between words and PART between title, body, tags
    phrases_fold: str  # the same without accents; "" when that changes nothing


def analyse(language: str, title: str, body: str, tags: str) -> Analysis:
    language = field_language(language)
    stem = _stem_words(language)
    parts = [_words(title), _words(body), _words(tags)]
    stemmed = [stem(words) for words in parts]
    every = [word for words in stemmed for word in words]
    folded = " ".join(every).translate(accent_map).split(" ") if every else []
    fold = [f for s, f in zip(every, folded) if f != s and f]
    phrases = f" {f' {PART} '.join(' '.join(words) for words in stemmed)} "
    phrases_fold = phrases.translate(accent_map) if fold else ""
    return Analysis(*stemmed, [word for words in parts for word in words], fold, phrases, phrases_fold)


def _words(text: str) -> list[str]:
    return list(map(str.lower, _TOKEN.findall(text))) if text else []


@lru_cache(maxsize=None)
def _stem_words(language: str) -> Callable[[list[str]], list[str]]:
    if language == GENERIC:
        return list
    stem = lru_cache(maxsize=100_000)(stemmer_for_language(language))  # the StemFilter's own stemmer
    return lambda words: list(map(stem, words))


def word_spans(language: str, fold: bool) -> Callable[[str], list[tuple[int, int, str]]]:
    """(start, end, term) of each word of a text as the language's stemmed fields analyse it, or
    the accent-free field with ``fold``: the words a snippet may mark. The same terms and places
    as the fields' Whoosh analyzers give (a test holds the two to each other), several times
    faster: the stemmer is cached."""
    stem = _stem_words(field_language(language))

    def spans(text: str) -> list[tuple[int, int, str]]:
        found = list(_TOKEN.finditer(text))
        terms = stem([match.group().lower() for match in found])
        if fold:
            terms = [term.translate(accent_map) for term in terms]
        return [(match.start(), match.end(), term) for match, term in zip(found, terms)]

    return spans


def phrase_text(words: list[str]) -> str:
    """How a phrase's words stand in the phrases column."""
    return f" {' '.join(words)} "


class AnalysedText(fields.TEXT):
    """A text field with frequencies and no positions, that also takes its words analysed already
    (a list, from ``analyse``): the analyzer is still what queries and snippets analyse with."""

    def __init__(self, analyzer):
        super().__init__(analyzer=analyzer, phrase=False)

    def index(self, value, **kwargs):
        if not isinstance(value, list):
            return super().index(value, **kwargs)
        # what Whoosh's Frequency format makes of the words: (word, frequency, weight, frequency packed)
        return [(word.encode("utf-8"), n, float(n), pack_uint(n)) for word, n in Counter(value).items()]

    def terms(self, value) -> Counter | None:
        """Term → frequency, as ``index`` gives them, for words analysed already (whoosh_bulk)."""
        return Counter(value) if isinstance(value, list) else None


class Identifier(fields.ID):
    """A value matched exactly as written (a key, an id)."""

    def terms(self, value: str) -> dict[str, int]:
        return {value: 1}


class ExactValue(fields.ID):
    """A value matched whole and without case, kept in a column for sorting and facets."""

    def __init__(self, stored: bool = False):
        super().__init__(stored=stored, sortable=True, analyzer=IDTokenizer() | LowercaseFilter())

    def terms(self, value: str) -> dict[str, int]:
        return {value.lower(): 1}


class ValueListColumn(columns.VarBytesListColumn):
    """Whoosh's list column, with the empty list a segment without the column reads as."""

    _default: list = []


class ValueList(fields.KEYWORD):
    """Several exact values (joined by SEPARATOR), matched whole, counted from a list column."""

    def __init__(self):
        super().__init__()
        self.column_type = ValueListColumn()
        self.analyzer = RegexTokenizer(rf"[^{SEPARATOR}]+") | LowercaseFilter()

    def to_column_value(self, value):
        return [v.encode("utf-8") for v in value.split(SEPARATOR) if v]

    def terms(self, value: str) -> Counter:
        return Counter(v.lower() for v in value.split(SEPARATOR) if v)


class IndexCodec(W3Codec):
    """Whoosh's codec with posting blocks of 1,024 instead of 128 — queries read a whole block at a
    time (whoosh_matching), so larger blocks mean fewer reads, and fewer block writes — and without
    each block's min/max document length, which only Whoosh's own top-k skipping reads (scores
    here come from the length columns), and looking up a length per posting was a large share of
    the indexing time. Segments keep their codec (it is pickled with them), so this class must stay
    importable under this name."""

    length_stats = False

    def __init__(self):
        super().__init__(blocklimit=1024)


LANGUAGE_FIELDS = tuple(sorted({field_language(code) for code in LANGUAGES} | {GENERIC}))
LIST_FIELDS = ("tag", "journey", "phase", "step")


def build_schema() -> fields.Schema:
    text = {}
    for language in LANGUAGE_FIELDS:
        analyzer = _stemmed(language)
        text[f"title_{language}"] = AnalysedText(analyzer)
        text[f"body_{language}"] = AnalysedText(analyzer)
        text[f"tags_{language}"] = AnalysedText(analyzer)
        text[f"fold_{language}"] = AnalysedText(_folded(language))
    return fields.Schema(
        key=Identifier(stored=True, unique=True),
        workspace_id=Identifier(stored=True),
        scope=Identifier(stored=True),
        item_id=Identifier(stored=True),
        type=ExactValue(stored=True),
        participant=ExactValue(),
        sentiment=ExactValue(),
        marker=ExactValue(),
        year=ExactValue(),
        tag=ValueList(),
        journey=ValueList(),
        phase=ValueList(),
        step=ValueList(),
        words=AnalysedText(plain_words()),
        date=fields.COLUMN(columns.NumericColumn("I", default=0)),  # filtered and sorted from the column
        phrases=fields.COLUMN(columns.VarBytesColumn()),
        phrases_fold=fields.COLUMN(columns.VarBytesColumn()),
        title=fields.STORED(),
        body=fields.STORED(),
        display=fields.STORED(),  # tags, participant, link targets and history labels, as a dict
        fingerprint=fields.STORED(),
        **text,
    )


def text_fields(language: str) -> dict[str, str]:
    """The searchable fields of one language: role → field name."""
    language = field_language(language)
    return {role: f"{role}_{language}" for role in ("title", "body", "tags", "fold")}


def fold_field_of(fieldname: str) -> bool:
    return fieldname.startswith("fold_")


def fields_holding(fieldname: str) -> tuple[str, ...]:
    """Where the index holds the terms of ``fieldname``: the field itself, and for
    ``fold_<language>`` also the stemmed fields, which hold the words folding left unchanged."""
    if not fold_field_of(fieldname):
        return (fieldname,)
    language = fieldname.removeprefix("fold_")
    return (fieldname, *(f"{role}_{language}" for role in ("title", "body", "tags")))
