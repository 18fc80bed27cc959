"""The PostgreSQL adapter: search in the database itself, for deployments with several app
servers (every server sees the same index; nothing lives on a server's disk).

Documents are rows of ``search_documents`` (migration 0007), one per workspace and key; their
``vector`` (a tsvector, GIN-indexed) is built on insert with the workspace language's text search
configuration — see postgresql_query.py for what it holds and how a query becomes one tsquery.
``search_words`` counts the words (as written) of each workspace's documents: "did you mean"
looks there, by trigram similarity (pg_trgm) when the server has it.

Isolation: every statement is confined to ``workspace_id = :workspace`` (and the scope) in its
WHERE clause, so hits, totals, facet counts and suggestions only ever see the workspace's rows;
``ts_rank_cd`` scores a row from the row alone (no statistics of other documents), so scores
cannot betray another workspace either.

Writes run in one transaction each (``apply``, and ``replace_workspace`` whole), so readers see
a workspace before or after, never half-way. The one-writer lock is a PostgreSQL advisory lock,
held on a connection of its own for as long as the writer works (released by the server if the
process dies)."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

from sqlalchemy import Connection, Engine, Text, cast, null, select
from sqlalchemy import text as sql
from psycopg.errors import QueryCanceled
from sqlalchemy.exc import DBAPIError

from insightrepo.db import Database
from insightrepo.models.evidence import code_key, quote_title
from insightrepo.search import budget
from insightrepo.search import query_syntax as syntax
from insightrepo.batches import chunks
from insightrepo.search.documents import joined
from insightrepo.search.port import (FACETS, SUGGEST_BELOW, DocKey, Document, FacetCount, Filters, Hit, PageRequest,
                                     Progress, Results, SearchIndex, WorkspaceRef)
from insightrepo.search.postgresql.query import (
    SAMPLES,
    configs,
    document_lexemes,
    filter_tsquery,
    marked_words,
    rank_words,
    sample_tsquery,
    samples,
    tsquery,
)
from insightrepo.search.snippets import marked, one_line

log = logging.getLogger(__name__)

LOCK_KEY = 7_316_839_420_151_002_007  # pg_advisory_lock key of the search writer ("any bigint, ours alone")
BATCH = 500
# ts_rank_cd weights {D, C, B, A}: BM25F's boosts — title ×3, tags ×2, body ×1, accent-free ×0.4
WEIGHTS = "{0.1333, 0.3333, 0.6667, 1.0}"
RANK_NORMALISATION = 1  # divide by 1 + log(document length): long texts do not win by length alone
MAX_INDEXED = 200_000  # characters of one text field indexed (a tsvector holds at most 1 MB)
MAX_WORD = 60  # longer "words" are not offered as corrections
# Above this many hits, relevance ranks the newest RANK_CAP of them, and the older ones follow by date
# (ts_rank_cd reads each hit's whole tsvector: ranking the 35,000 hits of a common word at 100,000
# quotes took longer than finding them). Every hit is still counted, faceted and reachable by paging.
RANK_CAP = 2_000
# Above ``estimate_above`` hits (the setting search_estimate_above), the total and the facets are
# estimated from the smallest sample (query.SAMPLES) holding at least MIN_SAMPLE of them (or
# estimate_above, if lower), scaled up and rounded to two significant digits; the relevance order
# ranks that sample's hits, and the others follow by date. Counting every hit of a common word was
# most of a search's time at 100,000 quotes (docs/benchmarks.md). A sample's relative error is
# about 1 / √(its hits): 6 % at MIN_SAMPLE.
ESTIMATE_ABOVE = 5_000
MIN_SAMPLE = 300
_PLAIN_WORD = re.compile(r"\w+(?:\.?\w+)*")  # as the Whoosh adapter's `words` field splits text
_MARK, _UNMARK = "\x02", "\x03"
_UNSAFE = re.compile(r"[\x00\x02\x03\ud800-\udfff]")  # PostgreSQL text holds no NUL; our marks; lone surrogates
FACET_COLUMNS = {"type": "type", "journey": "journey_ids", "phase": "phase_ids", "tag": "tag_keys",
                 "participant": "participant_key", "sentiment": "sentiment", "marker": "marker", "year": "year"}
LIST_COLUMNS = {"journey_ids", "phase_ids", "tag_keys"}
HIT_COLUMNS = ("key, type, item_id, title, body, journey_id, step_id, snapshot_id, day, first_day, snapshot_count, "
               "tags, participant, phase_ids, scope")

_INSERT = sql("""
INSERT INTO search_documents (workspace_id, key, scope, type, item_id, language, title, body, tags, tag_keys,
    participant, participant_key, sentiment, marker, year, journey_ids, phase_ids, step_ids, journey_id, step_id,
    snapshot_id, day, first_day, snapshot_count, fingerprint, words, vector)
