"""The Whoosh adapter: the embedded search index, in the data directory.

Layout: one Whoosh index per workspace, so a query physically cannot reach another workspace's
documents — not in hits, totals, facet counts, spelling suggestions or the BM25 statistics that
scores come from. Each workspace's index lives in a *generation* directory named by a
``CURRENT`` file; replacing a workspace (reindex, language change, restore) builds a new
generation beside the old one and swaps ``CURRENT`` atomically, so searches go on against the
old one until the new one is complete. Replaced generations are kept for ten minutes (and the
previous one until the next swap): a query in another process may still be reading one. A
generation never swapped in (newer than CURRENT's, or in a workspace directory without one) is a
rebuild that was killed: an orphan, which ``search check`` reports and ``--clean``, ``reindex``
and ``init`` remove::

    <data dir>/search-index/
        writer.lock                      the one-writer lock (an OS file lock: released if a process dies)
        <workspace id>/CURRENT           → "g1733080000123-4711"
        <workspace id>/g1733080000123-4711/   a Whoosh index

Every query is also filtered to its workspace inside the index (the matches of its workspace
term, applied before counting, faceting and ranking), so even a misplaced document would not be
seen. Queries are evaluated over the postings with numpy (whoosh_matching)."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock

from insightrepo.models.evidence import code_key, quote_title
from insightrepo.search import budget
from insightrepo.batches import chunks
from insightrepo.search.port import (SUGGEST_BELOW, DocKey, Document, FacetCount, Filters, Hit, PageRequest,
                                     Orphan, Progress, Results, SearchIndex, WorkspaceRef)
from insightrepo.search.snippets import highlight
from insightrepo.search.whoosh.bulk_writer import write_segments
from insightrepo.search.whoosh.query import (
    corrected,
    day_number,
    filter_query,
    from_day_number,
    is_everything,
    user_query,
)
from insightrepo.search.whoosh.matching import Matches, Postings
from insightrepo.search.whoosh.schema import (
    SEPARATOR,
    IndexCodec,
    analyse,
    build_schema,
    field_language,
    text_fields,
    word_spans,
)

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
FORMAT = "FORMAT"
INDEX_FORMAT = "3"  # 3: the codec pickled as insightrepo.search.whoosh.schema.IndexCodec; 2: words analysed once, no positions (phrases column), fold holds changed words only
LOCK = "writer.lock"
MERGE_AFTER_SEGMENTS = 8  # small commits add a segment each; merge once this many have gathered
WRITER_TIMEOUT = 30.0  # seconds to wait for Whoosh's own lock (only a crashed writer's stale state holds it)
BULK_SEGMENT_DOCS = 25_000  # documents per segment when a whole workspace is written
BULK_PROCESSES = 2  # segments written side by side, where forking is safe
KEEP_GENERATIONS_SECONDS = 600  # replaced generations linger this long for queries still reading them
FACET_FIELDS = {"type": "type", "journey": "journey", "phase": "phase", "tag": "tag", "participant": "participant",
                "sentiment": "sentiment", "marker": "marker", "year": "year"}


class WhooshIndex(SearchIndex):
    name = "whoosh"

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.schema = build_schema()
        self._local = threading.local()
        self._open_searchers: set[Searcher] = set()
        self._guard = threading.Lock()
        self._indexes: dict[Path, whoosh_index.FileIndex] = {}  # opened once per generation

    # ---- where things are ----------------------------------------------------------------

    def _workspace_dir(self, workspace_id: str) -> Path:
        if not workspace_id or not workspace_id.isalnum():
            raise ValueError(f"not a workspace id: {workspace_id!r}")
        return self.root / workspace_id

    def _generation(self, workspace_id: str) -> Path | None:
        try:
            name = (self._workspace_dir(workspace_id) / CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        path = self._workspace_dir(workspace_id) / name
        if not path.is_dir() or _format(path) != INDEX_FORMAT:
            return None  # an index written by an older version counts as missing: start-up rebuilds it
        return path

    def workspace_ids(self) -> set[str]:
        return {p.name for p in self.root.iterdir()
                if p.name.isalnum() and p.is_dir() and self._generation(p.name) is not None}

    def orphans(self) -> list[Orphan]:
        """Generations never swapped in: newer than the workspace's current one, or in a workspace
        directory without a CURRENT. With the writer lock held no rebuild is under way, so each
        was left by one that was killed."""
        found = []
        for directory in sorted(self.root.iterdir()) if self.root.is_dir() else ():
            if not (directory.is_dir() and directory.name.isalnum()):
                continue
            try:
                current = (directory / CURRENT).read_text().strip()
            except FileNotFoundError:
                current = None
            for generation in sorted(directory.iterdir()):
                if (generation.is_dir() and generation.name != current
                        and (current is None or _created_ns(generation.name) > _created_ns(current))):
                    found.append(Orphan(str(generation), _size(generation)))
        return found

    def remove_orphans(self) -> list[Orphan]:
        removed = self.orphans()
        for orphan in removed:
            shutil.rmtree(orphan.where, ignore_errors=True)
        for directory in {Path(orphan.where).parent for orphan in removed}:
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()  # a first build that never finished: nothing else is there
        return removed

    @contextmanager
    def writer_lock(self, wait: bool) -> Iterator[bool]:
        lock = FileLock(str(self.root / LOCK))
        held = lock.acquire(blocking=wait)
        try:
            yield held
        finally:
            if held:
                lock.release()

    # ---- writing ---------------------------------------------------------------------------

    def _new_generation(self, workspace_id: str) -> tuple[Path, whoosh_index.FileIndex]:
        name = f"g{time.time_ns()}-{os.getpid()}"
        path = self._workspace_dir(workspace_id) / name
        path.mkdir(parents=True)
        (path / FORMAT).write_text(INDEX_FORMAT)
        return path, whoosh_index.create_in(str(path), self.schema)

    def _swap(self, workspace_id: str, generation: Path) -> None:
        directory = self._workspace_dir(workspace_id)
        previous = self._generation(workspace_id)
        temporary = directory / f"{CURRENT}.{os.getpid()}.{threading.get_ident()}"
        temporary.write_text(generation.name)
        os.replace(temporary, directory / CURRENT)
        keep = {generation.name, previous.name if previous else ""}
        recent = time.time_ns() - KEEP_GENERATIONS_SECONDS * 1_000_000_000
        for old in directory.iterdir():
            if old.is_dir() and old.name not in keep and _created_ns(old.name) < recent:
                shutil.rmtree(old, ignore_errors=True)

    def _writable(self, workspace_id: str) -> whoosh_index.FileIndex:
        path = self._generation(workspace_id)
        if path is None:
            path, created = self._new_generation(workspace_id)
            self._swap(workspace_id, path)
            self._indexes[path] = created
        elif path not in self._indexes:
            self._indexes[path] = whoosh_index.open_dir(str(path))
        return self._indexes[path]

    def apply(self, docs: Iterable[Document], keys: Iterable[DocKey]) -> None:
        by_workspace: dict[str, tuple[list[str], list[Document]]] = {}
        for key in keys:
            for workspace_id in ([key.workspace_id] if key.workspace_id else self._holding(key.key)):
                by_workspace.setdefault(workspace_id, ([], []))[0].append(key.key)
        for doc in docs:
            by_workspace.setdefault(doc.workspace_id, ([], []))[1].append(doc)
        for workspace_id, (deleted, added) in by_workspace.items():
            if not added and self._generation(workspace_id) is None:
                continue  # nothing to delete from an index that does not exist
            # compound=False: small commits write their files once instead of assembling a compound file
            writer = self._writable(workspace_id).writer(timeout=WRITER_TIMEOUT, compound=False, codec=IndexCodec())
            try:
                for key in deleted:
                    writer.delete_by_term("key", key)
                for doc in added:
                    writer.update_document(**_fields(doc))
            except BaseException:
                writer.cancel()
                raise
            # Merging rewrites the small segments at every commit (most of a small commit's cost);
            # let a few accumulate and merge them together.
            writer.commit(merge=len(writer.segments) >= MERGE_AFTER_SEGMENTS)

    def apply_bulk(self, docs: Iterable[Document], keys: Iterable[DocKey]) -> None:
        """``apply`` for a large batch (an import, a restore): per workspace, one commit that deletes
        the old versions of the batch's keys from the existing segments and adds the documents as
        new segments written from arrays (``write_segments``) beside them — not through Whoosh's
        per-posting writer. Existing segments are not merged (nobody waits for a merge); the small
        commits' merge leaves segments this large alone."""
        by_workspace: dict[str, tuple[set[str], list[Document]]] = {}
        for key in keys:
            for workspace_id in ([key.workspace_id] if key.workspace_id else self._holding(key.key)):
                by_workspace.setdefault(workspace_id, (set(), []))[0].add(key.key)
        for doc in docs:
            entry = by_workspace.setdefault(doc.workspace_id, (set(), []))
            entry[0].add(doc.key)
            entry[1].append(doc)
        for workspace_id, (replaced, added) in by_workspace.items():
            if not added and self._generation(workspace_id) is None:
                continue
            written = write_segments(self._writable(workspace_id), chunks(added, BULK_SEGMENT_DOCS), _fields, 1,
                                     {"timeout": WRITER_TIMEOUT, "codec": IndexCodec()},
                                     prepare=lambda owner, keys=replaced: _delete_keys(owner, keys))
            log.info("search index of workspace %s: %d documents written as new segments (bulk), %d segments now",
                     workspace_id, written, self.segment_count(workspace_id))

    def segment_count(self, workspace_id: str) -> int:
        """How many segments the workspace's current index has (0: none)."""
        return len(self.segment_sizes(workspace_id))

    def segment_sizes(self, workspace_id: str) -> list[int]:
        """The documents (deleted ones included) of each segment of the workspace's current index."""
        path = self._generation(workspace_id)
        if path is None:
            return []
        with whoosh_index.open_dir(str(path)).reader() as reader:
            return [leaf.doc_count_all() for leaf, _ in reader.leaf_readers()]

    def _holding(self, key: str) -> list[str]:
        """The workspaces whose index holds ``key`` (a deleted row whose workspace was not known)."""
        found = []
        for workspace_id in self.workspace_ids():
            searcher = self._searcher(workspace_id)
            if searcher is not None and searcher.document_number(key=key) is not None:
                found.append(workspace_id)
        return found

    def replace_workspace(self, workspace_id: str, docs: Iterable[Document],
                          progress: Progress | None = None) -> int:
        """Build the workspace's index in a new generation, then swap it in.

        Written by ``whoosh_bulk`` (postings from arrays) a segment of up to BULK_SEGMENT_DOCS
        documents at a time. Where this process runs no other thread (a command, not a server),
        BULK_PROCESSES segments are written side by side, by this process and forked children:
        forking a process that runs threads could copy a lock another thread holds."""
        path, created = self._new_generation(workspace_id)
        processes = min(BULK_PROCESSES, os.cpu_count() or 1) if threading.active_count() == 1 else 1
        report = (lambda count: progress(workspace_id, count, 0)) if progress else None
        try:
            written = write_segments(created, chunks(docs, BULK_SEGMENT_DOCS * processes), _fields, processes,
                                     {"timeout": WRITER_TIMEOUT, "codec": IndexCodec()}, report)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        if written == 0:
            shutil.rmtree(self._workspace_dir(workspace_id), ignore_errors=True)
            return 0
        self._swap(workspace_id, path)
        return written

    # ---- reading ---------------------------------------------------------------------------

    def _searcher(self, workspace_id: str) -> Searcher | None:
        """This thread's searcher on the workspace's current generation, brought up to date."""
        cache: dict[str, tuple[Path, Searcher]] = self._local.__dict__.setdefault("searchers", {})
        generation = self._generation(workspace_id)
        cached = cache.get(workspace_id)
        if cached is not None and (generation is None or cached[0] != generation):
            self._close(cached[1])
            del cache[workspace_id]
            cached = None
        if generation is None:
            return None
        if cached is not None and cached[1].up_to_date():
            return cached[1]
        if cached is not None:
            # A new searcher, not refresh(): refresh() shares segment readers with the old one,
            # and closing the old one would close them under the new one.
            self._close(cached[1])
        searcher = whoosh_index.open_dir(str(generation)).searcher()
        with self._guard:
            self._open_searchers.add(searcher)
        cache[workspace_id] = (generation, searcher)
        return searcher

    def _forget(self, workspace_id: str) -> None:
        cached = self._local.__dict__.get("searchers", {}).pop(workspace_id, None)
        if cached is not None:
            self._close(cached[1])

    def _close(self, searcher: Searcher) -> None:
        with self._guard:
            self._open_searchers.discard(searcher)
        searcher.close()

    def close(self) -> None:
        with self._guard:
            searchers, self._open_searchers = list(self._open_searchers), set()
        for searcher in searchers:
            searcher.close()
        self._local = threading.local()
        self._indexes.clear()

    def keys_naming(self, workspace_id: str, field_name: str, value: str) -> list[str]:
        searcher = self._searcher(workspace_id)
        if searcher is None:
            return []
        found = searcher.search(query.Term(field_name, value.casefold()), limit=None,
                                filter=query.Term("scope", "live"))
        return [hit["key"] for hit in found]

    def fingerprints(self, workspace_id: str) -> dict[str, str]:
        searcher = self._searcher(workspace_id)
        if searcher is None:
            return {}
        return {fields["key"]: fields.get("fingerprint", "") for fields in searcher.all_stored_fields()}

    def query(self, workspace: WorkspaceRef, text: str, filters: Filters, facets: Iterable[str],
              page: PageRequest) -> Results:
        facets = [f for f in facets if f in FACET_FIELDS]
        empty = Results(0, [], {f: [] for f in facets}, None)
        try:
            searcher = self._searcher(workspace.id)
        except Exception:  # noqa: BLE001 — an unreadable index answers "nothing", and says so in the log
            log.exception("search index of workspace %s cannot be read; run `insightrepo search reindex`",
                          workspace.id)
            return empty
        if searcher is None:
            return empty
        results = _Query(self._postings(workspace.id, searcher), workspace, text, filters, facets, page).run()
        if results is None:  # e.g. a generation removed under a long-idle searcher: once more, afresh
            self._forget(workspace.id)
            searcher = self._searcher(workspace.id)
            results = _Query(self._postings(workspace.id, searcher), workspace, text, filters, facets,
                             page).run() if searcher else None
        return results or empty

    def _postings(self, workspace_id: str, searcher: Searcher) -> Postings:
        """What this thread's queries on ``searcher`` share (a new searcher starts afresh)."""
        memos: dict[str, Postings] = self._local.__dict__.setdefault("memos", {})
        memo = memos.get(workspace_id)
        if memo is None or memo.searcher is not searcher:
            memo = memos[workspace_id] = Postings(searcher)
        return memo


