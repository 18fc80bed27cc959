"""Writing a whole Whoosh segment at once: what a rebuild (``replace_workspace``) writes with.

Whoosh's own writer hands every posting — one per distinct word per field per document, many
per quote — through several Python calls as it is added, then again as it is sorted and
written; that per-posting work was nearly all of a rebuild's time. ``BulkWriter`` is a Whoosh
``SegmentWriter`` that gathers a segment's postings field by field into flat arrays (a term
number, a document number and a frequency per posting), sorts them with numpy, and writes each
term's posting list a block at a time, in Whoosh's own format (``W3Codec``: the same header,
block info, delta-encoded ids, minimised weights, values, compression and term info), so any
Whoosh reader — and ``whoosh_matching`` — reads the segment as if Whoosh had written it. Stored
fields, columns and field lengths go through Whoosh's own per-document writer unchanged.

A field's terms come from the field itself (``terms(value)`` of the schema's field classes,
held to Whoosh's ``index()`` by a test); a field without that method is indexed by Whoosh's
``index()``. It writes new segments only: merging (``add_reader``) is left to Whoosh's writer.

``write_segments`` writes a rebuild's documents a segment at a time, the segments of a round in
parallel processes (fork) where the caller says forking is safe, and commits them together."""

from __future__ import annotations

import multiprocessing
import zlib
from array import array
from itertools import repeat
from pickle import dumps
from struct import pack
from typing import Callable, Iterable, Sequence, TypeVar

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec

from insightrepo.search.whoosh.internals import (
    UNLOCKED,
    SegmentWriterBase,
    add_term,
    block_limit,
    close_segment,
    commit_segments,
    compression_level,
    finish_segment,
    inline_limit,
    postings_file,
    term_info,
)

T = TypeVar("T")
Terms = dict  # term → frequency in one document's field
COMPRESS_FROM = 64  # bytes of a block's pickled data, below which it is written uncompressed


class _FieldPostings:
    """One field's postings in a segment, in the order documents were added."""

    __slots__ = ("numbers", "terms", "docs", "freqs")

    def __init__(self):
        self.numbers: dict[str, int] = {}  # term → its number here, in order of first use
        self.terms = array("I")  # per posting: the term's number
        self.docs = array("I")
        self.freqs = array("I")

    def add(self, docnum: int, terms: Terms) -> None:
        numbers = self.numbers
        self.terms.extend([numbers.setdefault(term, len(numbers)) for term in terms])
        self.freqs.extend(terms.values())
        self.docs.extend(repeat(docnum, len(terms)))

    def by_term(self, block_limit: int) -> Iterable[tuple[bytes, list[int], list[int], list[int]]]:
        """(term as UTF-8, document numbers, their deltas, frequencies) in the order Whoosh's term
        index keeps: by the term's bytes, each term's documents ascending. A delta is the
        document number's difference from the one before it in its block of ``block_limit``
        (the first of a block: the number itself), as Whoosh's blocks hold them."""
        names = [name.encode("utf-8") for name in self.numbers]
        order = sorted(range(len(names)), key=names.__getitem__)
        rank = np.empty(len(names), dtype=np.int64)
        rank[order] = np.arange(len(names))
        ranks = rank[np.frombuffer(self.terms, dtype=np.uint32)]
        postings = np.argsort(ranks, kind="stable")  # stable: documents stay in the order they came
        docs = np.frombuffer(self.docs, dtype=np.uint32)[postings].astype(np.int64)
        ends = np.cumsum(np.bincount(ranks, minlength=len(names)))
        starts = np.concatenate(([0], ends[:-1]))
        deltas = docs.copy()
        deltas[1:] -= docs[:-1]
        # a block starts at a term's first posting and every block_limit postings after it
        within = np.arange(len(docs)) - np.repeat(starts, ends - starts)
        block_starts = within % block_limit == 0
        deltas[block_starts] = docs[block_starts]
        docs_list, deltas_list = docs.tolist(), deltas.tolist()
        freqs_list = np.frombuffer(self.freqs, dtype=np.uint32)[postings].tolist()
        start = 0
        for number, end in zip(order, ends.tolist()):
            yield names[number], docs_list[start:end], deltas_list[start:end], freqs_list[start:end]
            start = end


