"""The Whoosh index's schema: how each document field is analysed and stored.

Text is indexed once per workspace language, in that language's fields (``title_sv``,
``body_sv``, ``tags_sv`` stemmed with the Swedish Snowball stemmer; ``fold_sv`` stemmed and then
stripped of accents, for the accent-insensitive fallback). A workspace's documents fill only its
own language's fields, and its queries read only those, so changing a workspace's language is a
re-index of its documents, not a new schema. Stop words are kept: "inte bra" is not "bra".

``words`` holds every word as written (lower-cased, not stemmed): the dictionary the "did you
mean" suggestions come from. Facet and filter fields hold exact values; the ones that may hold
several values per document (tags, journeys, phases, steps) keep them in a list column, so facet
counts read a column instead of walking postings."""

from __future__ import annotations

from whoosh import columns, fields
from whoosh.analysis import CharsetFilter, IDTokenizer, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.lang import has_stemmer
from whoosh.support.charset import accent_map

from insightrepo.models.workspace import LANGUAGES

SEPARATOR = "\x1f"  # between the values of a list field (no tag, code or id holds it)
GENERIC = "xx"      # a language without a stemmer: words matched as written


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


def _exact(stored: bool = False) -> fields.ID:
    return fields.ID(stored=stored, sortable=True, analyzer=IDTokenizer() | LowercaseFilter())


LANGUAGE_FIELDS = tuple(sorted({field_language(code) for code in LANGUAGES} | {GENERIC}))
LIST_FIELDS = ("tag", "journey", "phase", "step")


def build_schema() -> fields.Schema:
    text = {}
    for language in LANGUAGE_FIELDS:
        analyzer = _stemmed(language)
        text[f"title_{language}"] = fields.TEXT(analyzer=analyzer)
        text[f"body_{language}"] = fields.TEXT(analyzer=analyzer)
        text[f"tags_{language}"] = fields.TEXT(analyzer=analyzer)
        text[f"fold_{language}"] = fields.TEXT(analyzer=_folded(language))
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        workspace_id=fields.ID(stored=True),
        scope=fields.ID(stored=True),
        item_id=fields.ID(stored=True),
        type=_exact(stored=True),
        participant=_exact(),
        sentiment=_exact(),
        marker=_exact(),
        year=_exact(),
        tag=ValueList(),
        journey=ValueList(),
        phase=ValueList(),
        step=ValueList(),
        words=fields.TEXT(analyzer=plain_words(), phrase=False),
        date=fields.NUMERIC(int, bits=32, stored=True, sortable=True, default=0),
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
