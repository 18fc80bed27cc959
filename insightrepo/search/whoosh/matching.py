"""Evaluating a query over one Whoosh searcher, a whole posting list at a time, with numpy.

Whoosh's own matchers step through postings one Python call per document, which for a common
word or a phrase at a large corpus misses the latency target (docs/benchmarks.md). Here each
term's postings are read a block at a time into arrays (the blocks Whoosh wrote), a query's
matches are a boolean array over the searcher's document numbers, and its scores Whoosh's BM25F
formula (``whoosh.scoring.bm25``, with the searcher's idf, average field length, B and K1)
applied to whole arrays. Whoosh still parses, analyses, stores and writes; only the stepping
is replaced.

What the index holds and this reads (whoosh_schema): text fields without positions — an exact
phrase is the documents holding all its words, kept where the words stand in order in the
``phrases`` column; ``fold_*`` fields holding only the words that folding changes — a folded
term is also looked for in the stemmed fields beside it.

A ``Postings`` belongs to one searcher, which never changes (a write gives the next query a new
searcher), so what it keeps — columns, field lengths, facet codes, filter matches — never goes
stale."""

from __future__ import annotations

from array import array
from functools import cached_property
from typing import Callable, Iterable, NamedTuple

import numpy as np
from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import bm25
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from insightrepo.search import budget
from insightrepo.search.whoosh.internals import (
    current_block,
    field_b,
    ids_inline,
    length_column,
    next_block,
    per_document_reader,
)
from insightrepo.search.whoosh.schema import LIST_FIELDS, fields_holding, fold_field_of, phrase_text

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_DEFAULTS = {"date": 0, **{name: [] for name in LIST_FIELDS}}  # a column's value for a document without it
MEMO_FILTERS = 64  # matches of distinct filters kept per searcher


class Matches(NamedTuple):
    """Which documents match (by document number), and — when asked for — their scores."""

    mask: np.ndarray  # bool
    score: np.ndarray | None  # float32; meaningful where mask is set


