"""The search port: what every search adapter (Whoosh today, PostgreSQL full text next) offers,
and the values that cross it. Nothing here knows an engine.

The contract
============

Documents. A ``Document`` is one searchable thing of one workspace: a quote, narrative, job,
step, journey or experiment as it is now (``scope="live"``), or one *version* of such an item as
the snapshots of one journey hold it (``scope="history"``). ``key`` names it uniquely across all
workspaces; ``fingerprint`` changes whenever anything indexed about it changes (``search check``
compares it). ``language`` is the workspace's language and picks the stemmer. ``title`` and
``tags`` rank above ``body`` (BM25F). The list fields (``journey_ids``, ``phase_ids``,
``step_ids``, ``tags``) may hold several values; ``tag_keys`` and ``participant`` are
case-folded for matching, ``tags`` keeps the names for display. ``date`` is the item's own date
(a quote's "said on", a history version's snapshot date), ``None`` when it has none.

Writing. ``index(docs)`` adds or replaces documents by key; ``delete(keys)`` removes them
(unknown keys are ignored); ``apply(docs, keys)`` does both as one index commit. All three are
idempotent: applying the same work twice leaves the same index. ``apply_bulk(docs, keys)`` is
``apply`` for thousands of documents at once (an import, a restore): same contract, written the
fastest way the adapter has (Whoosh: new segments from arrays; by default ``apply``). ``replace_workspace(id, docs)``
makes ``docs`` the workspace's only documents (language changed, workspace restored, reindex);
``replace_workspace(id, [])`` drops it. Readers never see a half-replaced workspace.
``writer_lock(wait)`` is the one-writer lock every writer of this index takes (a file lock for
Whoosh, an advisory lock for PostgreSQL): ``with index.writer_lock(wait=False) as held:`` —
``held`` is False when another writer has it.

Reading. ``query(workspace, text, filters, facets, page)`` answers one user query:

- ``workspace`` is the caller's workspace (already authorised by the caller). The adapter must
  apply it *inside the engine, before ranking, counting and faceting*: no document of another
  workspace may reach the hits, the total, a facet count, the spelling suggestion or the scores.
- ``text`` is whatever the user typed. Words (all must match), "exact phrases", ``prefix*``,
  ``field:value`` for the fields in ``QUERY_FIELDS`` (``tag:pris``, ``participant:P07``,
  ``type:quote``), ``AND`` / ``OR`` / ``NOT`` and parentheses. Words match by stem in the
  workspace's language ("växter" finds "växterna") and, ranked lower, without accents ("vaxter"
  finds "växter"). An empty text (or ``*``) matches every document that passes the filters. Any
  string gives results or none — never an exception; what the syntax cannot use is read as words.
- ``filters`` narrow the documents before anything is counted; ``scope`` picks live or history.
- ``facets`` names the facets to count (``FACETS``); each facet's counts are what the hits would
  be with that value chosen and every *other* filter as it is (a facet's own filter is left out
  of its counts), so a count is always the number of results its link gives.
- ``page`` is the page, its size and the order: ``relevance`` (BM25F, title and tags boosted) or
  ``date`` (newest first; undated last).

The service runs ``query`` inside a time budget (insightrepo.search.budget): the adapter calls
``budget.check()`` wherever its work grows with the query and lets ``budget.OverBudget`` through
(out of time is not bad input); the service answers it with 503 and Retry-After.

It returns ``Results``: the total, the page's ``Hit``s (``snippet`` is HTML in which every
character of the document's text is escaped and only the matched words are wrapped in
``<mark>``), the facet counts, and ``suggestion`` — a corrected query when the text gave fewer
than ``SUGGEST_BELOW`` hits and a spelling correction from the workspace's own words gives more.
An adapter may estimate a large total instead of counting it (the PostgreSQL adapter above its
``estimate_above`` hits): it then sets ``total_is_estimate``, and the facet counts are estimates
from the same sample; below that the total and the facets are exact (Whoosh always counts).

Maintenance. ``keys_naming(workspace_id, field, value)`` lists the live documents whose
``field`` (``tag``, ``participant``, ``step``, ``phase``) holds ``value`` — the outbox uses it
when a tag or participant is renamed or a step removed. ``fingerprints(workspace_id)`` maps
every document key of a workspace to its fingerprint; ``workspace_ids()`` lists the workspaces
the index holds. ``close()`` releases files and connections.

An adapter is built by ``insightrepo.search.engine.make_index(settings, database)`` from the setting
``search_backend``; the adapter tests (tests/search/) run against every adapter in
``tests/search/adapters.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Iterable, NamedTuple

TYPES = ("quote", "narrative", "job", "step", "journey", "experiment")
SCOPES = ("live", "history")
SORTS = ("relevance", "date")
FACETS = ("type", "journey", "phase", "tag", "participant", "sentiment", "marker", "year")
# field:value syntax the user may write, and what each names in a Document
QUERY_FIELDS = ("type", "tag", "participant", "sentiment", "marker", "year")
SUGGEST_BELOW = 3  # fewer hits than this → look for a spelling suggestion

Progress = Callable[[str, int, int], None]  # (what, done, total)


class DocKey(NamedTuple):
    workspace_id: str | None  # None: the workspace is not known (the adapter looks everywhere)
    key: str


@dataclass(frozen=True)
class Document:
    key: str
    workspace_id: str
    language: str
    type: str
    id: str
    title: str
    body: str = ""
    tags: tuple[str, ...] = ()
    tag_keys: tuple[str, ...] = ()
    participant: str | None = None  # the code as written
    sentiment: str | None = None
    marker: str | None = None
    journey_ids: tuple[str, ...] = ()
    phase_ids: tuple[str, ...] = ()
    step_ids: tuple[str, ...] = ()
    journey_id: str | None = None  # where a link to the item goes
    step_id: str | None = None
    date: date | None = None
    scope: str = "live"
    snapshot_id: str | None = None  # history: the latest snapshot holding this version
    first_date: date | None = None  # history: the earliest snapshot holding it
    snapshot_count: int = 0
    fingerprint: str = ""

    @property
    def doc_key(self) -> DocKey:
        return DocKey(self.workspace_id, self.key)

    @property
    def year(self) -> str | None:
        return str(self.date.year) if self.date else None


@dataclass(frozen=True)
class WorkspaceRef:
    id: str
    language: str


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()  # any of these
    journey: str | None = None
    phase: str | None = None
    step: str | None = None
    tag: str | None = None  # a tag key (case-folded name)
    participant: str | None = None  # case-folded code
    sentiment: str | None = None
    marker: str | None = None
    year: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    scope: str = "live"

    def without(self, facet: str) -> "Filters":
        """These filters less the one a facet sets (its counts leave it out)."""
        name = {"type": "types"}.get(facet, facet)
        if not hasattr(self, name):
            return self
        return replace(self, **{name: () if name == "types" else None})

    def value_of(self, facet: str) -> tuple[str, ...]:
        value = getattr(self, {"type": "types"}.get(facet, facet), None)
        if value is None:
            return ()
        return value if isinstance(value, tuple) else (value,)


@dataclass(frozen=True)
class PageRequest:
    number: int = 1
    size: int = 20
    sort: str = "relevance"


@dataclass(frozen=True)
class Hit:
    key: str
    type: str
    id: str
    title: str
    snippet: str  # HTML: escaped text, matched words in <mark>
    score: float | None
    journey_id: str | None
    step_id: str | None
    snapshot_id: str | None
    date: date | None
    scope: str = "live"
    tags: tuple[str, ...] = ()
    participant: str | None = None
    phase_ids: tuple[str, ...] = ()
    first_date: date | None = None
    snapshot_count: int = 0


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    suggestion: str | None = None
    total_is_estimate: bool = False  # the total (and the facet counts) estimated from a sample of the hits


@dataclass(frozen=True)
class Orphan:
    """What a write that never finished left behind (a rebuild killed half-way): where, how big."""

    where: str
    bytes: int


class SearchIndex(ABC):
    """The port. See the module docstring for the contract every adapter keeps."""

    name: str = ""

    @abstractmethod
    def apply(self, docs: Iterable[Document], keys: Iterable[DocKey]) -> None:
        """Delete ``keys`` and add or replace ``docs``, as one commit."""

    def index(self, docs: Iterable[Document]) -> None:
        self.apply(docs, ())

    def delete(self, keys: Iterable[DocKey]) -> None:
        self.apply((), keys)

    def apply_bulk(self, docs: Iterable[Document], keys: Iterable[DocKey]) -> None:
        """``apply`` for a large batch (thousands of documents: an import, a restore); an adapter
        with a faster way to write many documents at once overrides it."""
        self.apply(docs, keys)

    @abstractmethod
    def replace_workspace(self, workspace_id: str, docs: Iterable[Document],
                          progress: Progress | None = None) -> int:
        """Make ``docs`` the workspace's only documents; returns how many were written."""

    @abstractmethod
    def query(self, workspace: WorkspaceRef, text: str, filters: Filters, facets: Iterable[str],
              page: PageRequest) -> Results:
        """One user query, confined to ``workspace`` inside the engine."""

    @abstractmethod
    def keys_naming(self, workspace_id: str, field_name: str, value: str) -> list[str]:
        """Keys of the workspace's live documents whose ``field_name`` holds ``value``."""

    @abstractmethod
    def fingerprints(self, workspace_id: str) -> dict[str, str]:
        """Every document key of the workspace → its fingerprint."""

    @abstractmethod
    def workspace_ids(self) -> set[str]:
        """The workspaces the index holds anything of."""

    @abstractmethod
    def writer_lock(self, wait: bool) -> AbstractContextManager[bool]:
        """The one-writer lock; yields whether it is held (always True with ``wait``)."""

    def orphans(self) -> list[Orphan]:
        """Leftovers of writes that never finished; call with the writer lock held (no write is
        under way then). None where every write is one transaction (PostgreSQL)."""
        return []

    def remove_orphans(self) -> list[Orphan]:
        """Remove what ``orphans`` finds (the writer lock held); returns what was removed."""
        return []

    def close(self) -> None:
        """Release files and connections."""