VALUES (:workspace_id, :key, :scope, :type, :item_id, :language, :title, :body, :tags, :tag_keys,
    :participant, :participant_key, :sentiment, :marker, :year, :journey_ids, :phase_ids, :step_ids, :journey_id,
    :step_id, :snapshot_id, :day, :first_day, :snapshot_count, :fingerprint, :words,
    setweight(to_tsvector(CAST(:config AS regconfig), :title_indexed), 'A')
    || setweight(to_tsvector(CAST(:config AS regconfig), :tags_indexed), 'B')
    || setweight(to_tsvector(CAST(:config AS regconfig), :body_indexed), 'C')
    || setweight(to_tsvector(CAST(:fold AS regconfig), :everything), 'D')
    || array_to_tsvector(CAST(:lexemes AS text[])))
""")
_REMOVE = sql("""
WITH gone AS (
    DELETE FROM search_documents d
    USING unnest(CAST(:workspaces AS text[]), CAST(:keys AS text[])) AS g(workspace_id, key)
    WHERE d.workspace_id = g.workspace_id AND d.key = g.key
    RETURNING d.workspace_id, d.words),
counted AS (
    SELECT gone.workspace_id, w.word, count(*) AS n FROM gone, unnest(gone.words) AS w(word)
    GROUP BY gone.workspace_id, w.word)