class _Query:
    """One query against one workspace's searcher."""

    def __init__(self, postings: Postings, workspace: WorkspaceRef, text: str, filters: Filters, facets: list[str],
                 page: PageRequest):
        self.postings, self.searcher, self.workspace, self.text = postings, postings.searcher, workspace, text
        self.filters, self.facets, self.page = filters, facets, page
        self.language = field_language(workspace.language)

    def run(self) -> Results | None:
        q = user_query(self.text, self.language)
        try:
            return self._results(q)
        except budget.OverBudget:
            raise  # out of time is not bad input: the searching service answers it
        except Exception:  # noqa: BLE001 — any input gives results or none, never an error
            log.info("query %r failed; retrying as plain words", self.text, exc_info=True)
        try:
            from insightrepo.search.whoosh.query import words_query

            return self._results(words_query(self.text, self.language))
        except budget.OverBudget:
            raise
        except Exception:  # noqa: BLE001
            log.warning("query %r could not be run", self.text, exc_info=True)
            return None

    def _results(self, q: query.Query) -> Results:
        """The workspace and filters are applied first (their matches), then counted and faceted
        over the query's matches; only the page is ordered."""
        ranked = self.page.sort != "date" and not is_everything(self.text)
        found = self.postings.matches(q, scored=ranked)
        hits = found.mask & self._filtered(self.filters)
        counts = {}
        for name in self.facets:
            counted = hits
            if self.filters.value_of(name):  # a facet's counts leave its own filter out
                counted = found.mask & self._filtered(self.filters.without(name))
            counts[name] = _counts(self.postings.count(FACET_FIELDS[name], counted))
        total = int(np.count_nonzero(hits))
        suggestion = self._suggestion(total) if total < SUGGEST_BELOW else None
        return Results(total, self._page(q, found, hits, total, ranked), counts, suggestion)

    def _filtered(self, filters: Filters) -> np.ndarray:
        return self.postings.memo_filter((self.workspace.id, filters), lambda: self.postings.mask(
            filter_query(self.workspace.id, filters)))

    def _page(self, q: query.Query, found: Matches, hits: np.ndarray, total: int, ranked: bool) -> list[Hit]:
        size, number = self.page.size, self.page.number
        first = (number - 1) * size
        if first >= total:
            return []
        if ranked:
            page = self.postings.best(found, hits, number * size)[first:]
        else:  # newest first, undated last
            page = [(docnum, None) for docnum in self.postings.newest(hits, number * size)[first:]]
        terms = _matched_terms(q, self.searcher.reader())
        return [self._hit(docnum, score, terms) for docnum, score in page]

    def _hit(self, docnum: int, score: float | None, terms: set[tuple[str, str]]) -> Hit:
        stored = self.searcher.stored_fields(docnum)
        display = stored.get("display") or {}
        title, body = stored.get("title") or "", stored.get("body") or ""
        return Hit(key=stored["key"], type=stored["type"], id=stored["item_id"],
                   title=title or quote_title(body), snippet=self._snippet(body or title, terms),
                   score=round(score, 4) if isinstance(score, (int, float)) else None,
                   journey_id=display.get("journey_id"), step_id=display.get("step_id"),
                   snapshot_id=display.get("snapshot_id"),
                   date=from_day_number(int(self.postings.dates[docnum])),
                   scope=stored.get("scope", "live"), tags=tuple(display.get("tags", ())),
                   participant=display.get("participant"), phase_ids=tuple(display.get("phase_ids", ())),
                   first_date=_date(display.get("first_date")), snapshot_count=display.get("snapshot_count", 0))

    def _snippet(self, text: str, terms: set[tuple[str, str]]) -> str:
        # title, body and tags are analysed alike: one pass over the text for the three, one for fold
        names = text_fields(self.language)
        stemmed = {names[role] for role in ("title", "body", "tags")}
        return str(highlight(text, [
            (word_spans(self.language, fold=False), frozenset(t for name, t in terms if name in stemmed)),
            (word_spans(self.language, fold=True), frozenset(t for name, t in terms if name == names["fold"]))]))

    def _suggestion(self, total: int) -> str | None:
        if is_everything(self.text):
            return None
        better = corrected(self.text, self.searcher.reader(), self.language)
        if better is None:
            return None
        found = self.postings.mask(user_query(better, self.language)) & self._filtered(self.filters)
        return better if int(np.count_nonzero(found)) > total else None


