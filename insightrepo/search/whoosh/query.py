"""From the parsed search box (query_syntax's tree) to a Whoosh query; the filters as a query;
and the "did you mean" correction.

The syntax is read once, by query_syntax, for both adapters; here each leaf becomes the Whoosh
query Whoosh's own parser made of it: a word, phrase or prefix without a field is searched in the
language's text fields (title, body, tags, fold) with their boosts, analysed with each field's
analyzer (a word the analyzer splits must match all its parts, one it drops is left out); a
``field:value`` is an exact term of port.QUERY_FIELDS. If translating still fails, the words
alone are searched."""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache

from whoosh import query
from whoosh.fields import FieldType

from insightrepo.models.evidence import code_key
from insightrepo.search import query_syntax as syntax
from insightrepo.search.port import TYPES, Filters
from insightrepo.search.query_syntax import is_everything, misspelt_words  # noqa: F401 — the adapter's API
from insightrepo.search.whoosh.schema import (
    GENERIC,
    as_typed,
    build_schema,
    field_language,
    fields_holding,
    plain_words,
    text_fields,
)

log = logging.getLogger(__name__)

BOOSTS = {"title": 3.0, "tags": 2.0, "body": 1.0, "fold": 0.4}  # fold: the accent-free fallback ranks last
_TYPE_ALIASES = {**{t + "s": t for t in TYPES}, "jtbd": "job", "jobs-to-be-done": "job"}
_CASEFOLDED = ("tag", "participant")


class _Fields:
    """One language's text fields: (name, field, boost, its analyzer without the stemmer or None)."""

    def __init__(self, language: str):
        schema = build_schema()
        names = text_fields(language)
        self.text = [(name, schema[name], BOOSTS[role], as_typed(role) if language != GENERIC else None)
                     for role, name in names.items()]


@lru_cache(maxsize=None)
def _fields(language: str) -> _Fields:
    return _Fields(language)


def user_query(text: str, language: str) -> query.Query:
    """The query for ``text`` in the workspace's language; never raises."""
    if is_everything(text):
        return query.Every()
    try:
        tree = syntax.parse(text)
        if tree is None:
            return query.NullQuery
        return _translated(tree, _fields(field_language(language))).normalize()
    except Exception:  # noqa: BLE001 — any input must give a query
        log.info("query %r fell back to plain words", text, exc_info=True)
        return words_query(text, language)


def _translated(node: syntax.Node, fields: _Fields) -> query.Query:
    if isinstance(node, syntax.And):
        return query.And([_translated(child, fields) for child in node.children])
    if isinstance(node, syntax.Or):
        return query.Or([_translated(child, fields) for child in node.children])
    if isinstance(node, syntax.Not):
        return query.Not(_translated(node.child, fields))
    if isinstance(node, syntax.Field):
        value = node.value.casefold() if node.name in _CASEFOLDED else node.value.lower()
        if node.name == "participant":
            value = code_key(node.value)
        if node.name == "type":
            value = _TYPE_ALIASES.get(value, value)
        return (query.Prefix if node.prefix else query.Term)(node.name, value)
    made = [_in_field(node, name, field, boost, typed) for name, field, boost, typed in fields.text]
    return query.Or([q for q in made if q is not None])


def _in_field(leaf: syntax.Leaf, name: str, field: FieldType, boost: float, typed) -> query.Query | None:
    """A word, phrase or prefix in one text field, analysed by the field."""
    if isinstance(leaf, syntax.Phrase):
        return query.Phrase(name, [token.text for token in field.tokenize(leaf.text, mode="query")], boost=boost)
    if isinstance(leaf, syntax.Prefix):
        texts = list(field.process_text(leaf.text, mode="query", tokenize=False, removestops=False))
        return query.Prefix(name, texts[0], boost=boost) if texts else None
    texts = list(field.process_text(leaf.text, mode="query"))
    if len(texts) > 1:
        return query.And([query.Term(name, t, boost=boost) for t in texts])
    if not texts:
        return None
    return _with_typed(query.Term(name, texts[0], boost=boost), leaf.text, typed)


