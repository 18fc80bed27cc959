"""From what a user typed to one PostgreSQL ``tsquery``, and the filters as lexemes.

Each document's ``vector`` holds its words stemmed in the workspace's language (weights A title,
B tags, C body), the same words stemmed without accents (D), and one lexeme ``=field:value`` per
filter value (``=tag:price``, ``=journey:<id>``, ``=type:quote`` …) and per sample the document is in
(``=sample:64``, for estimates: see ``samples``). So the whole query is one
tsquery, matched on one GIN index:

    word             plainto_tsquery(language, word) || plainto_tsquery(language_fold, word)
                     || the same in the simple configurations (the word as typed: _word_configs)
    "a phrase"       phraseto_tsquery(…) || phraseto_tsquery(…_fold, …)   (the positions must follow)
    prefix*          'prefix':* as written (lower-cased) and without accents: stems start so
    field:value      '=field:value' (value case-folded; type:quotes is type:quote)
    a AND b, a b     a && b         a OR b    a || b          NOT a    !! a   (tsquery_and/or/not)

The tsquery is built by PostgreSQL's own functions from bound parameters, so no input can break
its syntax; a word that yields no lexeme (punctuation, an emoji) drops out, as in Whoosh.
``websearch_to_tsquery`` is not used: it has no prefixes, fields or parentheses, and its ``-``
would make "e-mail" a negation."""

from __future__ import annotations

import hashlib
from functools import reduce

from sqlalchemy import ColumnElement, cast, func, literal
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY

from insightrepo.models.evidence import code_key
from insightrepo.search import query_syntax as syntax
from insightrepo.search.port import TYPES, Filters

# workspace language → the text search configurations of migration 0007
CONFIGS = {"sv": "insightrepo_sv", "da": "insightrepo_da", "no": "insightrepo_no", "fi": "insightrepo_fi",
           "de": "insightrepo_de", "en": "insightrepo_en"}
SIMPLE = "insightrepo_simple"
_TYPE_ALIASES = {**{t + "s": t for t in TYPES}, "jtbd": "job", "jobs-to-be-done": "job"}
FILTER_FIELDS = ("type", "journey", "phase", "step", "tag", "participant", "sentiment", "marker", "year")
# The samples a large result is estimated from: ``=sample:64`` is in one document of 64 (of every
# workspace, picked by its key), and each sample holds the smaller ones (1/512 ⊂ 1/64 ⊂ 1/8 ⊂ 1/2).
SAMPLE_BUCKETS = 512
SAMPLES = (512, 64, 8, 2)


def configs(language: str | None) -> tuple[str, str]:
    """(stemming, accent-free) configuration of a workspace language."""
    stemmed = CONFIGS.get(language or "", SIMPLE)
    return stemmed, f"{stemmed}_fold"


def field_value(name: str, value: str) -> str:
    """A field value as documents hold it: case-folded (a participant code: its code_key), spaces
    tidied, type names singular."""
    value = " ".join(value.split())
    value = code_key(value) if name == "participant" else value.casefold()
    return _TYPE_ALIASES.get(value, value) if name == "type" else value


def lexeme(name: str, value: str) -> str:
    return f"={name}:{field_value(name, value)}"


def quoted(text: str) -> str:
    """``text`` as one tsquery lexeme literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def document_lexemes(values: dict[str, tuple[str, ...]]) -> list[str]:
    """The ``=field:value`` lexemes of a document's filter values."""
    return sorted({lexeme(name, value) for name, found in values.items() for value in found if value})