def _positive_leaves(q: query.Query) -> Iterator[query.Query]:
    """The leaves a hit matched: not those under NOT."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_leaves(q.a)
    elif q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _positive_leaves(child)


def _matched_terms(q: query.Query, reader) -> set[tuple[str, str]]:
    """(field, term) the query looks for, prefixes expanded to the index's terms."""
    terms = set()
    for leaf in _positive_leaves(q):
        try:
            found = leaf.expanded_terms(reader, phrases=True)
        except Exception:  # noqa: BLE001 — no marks rather than no snippet
            found = leaf.terms(phrases=True) if leaf.has_terms() else ()
        terms.update((name, text.decode("utf-8") if isinstance(text, bytes) else text) for name, text in found)
    return terms


def _delete_keys(owner, keys: set[str]) -> None:
    """Mark deleted, in the segments ``owner`` commits, every document whose key is in ``keys``."""
    if not keys:
        return
    searcher = owner.searcher()
    reader = searcher.reader()
    for key in keys:
        if ("key", key) in reader:
            for docnum in searcher.docs_for_query(query.Term("key", key)):
                owner.delete_document(docnum)


def _counts(groups: dict) -> list[FacetCount]:
    counts: dict[str, int] = {}
    for key, count in groups.items():
        value = key.decode("utf-8") if isinstance(key, bytes) else key
        if value not in (None, ""):
            counts[str(value)] = counts.get(str(value), 0) + count
    return sorted((FacetCount(v, c) for v, c in counts.items()), key=lambda f: (-f.count, f.value))