def _with_typed(made: query.Term, word: str, typed) -> query.Query:
    """A plain word is also searched as typed where stemming shortened it.

    A stemmer can take more off a word than off its own inflected forms: Swedish Snowball makes
    "leverans" "leveran" but "leveransen" and "leveranser" "leverans", so the word alone missed its
    forms. The word as typed is also a stem of them ("leverans"), so it is searched beside its
    stem. Phrases and prefixes are left as they are."""
    if typed is None:
        return made
    texts = [token.text for token in typed(word)]
    if len(texts) == 1 and texts[0] != made.text:
        return query.Or([made, query.Term(made.fieldname, texts[0], boost=made.boost)])
    return made


def words_query(text: str, language: str) -> query.Query:
    """Every word of ``text`` must match, syntax ignored: the fallback when parsing fails."""
    fields = _fields(field_language(language))
    clauses = []
    for _, _, word in misspelt_words(text):
        alternatives = [term for name, field, boost, typed in fields.text
                        for term in _analysed_terms(field, name, word, boost, typed)]
        if alternatives:
            clauses.append(query.Or(alternatives))
    return query.And(clauses).normalize() if clauses else query.NullQuery


def _analysed_terms(field, name: str, word: str, boost: float, typed=None) -> list[query.Term]:
    """The word's terms in one field; with ``typed`` (the field's analyzer without the stemmer),
    also the word as typed, as a parsed word is searched."""
    texts = {token.text for token in field.analyzer(word)}
    texts |= {token.text for token in typed(word)} if typed is not None else set()
    return [query.Term(name, text, boost=boost) for text in sorted(texts)]


def day_number(day: date | None) -> int:
    return day.year * 10_000 + day.month * 100 + day.day if day else 0


def from_day_number(number: int | None) -> date | None:
    if not number:
        return None
    return date(number // 10_000, number // 100 % 100, number % 100)


def filter_query(workspace_id: str, filters: Filters) -> query.Query:
    """The workspace and the filters, as one query applied before ranking and counting."""
    clauses: list[query.Query] = [query.Term("workspace_id", workspace_id), query.Term("scope", filters.scope)]
    if filters.types:
        clauses.append(query.Or([query.Term("type", t) for t in filters.types]))
    for name in ("journey", "phase", "step", "tag", "participant", "sentiment", "marker", "year"):
        value = getattr(filters, name)
        if value:
            clauses.append(query.Term(name, value.casefold() if name in _CASEFOLDED else value))
    if filters.date_from or filters.date_to:
        clauses.append(query.NumericRange("date", day_number(filters.date_from) or 1,
                                          day_number(filters.date_to) or None))
    return query.And(clauses)


def corrected(text: str, reader, language: str) -> str | None:
    """``text`` with each word the workspace never uses — not as written, not by its stem, not
    without accents — replaced by the most used word one or two edits away (the first letter
    kept); None when nothing could be corrected."""
    analyzer = plain_words()
    fold = text_fields(language)["fold"]
    fold_analyzer = reader.schema[fold].analyzer
    pieces, last, changed = [], 0, False
    for start, end, word in misspelt_words(text):
        tokens = [t.text for t in analyzer(word)]
        if len(tokens) != 1 or len(tokens[0]) < 3 or reader.doc_frequency("words", tokens[0]):
            continue
        if any(reader.doc_frequency(name, t.text) for t in fold_analyzer(word) for name in fields_holding(fold)):
            continue
        best = _closest(reader, tokens[0])
        if best is None:
            continue
        pieces.extend([text[last:start], best])
        last, changed = end, True
    if not changed:
        return None
    pieces.append(text[last:])
    return "".join(pieces)


def _closest(reader, word: str) -> str | None:
    for distance in (1, 2):
        if distance == 2 and len(word) < 5:
            break
        candidates = [w for w in reader.terms_within("words", word, distance, prefix=1) if w != word]
        if candidates:
            return max(candidates, key=lambda w: (reader.doc_frequency("words", w), w))
    return None