def samples(key: str) -> tuple[str, ...]:
    """The samples the document ``key`` is in: its bucket is the first two bytes of the key's MD5
    modulo SAMPLE_BUCKETS (migration 0020 computes the same in SQL for the documents it finds)."""
    digest = hashlib.md5(key.encode("utf-8"), usedforsecurity=False).digest()
    bucket = int.from_bytes(digest[:2], "big") % SAMPLE_BUCKETS
    return tuple(str(share) for share in SAMPLES if bucket < SAMPLE_BUCKETS // share)


def sample_tsquery(share: int) -> str:
    """The tsquery text of the 1/``share`` sample (``!`` before it: the documents outside it)."""
    return quoted(lexeme("sample", str(share)))


def _config(name: str) -> ColumnElement:
    return cast(literal(name), REGCONFIG)


def _prefix(text: str, config: str) -> ColumnElement:
    return func.to_tsquery(_config(config), literal(quoted(text) + ":*"))


def _any(parts: list[ColumnElement]) -> ColumnElement:
    return reduce(func.tsquery_or, parts)


def _word_configs(language: str) -> tuple[str, ...]:
    """A word is searched by its stem, its accent-free stem and — where the language stems — as
    typed, with and without accents: a stemmer can take more off a word than off its own forms
    (Swedish "leverans" → leveran, but "leveransen", "leveranser" → leverans), and the word as
    typed is then the stem of those forms."""
    stemmed, folded = configs(language)
    return (stemmed, folded) if stemmed == SIMPLE else (stemmed, folded, SIMPLE, f"{SIMPLE}_fold")


def _leaf(leaf: syntax.Leaf, language: str) -> ColumnElement:
    stemmed, folded = configs(language)
    if isinstance(leaf, syntax.Word):
        return _any([func.plainto_tsquery(_config(c), leaf.text) for c in _word_configs(language)])
    if isinstance(leaf, syntax.Phrase):
        return _any([func.phraseto_tsquery(_config(c), leaf.text) for c in (stemmed, folded)])
    if isinstance(leaf, syntax.Prefix):
        return _any([_prefix(leaf.text.lower(), c) for c in (SIMPLE, f"{SIMPLE}_fold")])
    suffix = ":*" if leaf.prefix else ""
    return cast(literal(quoted(lexeme(leaf.name, leaf.value)) + suffix), TSQUERY)


def tsquery(node: syntax.Node, language: str) -> ColumnElement:
    """The tsquery of a parsed query, as a SQL expression."""
    if isinstance(node, syntax.Not):
        return func.tsquery_not(tsquery(node.child, language))
    if isinstance(node, syntax.And):
        return reduce(func.tsquery_and, [tsquery(child, language) for child in node.children])
    if isinstance(node, syntax.Or):
        return _any([tsquery(child, language) for child in node.children])
    return _leaf(node, language)


def rank_words(node: syntax.Node | None, language: str) -> ColumnElement | None:
    """A tsquery of the words that score a hit: every word, phrase and prefix not under NOT, any
    of them (``ts_rank_cd`` gives an AND no cover when one side is a field lexeme, which has no
    position; summed per word, the score is also closer to BM25's)."""
    parts = [_leaf(leaf, language) for leaf in syntax.positive_leaves(node) if not isinstance(leaf, syntax.Field)]
    return _any(parts) if parts else None


def marked_words(node: syntax.Node | None, language: str) -> ColumnElement | None:
    """A tsquery of what a hit matched (no NOTs, no fields), in the accent-free configuration,
    for ``ts_headline``: it marks a word whose stem, or accent-free stem, was searched."""
    _, folded = configs(language)
    parts = []
    for leaf in syntax.positive_leaves(node):
        if isinstance(leaf, syntax.Word):
            accent_free = [c for c in _word_configs(language) if c.endswith("_fold")]
            parts += [func.plainto_tsquery(_config(c), leaf.text) for c in accent_free]
        elif isinstance(leaf, syntax.Phrase):
            parts.append(func.phraseto_tsquery(_config(folded), leaf.text))
        elif isinstance(leaf, syntax.Prefix):
            parts.append(_prefix(leaf.text.lower(), SIMPLE))
            parts.append(_prefix(leaf.text.lower(), f"{SIMPLE}_fold"))
    return _any(parts) if parts else None


def filter_lexemes(filters: Filters) -> list[list[str]]:
    """The filters as lexemes: every inner list is "any of these" (the types), all lists must match."""
    groups = []
    if filters.types:
        groups.append([lexeme("type", t) for t in filters.types])
    for name in FILTER_FIELDS[1:]:
        value = getattr(filters, name)
        if value:
            groups.append([lexeme(name, value)])
    return groups


def filter_tsquery(filters: Filters) -> str | None:
    """The filters as tsquery text (every lexeme quoted), or None when there are none."""
    groups = filter_lexemes(filters)
    if not groups:
        return None
    return " & ".join("(" + " | ".join(quoted(value) for value in group) + ")" for group in groups)