class BulkWriter(SegmentWriterBase):
    """A ``SegmentWriter`` for new documents (``add_document``), its postings written from arrays
    when the segment is finished; it does not merge segments (``add_reader``). A document that
    fails half-added leaves its postings behind: the segment must then be given up, not finished."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        codec = self.codec
        if not isinstance(codec, W3Codec) or inline_limit(codec) > 1:
            raise ValueError("BulkWriter writes Whoosh's W3 format, postings never inlined")
        for name, field in self.schema.items():
            if field.indexed and not _writable_format(field.format):
                raise ValueError(f"BulkWriter cannot write the postings of field {name!r}")
        self._postings: dict[str, _FieldPostings] = {}

    def add_document(self, **fields) -> None:
        self.check_state()
        perdoc, schema, docnum = self.perdocwriter, self.schema, self.docnum
        perdoc.start_doc(docnum)
        try:
            for name, value in fields.items():
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    terms = _terms(field, value)
                    if terms:
                        postings = self._postings.get(name)
                        if postings is None:
                            postings = self._postings[name] = _FieldPostings()
                        postings.add(docnum, terms)
                        if field.scorable:
                            length = sum(terms.values())
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self.mark_added()
        self.docnum += 1

    def add_reader(self, reader):
        raise NotImplementedError("BulkWriter writes new documents only; merge with Whoosh's writer")

    def flush_postings(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(self._postings):
            field = self.schema[name]
            writer.start_field(name, field)
            fixed_size = field.format.fixed_value_size()
            for term, docs, deltas, freqs in self._postings[name].by_term(block_limit(self.codec)):
                _write_term(writer, self.codec, fixed_size, term, docs, deltas, freqs)
            writer.finish_field()
        self._postings.clear()
        writer.close()


def _writable_format(format_) -> bool:
    """Existence and Frequency postings (weight = frequency), which is all the schema has."""
    return type(format_) in (formats.Existence, formats.Frequency) and format_.field_boost == 1.0


def _terms(field, value) -> Terms:
    terms = getattr(field, "terms", None)
    found = terms(value) if terms is not None else None
    if found is not None:
        return found
    found = {}
    for tbytes, freq, weight, _ in field.index(value):
        if weight != freq:
            raise ValueError(f"field {field!r} weighs a term other than by its frequency")
        found[tbytes.decode("utf-8")] = freq
    return found


def _write_term(writer, codec: W3Codec, fixed_size: int | None, term: bytes, docs: list[int], deltas: list[int],
                freqs: list[int]) -> None:
    """One term's posting list, as ``W3PostingsWriter`` writes it, and its row in the term index.
    One difference: a block whose data pickles to fewer than COMPRESS_FROM bytes is left
    uncompressed (the block says so; readers honour it) — Whoosh means to do the same below 20
    bytes, but compresses anyway; compressing a one-posting block makes it longer."""
    postfile = postings_file(writer)
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    total, largest = 0.0, 0.0
    limit, level, count = block_limit(codec), compression_level(codec), len(docs)
    for first in range(0, count, limit):
        weights = freqs[first:first + limit]
        top = max(weights)
        if top == 1:
            mini_weights = None
        elif min(weights) == top:
            mini_weights = float(top)
        else:
            mini_weights = array("f", weights)
        values = pack(f"!{len(weights)}I", *weights) if fixed_size else None  # Frequency: pack_uint(freq) each
        # ids and weights as arrays, pickled (protocol 4) as their bytes: read back in place (whoosh_matching)
        data = dumps((array("I", deltas[first:first + limit]), mini_weights, values), 4)
        compression = level if len(data) >= COMPRESS_FROM else 0
        if compression:
            data = zlib.compress(data, compression)
        # (postings, last id, max weight, compression, min length byte, max length byte): lengths unkept
        block_info = dumps((len(weights), docs[min(first + limit, count) - 1], float(top), compression, 0, 0), 2)
        size = len(block_info) + len(data)
        postfile.write_int(-size if first + limit >= count else size)  # negative: the last block
        postfile.write(block_info)
        postfile.write(data)
        total += float(sum(weights))
        largest = max(largest, float(top))
    info = term_info(docs[0], docs[-1], len(docs), total, largest)
    info.set_extent(start, postfile.tell() - start)
    add_term(writer, term, info)


def write_segments(index, batches: Iterable[Sequence[T]], fields_of: Callable[[T], dict], processes: int,
                   writer_options: dict, written: Callable[[int], None] | None = None,
                   prepare: Callable[[BulkWriter], None] | None = None) -> int:
    """Write the items — ``fields_of`` makes each the fields ``add_document`` takes — each batch as
    ``processes`` segments written side by side, one by this process and the others by forked
    children, and commit them all at once, beside the index's existing segments. Returns the
    number of documents written; reports the number so far to ``written`` as it goes.
    ``prepare(owner)`` runs first with the writer that holds the lock and commits: deletions it
    makes there (``delete_document``) are committed in the same commit as the new segments."""
    owner = BulkWriter(index, **writer_options)  # holds the index's write lock until the commit
    segments, count = [], 0
    try:
        if prepare is not None:
            prepare(owner)
        for batch in batches:
            size = -(-len(batch) // processes)
            parts = [batch[first:first + size] for first in range(0, len(batch), size)]  # in order
            children = [_fork(index, part, fields_of, writer_options) for part in parts[1:] if part]
            writer = BulkWriter(index, **UNLOCKED, **writer_options)
            try:
                for item in parts[0]:
                    writer.add_document(**fields_of(item))
                    count += 1
                    if written and count % 500 == 0:
                        written(count)
                segments.append(finish_segment(writer))
                for (process, receive), part in zip(children, parts[1:]):
                    segments.append(_result(process, receive))
                    count += len(part)
            except BaseException:
                close_segment(writer)  # its files go with the generation the caller removes
                for process, _ in children:
                    process.kill()
                    process.join()
                raise
            if written:
                written(count)
    except BaseException:
        owner.cancel()
        raise
    commit_segments(owner, segments)
    return count


def _fork(index, part: Sequence[T], fields_of: Callable[[T], dict], writer_options: dict):
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_write_part, args=(index, part, fields_of, writer_options, send), daemon=True)
    process.start()
    send.close()
    return process, receive


def _write_part(index, part: Sequence[T], fields_of: Callable[[T], dict], writer_options: dict, send) -> None:
    try:
        writer = BulkWriter(index, **UNLOCKED, **writer_options)
        for item in part:
            writer.add_document(**fields_of(item))
        send.send(("segment", finish_segment(writer)))
    except BaseException as error:  # noqa: BLE001 — the parent raises it
        send.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        send.close()


def _result(process, receive):
    try:
        kind, value = receive.recv()
    except EOFError:
        kind, value = "error", "the writer process ended without a word"
    process.join()
    if kind != "segment":
        raise RuntimeError(f"writing part of the index failed: {value} (exit code {process.exitcode})")
    return value
