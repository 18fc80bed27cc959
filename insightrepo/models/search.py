"""The search outbox: index work written in the same transaction as the data it is about,
and applied to the search index after commit (insightrepo.search.sync)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from insightrepo.db import Base, utcnow

# The sequence must be a rowid alias on SQLite (INTEGER PRIMARY KEY) and 64-bit on PostgreSQL.
_SEQUENCE = BigInteger().with_variant(Integer(), "sqlite")


class SearchOutbox(Base):
    """One piece of index work: "quote 1f3e… changed", "snapshot 9ab0… was taken", "documents that
    name tag ‘pris’ need another look". It says *what* to look at, never the new content: the
    drainer reads the data as it is when it applies the row, so applying a row twice is harmless.

    ``kind`` is an item type (quote, narrative, job, step, journey, experiment), ``snapshot``,
    ``workspace`` (everything of the workspace: its language changed, or it was restored from a
    backup) or ``ref`` (``ref`` then reads ``tag:<key>``, ``participant:<code>``, ``step:<id>`` or
    ``phase:<id>``: the live documents that name it). ``workspace_id`` is empty only when the
    workspace of a deleted row could not be told."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(_SEQUENCE, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")


class SearchProgress(Base):
    """How far the index has caught up with a workspace's backlog: ``done`` outbox rows of the
    workspace applied since its outbox last was empty (what is still to do is the outbox itself).
    Written by the drainer in the transaction that deletes the rows it applied; removed when the
    workspace's outbox is empty again. The search page and API show it ("indexing N of M")."""

    __tablename__ = "search_progress"

    workspace_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---- the PostgreSQL search adapter's index (insightrepo.search.postgresql.index) ------------------
#
# Both tables exist on every database, so the schema is the same everywhere, but only the
# PostgreSQL adapter fills them: on SQLite they stay empty (the Whoosh index is used there). The
# search vector is a tsvector on PostgreSQL (text elsewhere), its index a GIN index; the index on
# search_words.word is a trigram GIN index when the pg_trgm extension could be installed.

_LIST = ARRAY(Text()).with_variant(JSON(), "sqlite")
_VECTOR = TSVECTOR().with_variant(Text(), "sqlite")


class SearchDocument(Base):
    """One search document (insightrepo.search.port.Document) of one workspace, with ``vector``:
    its words stemmed in the workspace language (title weight A, tags B, body C), the same words
    without accents (D), one ``=field:value`` lexeme per filter value and one ``=sample:N`` per
    sample it is in (large totals are estimated from them), so that the whole query — words,
    phrases, prefixes and field filters — is one tsquery on one GIN index."""

    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_vector", "vector", postgresql_using="gin"),
    )

    workspace_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))
    type: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(_LIST)
    tag_keys: Mapped[list[str]] = mapped_column(_LIST)
    participant: Mapped[str | None] = mapped_column(String(64))
    participant_key: Mapped[str | None] = mapped_column(String(64))
    sentiment: Mapped[str | None] = mapped_column(String(16))
    marker: Mapped[str | None] = mapped_column(String(16))
    year: Mapped[str | None] = mapped_column(String(4))
    journey_ids: Mapped[list[str]] = mapped_column(_LIST)
    phase_ids: Mapped[list[str]] = mapped_column(_LIST)
    step_ids: Mapped[list[str]] = mapped_column(_LIST)
    journey_id: Mapped[str | None] = mapped_column(String(32))
    step_id: Mapped[str | None] = mapped_column(String(32))
    snapshot_id: Mapped[str | None] = mapped_column(String(32))
    day: Mapped[date | None] = mapped_column(Date)  # the document's date
    first_day: Mapped[date | None] = mapped_column(Date)
    snapshot_count: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    words: Mapped[list[str]] = mapped_column(_LIST)  # every word as written, lower-cased, once
    vector: Mapped[str | None] = mapped_column(_VECTOR)


# A page of many hits by date, newest first (undated last), is read along this index (migration 0020;
# on SQLite, which has no NULLS LAST in an index, it is created without it: its search tables stay empty).
Index("ix_search_documents_day", SearchDocument.workspace_id, SearchDocument.scope,
      SearchDocument.day.desc().nulls_last(), SearchDocument.key)


class SearchWord(Base):
    """The words a workspace's documents use, as written (lower-cased), and in how many
    documents: where "did you mean" looks for a correction."""

    __tablename__ = "search_words"
    __table_args__ = (Index("ix_search_words_word", "word", postgresql_using="gin",
                            postgresql_ops={"word": "gin_trgm_ops"}),)

    workspace_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    word: Mapped[str] = mapped_column(String(200), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)