UPDATE search_words s SET documents = s.documents - counted.n FROM counted
WHERE s.workspace_id = counted.workspace_id AND s.word = counted.word
""")
_COUNT_WORDS = sql("""
INSERT INTO search_words (workspace_id, word, documents)
SELECT d.workspace_id, w.word, count(*) FROM search_documents d, unnest(d.words) AS w(word)
WHERE (d.workspace_id, d.key) IN (SELECT * FROM unnest(CAST(:workspaces AS text[]), CAST(:keys AS text[])))
GROUP BY d.workspace_id, w.word
ON CONFLICT (workspace_id, word) DO UPDATE SET documents = search_words.documents + excluded.documents
""")
_COUNT_WORKSPACE_WORDS = sql("""
INSERT INTO search_words (workspace_id, word, documents)
SELECT d.workspace_id, w.word, count(*) FROM search_documents d, unnest(d.words) AS w(word)
WHERE d.workspace_id = :workspace GROUP BY d.workspace_id, w.word
""")


class PostgresIndex(SearchIndex):
    name = "postgresql"

    def __init__(self, database: Database, estimate_above: int = ESTIMATE_ABOVE):
        self.database = database
        self.estimate_above = estimate_above
        self._trigrams: bool | None = None

    @property
    def engine(self) -> Engine:
        """The app's engine (tests bind the app to one connection: its engine, outside that transaction)."""
        bind = self.database.bind
        return bind.engine if isinstance(bind, Connection) else bind

    @contextmanager
    def writer_lock(self, wait: bool) -> Iterator[bool]:
        with self.engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            if wait:
                connection.execute(sql("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
                held = True
            else:
                held = bool(connection.scalar(sql("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}))
            try:
                yield held
            finally:
                if held:
                    connection.execute(sql("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})

    # ---- writing ---------------------------------------------------------------------------

    def apply(self, docs: Iterable[Document], keys: Iterable[DocKey]) -> None:
        added = list({doc.doc_key: doc for doc in docs}.values())
        with self.engine.begin() as connection:
            pairs = {(k.workspace_id, k.key) for k in keys if k.workspace_id}
            unplaced = [k.key for k in keys if not k.workspace_id]
            if unplaced:
                pairs |= {(workspace_id, key) for workspace_id, key in connection.execute(sql(
                    "SELECT workspace_id, key FROM search_documents WHERE key = ANY(CAST(:keys AS text[]))"),
                    {"keys": unplaced})}
            pairs |= {(doc.workspace_id, doc.key) for doc in added}
            for chunk in chunks(sorted(pairs), BATCH):
                connection.execute(_REMOVE, _pairs(chunk))
            for chunk in chunks(added, BATCH):
                connection.execute(_INSERT, [_row(doc) for doc in chunk])
                connection.execute(_COUNT_WORDS, _pairs([(doc.workspace_id, doc.key) for doc in chunk]))
            connection.execute(sql("DELETE FROM search_words WHERE documents <= 0 "
                                    "AND workspace_id = ANY(CAST(:workspaces AS text[]))"),
                               {"workspaces": sorted({w for w, _ in pairs})})

    def replace_workspace(self, workspace_id: str, docs: Iterable[Document],
                          progress: Progress | None = None) -> int:
        written, seen = 0, set()
        with self.engine.begin() as connection:
            for table in ("search_documents", "search_words"):
                connection.execute(sql(f"DELETE FROM {table} WHERE workspace_id = :workspace"),
                                   {"workspace": workspace_id})
            for chunk in chunks(_fresh(docs, seen), BATCH):
                connection.execute(_INSERT, [_row(doc) for doc in chunk])
                written += len(chunk)
                if progress:
                    progress(workspace_id, written, 0)
            connection.execute(_COUNT_WORKSPACE_WORDS, {"workspace": workspace_id})
        return written

    # ---- maintenance -----------------------------------------------------------------------

    def keys_naming(self, workspace_id: str, field_name: str, value: str) -> list[str]:
        found = filter_tsquery(_one_filter(field_name, value))
        if found is None:
            return []
        with self.engine.connect() as connection:
            return list(connection.scalars(sql(
                "SELECT key FROM search_documents WHERE workspace_id = :workspace AND scope = 'live' "
                "AND vector @@ CAST(:found AS tsquery) ORDER BY key"), {"workspace": workspace_id, "found": found}))

    def fingerprints(self, workspace_id: str) -> dict[str, str]:
        with self.engine.connect() as connection:
            return {key: fingerprint for key, fingerprint in connection.execute(sql(
                "SELECT key, fingerprint FROM search_documents WHERE workspace_id = :workspace"),
                {"workspace": workspace_id})}

    def workspace_ids(self) -> set[str]:
        with self.engine.connect() as connection:
            return set(connection.scalars(sql("SELECT DISTINCT workspace_id FROM search_documents")))

    def trigrams(self) -> bool:
        """Whether pg_trgm is installed ("did you mean" then looks words up by trigram)."""
        if self._trigrams is None:
            with self.engine.connect() as connection:
                self._trigrams = bool(connection.scalar(sql(
                    "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")))
        return self._trigrams

    # ---- reading ---------------------------------------------------------------------------

    def query(self, workspace: WorkspaceRef, text: str, filters: Filters, facets: Iterable[str],
              page: PageRequest) -> Results:
        facets = [f for f in facets if f in FACETS]
        typed = _UNSAFE.sub("", text)
        for attempt in (syntax.parse, _words_only):
            try:
                with self.engine.connect() as connection:
                    _hold_to_budget(connection)
                    return _Query(self, connection, workspace, typed, filters, facets, page).run(attempt)
            except DBAPIError as error:  # any input gives results or none, never an error
                if isinstance(error.orig, QueryCanceled):  # statement_timeout: out of time, not bad input
                    raise budget.OverBudget() from None
                log.warning("query %r could not be run (%s)", typed, attempt.__name__, exc_info=True)
            except budget.OverBudget:
                raise
            except Exception:  # noqa: BLE001 — a bug, not the input: logged, and still no error page
                log.exception("query %r failed (%s)", typed, attempt.__name__)
        return Results(0, [], {f: [] for f in facets}, None)


# The planner's settings for a search's transaction (docs/benchmarks.md, "PostgreSQL search at
# 100,000 quotes"): without them it reads every row's tsvector in a sequential scan whenever a
# word is common (it cannot weigh the cost of detoasting and matching each vector, and a query
# ORed over four configurations looks four times as common as it is) — 2–4 times slower than the
# GIN index's bitmap; and the hits of a common word, kept for the facet counts, spill to disk
# in the default 4 MB of work_mem. And no JIT: the counts of a common word cost enough for PostgreSQL
# to compile them, which took 140–160 ms of a 1.1 s query each time (a search's plan is never reused).
PLANNER = {"enable_seqscan": "off", "enable_indexscan": "off", "work_mem": "'32MB'", "jit": "off"}
# …and for a page of many hits by date: along ix_search_documents_day, newest first, matching each
# row until the page is full, instead of finding every hit and sorting them (migration 0020).
WALK = {"enable_bitmapscan": "off", "enable_indexscan": "on", "enable_sort": "off"}


def _set(connection: Connection, settings: dict[str, str]) -> None:
    for name, value in settings.items():
        connection.exec_driver_sql(f"SET LOCAL {name} = {value}")


def _hold_to_budget(connection: Connection) -> None:
    """The search's time budget (insightrepo.search.budget) as PostgreSQL's statement_timeout, for
    this query's transaction only; a budget already spent stops here. The planner's settings too."""
    budget.check()
    _set(connection, PLANNER)
    left = budget.remaining()
    if left is not None:
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(left * 1000))}")


@dataclass
class _Estimate:
    """A total estimated from the 1/``share`` sample, which held ``sampled`` of the hits."""

    share: int
    sampled: int
    total: int
    counts: dict[str, list[FacetCount]]


def about(n: int) -> int:
    """``n`` to two significant digits (34,816 → 35,000): as precise as a sample can tell."""
    return n if n < 100 else round(n, 2 - len(str(n)))


@dataclass
class _Queries:
    """The tsqueries of one query, as text: what must match, what ranks, what is marked."""

    match: str | None  # None: everything (the filters alone decide)
    rank: str
    marks: str


class _Query:
    """One query against one workspace, on one connection."""

    def __init__(self, index: PostgresIndex, connection: Connection, workspace: WorkspaceRef, typed: str,
                 filters: Filters, facets: list[str], page: PageRequest):
        self.index, self.connection, self.workspace = index, connection, workspace
        self.typed, self.filters, self.facets, self.page = typed, filters, facets, page
        self.stemmed, self.folded = configs(workspace.language)

    def run(self, parse) -> Results:
        queries = self._queries(parse(self.typed))
        if queries is None:
            return Results(0, [], {f: [] for f in self.facets}, self._suggestion(0))
        estimate = self._estimate(queries)
        total, counts = (estimate.total, estimate.counts) if estimate else self._counts(queries)
        hits = self._hits(queries, total, estimate) if total > (self.page.number - 1) * self.page.size else []
        suggestion = self._suggestion(total) if total < SUGGEST_BELOW else None
        return Results(total, hits, counts, suggestion, total_is_estimate=estimate is not None)

    def _queries(self, node: syntax.Node | None) -> _Queries | None:
        if syntax.is_everything(self.typed):
            return _Queries(None, "", "")
        if node is None:
            return None
        expressions = [tsquery(node, self.workspace.language), rank_words(node, self.workspace.language),
                       marked_words(node, self.workspace.language)]
        values = self.connection.execute(select(*[cast(e, Text) if e is not None else null() for e in expressions]))
        match, rank, marks = (v or "" for v in values.one())
        return _Queries(match, rank, marks) if match else None

    # -- the WHERE clause: the workspace, the scope, the dates, and one tsquery (text and filters)
    def _where(self, queries: _Queries, filters: Filters, suffix: str = "",
               sample: str | None = None) -> tuple[str, dict]:
        """The conditions and their parameters (named with ``suffix``, so several can share a
        statement); ``sample``: the tsquery text of a sample the hits must (or, with ``!``, must not) be in."""
        params = {"workspace": self.workspace.id, "scope": filters.scope}
        clauses = ["d.workspace_id = :workspace", "d.scope = :scope"]
        if filters.date_from:
            clauses.append("d.day >= :date_from")
            params["date_from"] = filters.date_from
        if filters.date_to:
            clauses.append("d.day <= :date_to")
            params["date_to"] = filters.date_to
        parts = [p for p in (queries.match, filter_tsquery(filters), sample) if p]
        if parts:
            clauses.append("d.vector @@ CAST(:matching AS tsquery)")
            params["matching"] = " & ".join(f"( {p} )" for p in parts)
        where = " AND ".join(clauses)
        if suffix:
            where = re.sub(r":(\w+)", rf":\1{suffix}", where)
        return where, {f"{key}{suffix}": value for key, value in params.items()}

    def _estimate(self, queries: _Queries) -> _Estimate | None:
        """The total and the facets from the smallest sample that holds enough of the hits, or None
        when the hits are few enough to count them all: not clearly above estimate_above, by three
        times the sample's standard error (so a total below it is counted exactly)."""
        limit = self.index.estimate_above
        enough = min(MIN_SAMPLE, limit)
        for share in SAMPLES:
            found, counts = self._counts(queries, sample_tsquery(share))
            if found >= enough:
                if found * share <= limit * (1 + 3 / math.sqrt(found)):
                    return None
                return _Estimate(share, found, about(found * share),
                                 {name: [FacetCount(f.value, about(f.count * share)) for f in values]
                                  for name, values in counts.items()})
            if (found + 3) * share <= limit:  # even a sample this far below its hits' share says few
                return None
        return None

    def _counts(self, queries: _Queries, sample: str | None = None) -> tuple[int, dict[str, list[FacetCount]]]:
        """The total and the facet counts, in one statement; a facet whose filter is set is counted
        over the hits of the other filters (its own left out). ``sample``: of that sample's hits only."""
        columns = ", ".join(sorted(set(FACET_COLUMNS.values())))
        where, params = self._where(queries, self.filters, sample=sample)
        ctes = [f"hits AS (SELECT {columns} FROM search_documents d WHERE {where})"]
        parts = ["SELECT '' AS facet, '' AS value, count(*) AS n FROM hits"]
        for name in self.facets:
            source = "hits"
            if self.filters.value_of(name):
                source = f"own_{name}"
                own_where, own_params = self._where(queries, self.filters.without(name), f"_{name}", sample)
                ctes.append(f"{source} AS (SELECT {columns} FROM search_documents d WHERE {own_where})")
                params.update(own_params)
            column = FACET_COLUMNS[name]
            if column in LIST_COLUMNS:
                parts.append(f"SELECT '{name}', v, count(*) FROM {source}, unnest({source}.{column}) AS v GROUP BY v")
            else:
                parts.append(f"SELECT '{name}', {column}, count(*) FROM {source} WHERE {column} IS NOT NULL "
                             f"GROUP BY {column}")
        rows = self.connection.execute(sql(f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}"), params)
        total, counts = 0, {name: [] for name in self.facets}
        for facet, value, n in rows:
            if facet == "":
                total = n
            elif value:
                counts[facet].append(FacetCount(value, n))
        return total, {name: sorted(found, key=lambda f: (-f.count, f.value)) for name, found in counts.items()}

    def _hits(self, queries: _Queries, total: int, estimate: _Estimate | None) -> list[Hit]:
        """The page's hits. Relevance ranks every hit, or — above RANK_CAP — the newest RANK_CAP of
        them, or — when the total is an estimate — the hits of its sample; the others follow by date."""
        ranked = self.page.sort == "relevance" and bool(queries.rank)
        start, end = (self.page.number - 1) * self.page.size, self.page.number * self.page.size
        if not ranked:
            rows = self._rows(queries, None, start, end, walk=estimate is not None)
        elif estimate is not None:  # the sample's hits ranked, then every other hit by date
            inside = sample_tsquery(estimate.share)
            rows = self._rows(queries, inside, start, min(end, estimate.sampled), ranked=True) \
                if start < estimate.sampled else []
            if end > estimate.sampled:
                rows += self._rows(queries, f"!{inside}", max(start, estimate.sampled) - estimate.sampled,
                                   end - estimate.sampled, walk=True)
        elif total <= RANK_CAP:
            rows = self._rows(queries, None, start, end, ranked=True)
        else:  # the capped rank pass: the newest RANK_CAP hits ranked, then the rest by date
            rows = self._rows(queries, None, start, min(end, RANK_CAP), ranked=True, newest=RANK_CAP) \
                if start < RANK_CAP else []
            if end > RANK_CAP:
                rows += self._rows(queries, None, max(start, RANK_CAP), end)
        snippets = self._snippets([one_line(_UNSAFE.sub("", row.body or row.title)) for row in rows], queries.marks)
        return [Hit(key=row.key, type=row.type, id=row.item_id, title=row.title or quote_title(row.body),
                    snippet=snippet, score=round(row.rank, 4) if row.rank is not None else None,
                    journey_id=row.journey_id, step_id=row.step_id, snapshot_id=row.snapshot_id, date=row.day,
                    scope=row.scope, tags=tuple(row.tags), participant=row.participant,
                    phase_ids=tuple(row.phase_ids), first_date=row.first_day, snapshot_count=row.snapshot_count)
                for row, snippet in zip(rows, snippets)]

    def _rows(self, queries: _Queries, sample: str | None, start: int, end: int, ranked: bool = False,
              newest: int | None = None, walk: bool = False) -> list:
        """Hits ``start`` to ``end`` (of those in ``sample``, if given), by relevance or by date;
        ``newest``: ranking only the newest that many; ``walk``: along the date index, reading hits
        until the page is full (for many hits: far fewer rows than finding and sorting them all)."""
        if end <= start:
            return []
        where, params = self._where(queries, self.filters, sample=sample)
        rank = "ts_rank_cd(CAST(:weights AS float4[]), d.vector, CAST(:ranking AS tsquery), :normalisation)" \
            if ranked else "NULL"
        by_date = "d.day DESC NULLS LAST, d.key"
        source = f"search_documents d WHERE {where}"
        if newest is not None:
            source = f"(SELECT {HIT_COLUMNS}, vector FROM {source} ORDER BY {by_date} LIMIT :cap) AS d"
        params.update(weights=WEIGHTS, ranking=queries.rank, normalisation=RANK_NORMALISATION, cap=newest,
                      limit=end - start, offset=start)
        statement = sql(f"SELECT {HIT_COLUMNS}, {rank} AS rank FROM {source} "
                        f"ORDER BY {'rank DESC, ' if ranked else ''}{by_date} LIMIT :limit OFFSET :offset")
        if not walk:
            return list(self.connection.execute(statement, params))
        _set(self.connection, WALK)
        try:
            return list(self.connection.execute(statement, params))
        finally:
            _set(self.connection, {name: PLANNER.get(name, "on") for name in WALK})

    def _snippets(self, texts: list[str], marks: str) -> list[str]:
        """``ts_headline`` marks the words (every one: HighlightAll) with control characters; the
        window around them is cut here and every character escaped, so only <mark> is HTML."""
        if not texts:
            return []
        if marks:
            texts = list(self.connection.scalars(sql(
                "SELECT ts_headline(CAST(:config AS regconfig), t, CAST(:marks AS tsquery), :options) "
                "FROM unnest(CAST(:texts AS text[])) WITH ORDINALITY AS x(t, n) ORDER BY n"),
                {"config": self.folded, "marks": marks, "texts": texts,
                 "options": f"HighlightAll=true, StartSel={_MARK}, StopSel={_UNMARK}"}))
        return [str(marked(*_spans(t))) for t in texts]

    # -- "did you mean"
    def _suggestion(self, total: int) -> str | None:
        if syntax.is_everything(self.typed):
            return None
        better = self._corrected()
        if better is None:
            return None
        queries = self._queries(syntax.parse(better))
        if queries is None:
            return None
        return better if self._counts_only(queries) > total else None

    def _counts_only(self, queries: _Queries) -> int:
        where, params = self._where(queries, self.filters)
        return self.connection.scalar(sql(f"SELECT count(*) FROM search_documents d WHERE {where}"), params)

    def _corrected(self) -> str | None:
        """The text with each word the workspace never uses — not as written, not by its
        accent-free stem — replaced by its most used word one edit away (two for words of 5+
        letters), first letter kept; None when nothing could be corrected."""
        pieces, last, changed = [], 0, False
        for start, end, word in syntax.misspelt_words(self.typed):
            tokens = _PLAIN_WORD.findall(word.lower())
            if len(tokens) != 1 or len(tokens[0]) < 3 or self._known(tokens[0], word):
                continue
            best = self._closest(tokens[0])
            if best is None:
                continue
            pieces.extend([self.typed[last:start], best])
            last, changed = end, True
        if not changed:
            return None
        pieces.append(self.typed[last:])
        return "".join(pieces)

    def _known(self, token: str, word: str) -> bool:
        return bool(self.connection.scalar(sql(
            "SELECT EXISTS (SELECT 1 FROM search_words WHERE workspace_id = :workspace AND word = :token) "
            "OR EXISTS (SELECT 1 FROM search_documents WHERE workspace_id = :workspace "
            "AND vector @@ plainto_tsquery(CAST(:fold AS regconfig), :word))"),
            {"workspace": self.workspace.id, "token": token, "fold": self.folded, "word": word}))

    def _closest(self, word: str) -> str | None:
        params = {"workspace": self.workspace.id, "word": word, "shortest": len(word) - 2, "longest": len(word) + 2}
        if self.index.trigrams():
            self.connection.execute(sql("SELECT set_config('pg_trgm.similarity_threshold', '0.15', true)"))
            near = "word % :word"
        else:
            near = "length(word) BETWEEN :shortest AND :longest"
        candidates = self.connection.execute(sql(
            f"SELECT word, documents FROM search_words WHERE workspace_id = :workspace AND {near} "
            f"AND left(word, 1) = left(:word, 1) AND word <> :word"), params).all()
        for distance in (1, 2):
            if distance == 2 and len(word) < 5:
                break
            within = [(n, w) for w, n in candidates if levenshtein(word, w, distance) <= distance]
            if within:
                return max(within)[1]
        return None


# ---- helpers -------------------------------------------------------------------------------

def _words_only(typed: str) -> syntax.Node | None:
    """The fallback query: every word, syntax ignored."""
    words = [syntax.Word(w) for _, _, w in syntax.misspelt_words(typed)]
    return syntax.And(tuple(words)) if len(words) > 1 else (words[0] if words else None)


def _one_filter(field_name: str, value: str) -> Filters:
    """The filter of keys_naming's field (tag, participant, step, phase)."""
    return Filters(**{field_name: value}) if field_name in ("tag", "participant", "step", "phase") else Filters()


def _spans(headline: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without the marks ts_headline put in, and where the marked words are."""
    plain, spans, start = [], [], None
    length = 0
    for piece in re.split(f"([{_MARK}{_UNMARK}])", headline):
        if piece == _MARK:
            start = length
        elif piece == _UNMARK:
            if start is not None and start < length:
                spans.append((start, length))
            start = None
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), spans


def levenshtein(a: str, b: str, limit: int) -> int:
    """The edit distance of ``a`` and ``b`` (anything over ``limit`` reported as limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _fresh(docs: Iterable[Document], seen: set[str]) -> Iterator[Document]:
    for doc in docs:
        if doc.key not in seen:
            seen.add(doc.key)
            yield doc


def _pairs(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    return {"workspaces": [w for w, _ in pairs], "keys": [k for _, k in pairs]}


def _clean(value: str | None) -> str:
    return _UNSAFE.sub("", value or "")


def _row(doc: Document) -> dict:
    stemmed, folded = configs(doc.language)
    title, body = _clean(doc.title), _clean(doc.body)
    tags_text = _clean(" ".join(doc.tags))
    words = Counter(w for w in _PLAIN_WORD.findall(joined(title, body, tags_text).lower()) if len(w) <= MAX_WORD)
    participant = _clean(doc.participant) or None
    return {
        "workspace_id": doc.workspace_id, "key": doc.key, "scope": doc.scope, "type": doc.type, "item_id": doc.id,
        "language": doc.language or "", "title": title, "body": body, "tags": [_clean(t) for t in doc.tags],
        "tag_keys": list(doc.tag_keys), "participant": participant,
        "participant_key": code_key(participant) if participant else None, "sentiment": doc.sentiment,
        "marker": doc.marker, "year": doc.year, "journey_ids": list(doc.journey_ids),
        "phase_ids": list(doc.phase_ids), "step_ids": list(doc.step_ids), "journey_id": doc.journey_id,
        "step_id": doc.step_id, "snapshot_id": doc.snapshot_id, "day": doc.date, "first_day": doc.first_date,
        "snapshot_count": doc.snapshot_count, "fingerprint": doc.fingerprint, "words": sorted(words),
        "config": stemmed, "fold": folded, "title_indexed": title[:MAX_INDEXED],
        "tags_indexed": tags_text[:MAX_INDEXED], "body_indexed": body[:MAX_INDEXED],
        "everything": joined(title, body, tags_text)[:MAX_INDEXED],
        "lexemes": document_lexemes({
            "type": (doc.type,), "tag": tuple(_clean(t) for t in doc.tag_keys), "participant": (participant or "",),
            "sentiment": (doc.sentiment or "",), "marker": (doc.marker or "",), "year": (doc.year or "",),
            "journey": doc.journey_ids, "phase": doc.phase_ids, "step": doc.step_ids, "sample": samples(doc.key)}),
    }