def _format(generation: Path) -> str:
    try:
        return (generation / FORMAT).read_text().strip()
    except FileNotFoundError:
        return "1"


def _size(directory: Path) -> int:
    return sum(f.stat().st_size for f in directory.rglob("*") if f.is_file())


def _created_ns(generation: str) -> int:
    """When a generation ("g<time_ns>-<pid>") was made; 0 for anything else."""
    stamp = generation[1:].partition("-")[0]
    return int(stamp) if generation.startswith("g") and stamp.isdigit() else 0


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _fields(doc: Document) -> dict:
    names = text_fields(doc.language)
    text = analyse(doc.language, doc.title, doc.body, " ".join(doc.tags))
    display = {"tags": list(doc.tags), "participant": doc.participant, "journey_id": doc.journey_id,
               "step_id": doc.step_id, "snapshot_id": doc.snapshot_id, "phase_ids": list(doc.phase_ids),
               "first_date": doc.first_date.isoformat() if doc.first_date else None,
               "snapshot_count": doc.snapshot_count}
    values = {
        "key": doc.key, "workspace_id": doc.workspace_id, "scope": doc.scope, "item_id": doc.id, "type": doc.type,
        "participant": code_key(doc.participant) if doc.participant else None, "sentiment": doc.sentiment,
        "marker": doc.marker, "year": doc.year,
        "tag": SEPARATOR.join(doc.tag_keys), "journey": SEPARATOR.join(doc.journey_ids),
        "phase": SEPARATOR.join(doc.phase_ids), "step": SEPARATOR.join(doc.step_ids),
        "words": text.words, "date": day_number(doc.date), "title": doc.title, "body": doc.body,
        "display": display, "fingerprint": doc.fingerprint,
        "phrases": text.phrases.encode("utf-8"), "phrases_fold": text.phrases_fold.encode("utf-8"),
        names["title"]: text.title, names["body"]: text.body, names["tags"]: text.tags, names["fold"]: text.fold,
    }
    return {name: value for name, value in values.items() if value not in (None, "", b"", [])}
