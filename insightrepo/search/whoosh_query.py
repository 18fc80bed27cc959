"""From what a user typed to a Whoosh query, forgivingly; the filters as a query; and the
"did you mean" correction.

The syntax: words (all must match), "exact phrases", ``prefix*``, ``field:value`` for
port.QUERY_FIELDS, ``AND`` / ``OR`` / ``NOT`` and parentheses. Everything else Whoosh's parser
could read is switched off: ``?`` and inner ``*`` wildcards (a trailing "?" in a question would
otherwise stop matching), ranges, ``^`` boosts and single quotes (an apostrophe in "don't" is
not a quote). What the parser cannot use is left to the analyzer, which keeps the words. If
parsing still fails, the words alone are searched."""

from __future__ import annotations

import logging
import re
from datetime import date
from functools import lru_cache

from whoosh import qparser, query
from whoosh.fields import Schema

from insightrepo.models.evidence import code_key
from insightrepo.search.port import QUERY_FIELDS, TYPES, Filters
from insightrepo.search.whoosh_schema import (GENERIC, as_typed, build_schema, field_language, fields_holding,
                                              plain_words, text_fields)

log = logging.getLogger(__name__)

BOOSTS = {"title": 3.0, "tags": 2.0, "body": 1.0, "fold": 0.4}  # fold: the accent-free fallback ranks last
_TYPE_ALIASES = {**{t + "s": t for t in TYPES}, "jtbd": "job", "jobs-to-be-done": "job"}
_CASEFOLDED = ("tag", "participant")
_WORD = re.compile(r"(?<![\w:*])(\w[\w'’-]*)(?![\w:*])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_EVERYTHING = {"", "*"}


class _Parser(qparser.QueryParser):
    """Whoosh's parser, with each plain word also searched as typed where stemming shortened it.

    A stemmer can take more off a word than off its own inflected forms: Swedish Snowball makes
    "leverans" "leveran" but "leveransen" and "leveranser" "leverans", so the word alone missed its
    forms. The word as typed is also a stem of them ("leverans"), so it is searched beside its
    stem. Phrases and prefixes are left as they are."""

    def __init__(self, fieldnames: list[str], schema: Schema, fieldboosts: dict, as_typed: dict, **kwargs):
        super().__init__(None, schema, **kwargs)  # what qparser.MultifieldParser() makes
        self.add_plugin(qparser.MultifieldPlugin(fieldnames, fieldboosts=fieldboosts))
        self.as_typed = as_typed  # field name → its analyzer without the stemmer

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        made = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        analyzer = self.as_typed.get(fieldname)
        if analyzer is None or termclass is not query.Term or type(made) is not query.Term:
            return made
        typed = [token.text for token in analyzer(text)]
        if len(typed) == 1 and typed[0] != made.text:
            return query.Or([made, query.Term(fieldname, typed[0], boost=boost)])
        return made


@lru_cache(maxsize=None)
def _parser(language: str) -> qparser.QueryParser:
    schema = build_schema()
    names = text_fields(language)
    visible = Schema(**{name: schema[name] for name in (*names.values(), *QUERY_FIELDS)})
    stemmed = {names[role]: as_typed(role) for role in names} if language != GENERIC else {}
    parser = _Parser(list(names.values()), schema=visible, as_typed=stemmed,
                     fieldboosts={names[role]: boost for role, boost in BOOSTS.items()},
                     group=qparser.AndGroup)
    for plugin in (qparser.WildcardPlugin, qparser.RangePlugin, qparser.BoostPlugin, qparser.SingleQuotePlugin,
                   qparser.EveryPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PrefixPlugin())
    return parser


def is_everything(text: str) -> bool:
    return text.strip() in _EVERYTHING


def user_query(text: str, language: str) -> query.Query:
    """The query for ``text`` in the workspace's language; never raises."""
    if is_everything(text):
        return query.Every()
    try:
        parsed = _parser(field_language(language)).parse(text)
        return parsed.accept(_tidy).normalize()
    except Exception:  # noqa: BLE001 — any input must give a query
        log.info("query %r fell back to plain words", text, exc_info=True)
        return words_query(text, language)


def words_query(text: str, language: str) -> query.Query:
    """Every word of ``text`` must match, syntax ignored: the fallback when parsing fails."""
    names = text_fields(language)
    parser = _parser(field_language(language))
    words = [m.group(1) for m in _WORD.finditer(text) if m.group(1) not in _OPERATORS]
    clauses = []
    for word in words:
        alternatives = [term for role, name in names.items()
                        for term in _analysed_terms(parser.schema[name], name, word, BOOSTS[role],
                                                    parser.as_typed.get(name))]
        if alternatives:
            clauses.append(query.Or(alternatives))
    return query.And(clauses).normalize() if clauses else query.NullQuery


def _analysed_terms(field, name: str, word: str, boost: float, typed=None) -> list[query.Term]:
    """The word's terms in one field; with ``typed`` (the field's analyzer without the stemmer),
    also the word as typed, as _Parser searches it."""
    texts = {token.text for token in field.analyzer(word)}
    texts |= {token.text for token in typed(word)} if typed is not None else set()
    return [query.Term(name, text, boost=boost) for text in sorted(texts)]


def _tidy(node: query.Query) -> query.Query:
    """Field values as the index holds them; phrases in fields without positions made exact terms."""
    if isinstance(node, query.Phrase) and node.fieldname in QUERY_FIELDS:
        node = query.Term(node.fieldname, " ".join(node.words), boost=node.boost)
    if isinstance(node, (query.Term, query.Prefix)) and node.fieldname in QUERY_FIELDS:
        value = node.text.casefold() if node.fieldname in _CASEFOLDED else node.text.lower()
        if node.fieldname == "participant":
            value = code_key(node.text)
        if node.fieldname == "type":
            value = _TYPE_ALIASES.get(value, value)
        node = node.copy()
        node.text = value
    return node


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


def misspelt_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of the plain words of ``text`` a correction may replace: not operators,
    not field values, not prefixes."""
    return [(m.start(1), m.end(1), m.group(1)) for m in _WORD.finditer(text) if m.group(1) not in _OPERATORS]


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
