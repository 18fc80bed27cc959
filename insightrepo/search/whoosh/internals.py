"""The private parts of Whoosh the search acceleration relies on, in one place.

Written against whoosh-reloaded 2.7.5 (pyproject.toml pins ``whoosh-reloaded>=2.7.5,<2.8``).
``whoosh_bulk`` writes Whoosh's W3 segment format itself and ``whoosh_matching`` reads its
posting blocks directly; both reach into objects whose attributes Whoosh does not promise to
keep. Every such access goes through a name defined here (a test scans the ``whoosh_*`` modules
for private attributes used anywhere else), so upgrading Whoosh means reading this file against
the new version — and running tests/search/test_whoosh_bulk.py, which holds the bulk writer's
segments to the ones Whoosh writes itself.

What it relies on, by Whoosh module:

``whoosh.codec.whoosh3``
    * ``W3Codec._blocklimit``, ``._compression``, ``._inlinelimit``: the codec's settings.
    * ``W3FieldWriter._postfile`` (the postings file), ``._tindex`` (the term index) and
      ``._fieldid`` (the current field's number, the first two bytes of a term index key).
    * ``W3TermInfo._minid``, ``._maxid``, ``._df``, ``._weight``, ``._maxweight``: a term's row.
    * ``W3LeafMatcher._byteids`` (ids kept inline), ``._data`` (the current block's ids, weights
      and values), ``._read_data()``, ``._blocklength``, ``._next_block()``.
    * ``_lenfield(fieldname)``: the per-document column holding a field's lengths.
``whoosh.reading``
    * ``SegmentReader._perdoc``: the per-document reader, where the length columns are.
``whoosh.writing``
    * ``SegmentWriter(_lk=False)``: a writer that does not take the index's lock.
    * ``SegmentWriter._check_state()``, ``._added``, and the hook ``_flush_segment()`` (overridden
      by ``SegmentWriterBase`` below, which calls ``flush_postings``).
    * ``SegmentWriter._finalize_segment()``, ``._close_segment()``, ``._commit_toc(segments)``,
      ``._finish()``: finishing a segment without committing, and committing several at once.
``whoosh.scoring``
    * ``BM25F._field_B``: per-field B values.

Not an attribute but the same kind of tie: a segment pickles its codec, so existing indexes
hold ``insightrepo.search.whoosh.schema.IndexCodec`` by module and class name — moving or
renaming that class makes them unreadable until rebuilt (``insightrepo search reindex``)."""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3TermInfo, _lenfield
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

WRITTEN_AGAINST = "2.7.5"  # the whoosh-reloaded version this module was read against
UNLOCKED = {"_lk": False}  # writer options: a writer that does not take the index's write lock


# ---- the codec ---------------------------------------------------------------------------------

def block_limit(codec: W3Codec) -> int:
    """Postings per block."""
    return codec._blocklimit


def compression_level(codec: W3Codec) -> int:
    """zlib level of the blocks' data (0: none)."""
    return codec._compression


def inline_limit(codec: W3Codec) -> int:
    """Posting lists shorter than this are kept inline in the term index instead of in blocks."""
    return codec._inlinelimit


def length_column(fieldname: str) -> str:
    """The per-document column holding each document's length in the field."""
    return _lenfield(fieldname)


# ---- writing a segment's postings --------------------------------------------------------------

def postings_file(field_writer):
    """The postings file a ``W3FieldWriter`` writes to."""
    return field_writer._postfile


def add_term(field_writer, term: bytes, info: W3TermInfo) -> None:
    """The term's row in the term index, for the field the writer is in."""
    field_writer._tindex.add(pack_ushort(field_writer._fieldid) + term, info.to_bytes())


def term_info(minid: int, maxid: int, df: int, weight: float, maxweight: float) -> W3TermInfo:
    """A term's row: first and last document, document frequency, total and largest weight
    (its extent is set by the caller with ``set_extent``)."""
    info = W3TermInfo()
    info._minid, info._maxid, info._df = minid, maxid, df
    info._weight, info._maxweight = weight, maxweight
    return info


class SegmentWriterBase(SegmentWriter):
    """A ``SegmentWriter`` whose subclass adds documents itself and writes the postings when the
    segment is flushed (``flush_postings``, in place of Whoosh's ``_flush_segment``)."""

    def check_state(self) -> None:
        """Raises if the writer is closed."""
        self._check_state()

    def mark_added(self) -> None:
        """Records that the segment has documents (so a commit writes it)."""
        self._added = True

    def flush_postings(self) -> None:
        raise NotImplementedError

    def _flush_segment(self) -> None:
        self.flush_postings()


def finish_segment(writer: SegmentWriter):
    """Closes the writer's segment and returns it, uncommitted."""
    return writer._finalize_segment()


def close_segment(writer: SegmentWriter) -> None:
    """Closes the writer's segment files, keeping nothing of it."""
    writer._close_segment()


def commit_segments(owner: SegmentWriter, segments: list) -> None:
    """Commits the index's segments and these new ones as the next generation, through ``owner``,
    which holds the write lock (and releases it)."""
    owner._close_segment()
    owner._commit_toc(owner.segments + segments)
    owner._finish()


# ---- reading -----------------------------------------------------------------------------------

def per_document_reader(reader):
    """A segment reader's per-document reader (where the length columns are)."""
    return reader._perdoc


def field_b(weighting) -> dict:
    """BM25F's per-field B values (none for another weighting)."""
    return getattr(weighting, "_field_B", {})


def ids_inline(matcher) -> bool:
    """Whether a W3 leaf matcher's ids are kept inline (not in blocks)."""
    return bool(matcher._byteids)


def current_block(matcher) -> tuple[object, object, int]:
    """The W3 leaf matcher's current block, read if it is not yet: (id deltas, weights, count)."""
    if matcher._data is None:
        matcher._read_data()
    return matcher._data[0], matcher._data[1], matcher._blocklength


def next_block(matcher) -> None:
    matcher._next_block()