class Postings:
    """What the queries on one searcher read, loaded on first use."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = [(s.reader(), offset) for s, offset in searcher.subsearchers] if searcher.subsearchers \
            else [(self.reader, 0)]
        self.size = searcher.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        self.live[np.fromiter(self.reader.all_doc_ids(), dtype=np.int64)] = True
        self.filters: dict[object, np.ndarray] = {}
        self._columns: dict[str, list] = {}
        self._texts: dict[bool, list[str]] = {}
        self._codes: dict[str, tuple[np.ndarray, np.ndarray | None, list]] = {}
        self._lengths: dict[str, np.ndarray] = {}
        # during one evaluation: postings read, and phrases checked (needle → checked, found)
        self._read: dict[tuple[str, object], tuple[np.ndarray, np.ndarray]] | None = None
        self._checked: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        weighting = searcher.weighting
        self._b = field_b(weighting)
        self._default_b, self._k1 = getattr(weighting, "B", 0.75), getattr(weighting, "K1", 1.2)

    # ---- what the index holds ------------------------------------------------------------------

    def term(self, fieldname: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding the term, and its frequency in each (deleted ones included). Read
        once per evaluation: a query names most terms twice (a folded word is looked for in the
        stemmed fields too, where it is usually the word itself)."""
        if self._read is not None and (fieldname, text) in self._read:
            return self._read[fieldname, text]
        found = self._postings_of(fieldname, text)
        if self._read is not None:
            self._read[fieldname, text] = found
        return found

    def _postings_of(self, fieldname: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray]:
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for reader, offset in self.leaves:
            if (fieldname, text) not in reader:
                continue
            leaf_ids, leaf_weights = _read_postings(reader.postings(fieldname, text))
            ids.append(leaf_ids + offset if offset else leaf_ids)
            weights.append(leaf_weights)
        if not ids:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        return (np.concatenate(ids), np.concatenate(weights)) if len(ids) > 1 else (ids[0], weights[0])

    def column(self, name: str) -> list:
        """The column's value of every document by document number (raw: bytes, lists of bytes for
        list fields, numbers); a segment without the column gives the default."""
        if name not in self._columns:
            values: list = []
            default = _DEFAULTS.get(name, b"")
            for reader, offset in self.leaves:
                size = reader.doc_count_all()
                values.extend([default] * (offset - len(values)))
                column = list(reader.column_reader(name, translate=False)) if reader.has_column(name) else []
                values.extend(column[:size] + [default] * (size - len(column)))
            self._columns[name] = values
        return self._columns[name]

    @cached_property
    def dates(self) -> np.ndarray:
        """Each document's date as a day number (0: none)."""
        return np.array(self.column("date"), dtype=np.int64)

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in the field, as Whoosh stores it (to a byte)."""
        if fieldname not in self._lengths:
            codes = np.zeros(self.size, dtype=np.uint8)
            name = length_column(fieldname)
            for reader, offset in self.leaves:
                perdoc = per_document_reader(reader)  # lengths are a codec column, not a schema field's
                if perdoc.has_column(name):
                    size = reader.doc_count_all()
                    codes[offset:offset + size] = np.fromiter(perdoc.column_reader(name, LENGTHS_COLUMN),
                                                              dtype=np.uint8, count=size)
            self._lengths[fieldname] = _LENGTH_OF_BYTE[codes]
        return self._lengths[fieldname]

    def codes(self, name: str) -> tuple[np.ndarray, np.ndarray | None, list]:
        """A facet column as numbers: (code of each value, the document each value belongs to —
        None when each document has one —, the values the codes stand for)."""
        if name not in self._codes:
            index: dict = {}
            values = self.column(name)
            if name in LIST_FIELDS:
                owners = np.repeat(np.arange(len(values)), [len(v) for v in values])
                flat = [item for v in values for item in v]
                codes = np.fromiter((index.setdefault(v, len(index)) for v in flat), dtype=np.int64, count=len(flat))
            else:
                owners = None
                codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64,
                                    count=len(values))
            self._codes[name] = (codes, owners, list(index))
        return self._codes[name]

    def count(self, name: str, mask: np.ndarray) -> dict:
        """How many of the masked documents hold each value of the facet column."""
        codes, owners, labels = self.codes(name)
        picked = codes[mask[owners]] if owners is not None else codes[mask]
        counts = np.bincount(picked, minlength=len(labels))
        return {labels[i]: int(counts[i]) for i in np.flatnonzero(counts)}

    def phrases(self, fold: bool) -> list[str]:
        """Each document's stemmed words in order (whoosh_schema.Analysis.phrases), or without
        accents."""
        if fold not in self._texts:
            texts = [_text(v) for v in self.column("phrases")]
            if fold:
                texts = [_text(v) or plain for v, plain in zip(self.column("phrases_fold"), texts)]
            self._texts[fold] = texts
        return self._texts[fold]

    @cached_property
    def has_fold(self) -> np.ndarray:
        """Documents whose phrases change without accents."""
        return np.array([bool(v) for v in self.column("phrases_fold")], dtype=bool)

    def memo_filter(self, key: object, make: Callable[[], np.ndarray]) -> np.ndarray:
        if key not in self.filters:
            if len(self.filters) >= MEMO_FILTERS:
                self.filters.clear()
            self.filters[key] = make()
        return self.filters[key]

    # ---- evaluating ----------------------------------------------------------------------------

    def matches(self, q: query.Query, scored: bool = False) -> Matches:
        """The documents ``q`` matches and, if ``scored``, their BM25F scores."""
        self._read, self._checked = {}, {}
        try:
            found = self._evaluate(q, scored)
        finally:
            self._read, self._checked = None, {}
        return Matches(found.mask & self.live, found.score)

    def mask(self, q: query.Query) -> np.ndarray:
        return self.matches(q).mask

    def _none(self, scored: bool) -> Matches:
        return Matches(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float32) if scored else None)

    def _evaluate(self, q: query.Query, scored: bool) -> Matches:
        budget.check()  # the search's time budget (insightrepo.search.budget): checked per part
        if isinstance(q, query.Term):
            return self._combine([self._term(name, q.text, q.boost, scored) for name in fields_holding(q.fieldname)],
                                 any, scored)
        if isinstance(q, query.Or):
            return self._combine([self._evaluate(child, scored) for child in q.subqueries], any, scored)
        if isinstance(q, query.And):
            return self._combine([self._evaluate(child, scored) for child in q.subqueries], all, scored)
        if isinstance(q, query.AndNot):
            wanted = self._evaluate(q.a, scored)
            return Matches(wanted.mask & ~self._evaluate(q.b, False).mask, wanted.score)
        if isinstance(q, query.AndMaybe):
            wanted, maybe = self._evaluate(q.a, scored), self._evaluate(q.b, scored)
            return Matches(wanted.mask, wanted.score + maybe.score * maybe.mask if scored else None)
        if isinstance(q, query.Not):
            return self._constant(~self._evaluate(q.query, False).mask, 0.0, scored)
        if isinstance(q, query.Every):
            return self._constant(self.live.copy(), 0.0, scored)
        if isinstance(q, query.Phrase):
            return self._phrase(q, scored)
        if isinstance(q, query.Prefix):  # Whoosh scores a prefix match by its boost alone
            mask = np.zeros(self.size, dtype=bool)
            for name in fields_holding(q.fieldname):
                for fieldname, text in query.Prefix(name, q.text).expanded_terms(self.reader):
                    budget.check()  # a short prefix may expand to thousands of words
                    mask[self.term(fieldname, text)[0]] = True
            return self._constant(mask, q.boost, scored)
        if isinstance(q, query.NumericRange) and q.fieldname == "date":
            dates = self.dates
            mask = np.ones(self.size, dtype=bool)
            if q.start is not None:
                mask &= dates >= q.start if not q.startexcl else dates > q.start
            if q.end is not None:
                mask &= dates <= q.end if not q.endexcl else dates < q.end
            return self._constant(mask, 0.0, scored)
        if isinstance(q, type(query.NullQuery)):
            return self._none(scored)
        mask = np.zeros(self.size, dtype=bool)  # anything else: Whoosh's own matcher, unscored
        mask[np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)] = True
        return self._constant(mask, q.boost if hasattr(q, "boost") else 1.0, scored)

    def _term(self, fieldname: str, text, boost: float, scored: bool) -> Matches:
        ids, weights = self.term(fieldname, text)
        mask = np.zeros(self.size, dtype=bool)
        mask[ids] = True
        if not scored:
            return Matches(mask, None)
        score = np.zeros(self.size, dtype=np.float32)
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if len(ids) and field is not None and field.scorable:
            idf = self.searcher.idf(fieldname, text)
            average = self.searcher.avg_field_length(fieldname) or 1
            score[ids] = bm25(idf, weights, self.lengths(fieldname)[ids], average,
                              self._b.get(fieldname, self._default_b), self._k1) * boost
        else:
            score[ids] = boost
        return Matches(mask, score)

    def _phrase(self, q: query.Phrase, scored: bool) -> Matches:
        words = list(q.words)
        if not words:
            return self._none(scored)
        found = self._combine([self._evaluate(query.Term(q.fieldname, w, boost=q.boost), scored) for w in words],
                              all, scored)
        if len(words) == 1:
            return found
        candidates = np.flatnonzero(found.mask & self.live)
        kept = self._in_order(phrase_text(words), candidates, fold=fold_field_of(q.fieldname))
        mask = np.zeros(self.size, dtype=bool)
        mask[candidates[kept]] = True
        return Matches(mask, found.score)

    def _in_order(self, needle: str, candidates: np.ndarray, fold: bool) -> np.ndarray:
        """Which candidates hold the phrase. The same phrase is asked of each text field of a
        query, and for the accent-free field of a document without accents the answer is the
        plain one: each document is checked once per phrase and evaluation."""
        if fold:
            folded = self.has_fold[candidates]
            kept = np.empty(len(candidates), dtype=bool)
            kept[~folded] = self._in_order(needle, candidates[~folded], fold=False)
            texts = self.phrases(fold=True)
            kept[folded] = [needle in texts[d] for d in candidates[folded].tolist()]
            return kept
        checked, found = self._checked.setdefault(needle, (np.zeros(self.size, dtype=bool),
                                                           np.zeros(self.size, dtype=bool)))
        new = candidates[~checked[candidates]]
        if len(new):
            texts = self.phrases(fold=False)
            found[new] = np.fromiter((needle in texts[d] for d in new.tolist()), dtype=bool, count=len(new))
            checked[new] = True
        return found[candidates]

    def _combine(self, parts: list[Matches], how: Callable[[Iterable], bool], scored: bool) -> Matches:
        if not parts:
            return self._none(scored) if how is any else self._constant(self.live.copy(), 0.0, scored)
        if len(parts) == 1:  # nothing to combine (the arrays of a part are never changed in place)
            return parts[0]
        mask = parts[0].mask.copy()
        for part in parts[1:]:
            if how is any:
                mask |= part.mask
            else:
                mask &= part.mask
        if not scored:
            return Matches(mask, None)
        score = parts[0].score.copy()
        for part in parts[1:]:
            score += part.score
        return Matches(mask, score)

    def _constant(self, mask: np.ndarray, value: float, scored: bool) -> Matches:
        if not scored:
            return Matches(mask, None)
        return Matches(mask, np.where(mask, np.float32(value), np.float32(0)))

    # ---- ordering ------------------------------------------------------------------------------

    def best(self, found: Matches, mask: np.ndarray, count: int) -> list[tuple[int, float]]:
        """The ``count`` best-scored of the masked documents, ties by document number."""
        docs = np.flatnonzero(mask)
        scores = found.score[docs]
        if len(docs) > count:
            keep = np.argpartition(-scores, count - 1)[:count]
            cutoff = scores[keep].min()
            keep = np.flatnonzero(scores >= cutoff)  # every tie at the cut, so the order is stable
            docs, scores = docs[keep], scores[keep]
        order = np.lexsort((docs, -scores))[:count]
        return [(int(docs[i]), float(scores[i])) for i in order]

    def newest(self, mask: np.ndarray, count: int) -> list[int]:
        """The ``count`` newest of the masked documents (undated last), ties by document number."""
        docs = np.flatnonzero(mask)
        order = np.lexsort((docs, -self.dates[docs]))[:count]
        return docs[order].tolist()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _read_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and weights, a block at a time (deletions are left to the
    caller's live mask)."""
    if isinstance(matcher, FilterMatcher):
        # The filter may have stepped its child past deleted documents: the blocks behind it hold
        # only those, and the current one is read whole.
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher) or ids_inline(matcher):  # e.g. a term's single posting kept inline
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)
    id_blocks: list[np.ndarray] = []
    weight_blocks: list[np.ndarray] = []
    while matcher.is_active():
        deltas, weights, count = current_block(matcher)
        if isinstance(deltas, array):  # whoosh_bulk's blocks: read in place
            id_blocks.append(np.cumsum(np.frombuffer(deltas, dtype=f"u{deltas.itemsize}"), dtype=np.int64))
        else:
            id_blocks.append(np.cumsum(np.array(deltas, dtype=np.int64)))
        if weights is None:
            weight_blocks.append(np.ones(count, dtype=np.float32))
        elif isinstance(weights, float):
            weight_blocks.append(np.full(count, weights, dtype=np.float32))
        else:
            weight_blocks.append(np.frombuffer(weights, dtype=np.float32).copy()
                                 if hasattr(weights, "typecode") and weights.typecode == "f"
                                 else np.array(weights, dtype=np.float32))
        next_block(matcher)
    if not id_blocks:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)
